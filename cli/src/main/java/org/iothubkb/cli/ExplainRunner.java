package org.iothubkb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.plugins.json.CatalogueJson;
import org.iothubkb.core.api.KnowledgeBase;

/** Runs {@code iothub-kb explain CODE}: what the knowledge base knows about one error code. */
final class ExplainRunner {

    /** How many near codes an unknown code's message suggests. */
    static final int SUGGESTIONS = 5;

    private final Invocation inv;
    private final Env env;

    ExplainRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /** @return the exit code */
    int run() throws InputException {
        KnowledgeBase kb = PluginSupport.knowledgeBase(inv, env, PluginSupport.load(inv, env));
        String query = inv.code().trim();
        Optional<CodeInfo> found = kb.code(query);
        List<CodeInfo> all = null;
        if (found.isEmpty()) {
            // Also accept the symbolic name, e.g. "explain LinkCreationConflict".
            all = kb.codes();
            found = all.stream().filter(c -> c.getName() != null && c.getName().equalsIgnoreCase(query)).findFirst();
        }
        if (found.isEmpty()) {
            env.err().println(unknownCodeMessage(query, all));
            env.err().println("Try 'iothub-kb list' for every known code.");
            return ExitCodes.USAGE_OR_INPUT;
        }
        try {
            if (inv.format() == Invocation.Format.JSON) {
                writeJson(found.get());
            } else {
                env.out().print(renderText(found.get(), Messages.forLocale(inv.locale())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    /** The one-line message for a code the knowledge base does not know, with the nearest known ones. */
    static String unknownCodeMessage(String query, List<CodeInfo> known) {
        List<String> codes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (CodeInfo c : known) {
            codes.add(c.getCode());
            names.add(c.getName());
        }
        List<String> near = NearestCodes.nearest(query, codes, names, SUGGESTIONS);
        return "iothub-kb: unknown error code [" + query + "]"
                + (near.isEmpty() ? "" : "; nearest known codes: " + String.join(", ", near));
    }

    private void writeJson(CodeInfo c) throws IOException {
        CatalogueJson.writeCode(c, env.out());
    }

    /** The explanation of one code as text. */
    static String renderText(CodeInfo c, Messages msg) {
        String in1 = "   ";
        String in2 = in1 + "   ";
        String in3 = in2 + "   ";
        StringBuilder sb = new StringBuilder();
        sb.append(c.getCode());
        if (c.getName() != null) {
            sb.append(' ').append(c.getName());
        }
        if (c.getAliasOf() != null) {
            sb.append(' ').append(msg.get("label.treatedAs", c.getAliasOf()));
        }
        sb.append('\n');
        List<String> facts = new ArrayList<>();
        if (c.getHttpStatus() != null) {
            facts.add(msg.get(c.isHttpStatusFromPrefix() ? "explain.httpInferred" : "explain.http",
                    c.getHttpStatus()));
        }
        if (c.getCategory() != null) {
            facts.add(msg.get("explain.category", c.getCategory()));
        }
        facts.add(msg.get("explain.family", c.getFamily()));
        sb.append(String.join(" \u00b7 ", facts)).append('\n');
        // The notes say why a fact is weaker or surprising, so nobody takes an inferred status as documented.
        if (c.getHttpStatus() != null && c.isHttpStatusFromPrefix()) {
            Text.wrap(sb, msg.get("explain.httpInferredNote", c.getHttpStatus()), "", "");
        }
        if (c.getAliasOf() != null) {
            Text.wrap(sb, msg.get("explain.aliasNote", c.getCode(), c.getAliasOf()), "", "");
        }
        sb.append('\n');
        if (c.getMeaning() != null && !c.getMeaning().isBlank()) {
            sb.append(msg.get("explain.meaning")).append('\n');
            Text.wrap(sb, c.getMeaning(), in1, in1);
        }
        if (!c.getSymptoms().isEmpty()) {
            sb.append(msg.get("explain.symptoms")).append('\n');
            for (String s : c.getSymptoms()) {
                Text.wrap(sb, s, in1 + "- ", in1 + "  ");
            }
        }
        if (!c.getCauses().isEmpty()) {
            sb.append(msg.get("explain.causes")).append('\n');
            int n = 1;
            for (CauseInfo cause : c.getCauses()) {
                String severity = cause.getSeverity() == null ? ""
                        : "[" + msg.get("severity." + cause.getSeverity().id().toLowerCase(Locale.ROOT)) + "] ";
                String number = n++ + ". ";
                Text.wrap(sb, severity + cause.getCause() + (cause.getTitle() == null ? "" : ": " + cause.getTitle()),
                        in1 + number, in2);
                if (cause.getConfidence() != null) {
                    Text.wrap(sb, msg.get("explain.confidence", msg.confidence(cause.getConfidence()),
                            msg.confidenceDefinition(cause.getConfidence())), in2, in2);
                }
                if (cause.getExplanation() != null && !cause.getExplanation().isBlank()) {
                    Text.wrap(sb, cause.getExplanation(), in2, in2);
                }
                if (!cause.getFixes().isEmpty()) {
                    sb.append(in2).append(msg.get("label.fix")).append('\n');
                    int f = 1;
                    for (String fix : cause.getFixes()) {
                        String fn = f++ + ". ";
                        Text.wrap(sb, fix, in3 + fn, in3 + " ".repeat(fn.length()));
                    }
                }
                if (!cause.getRules().isEmpty()) {
                    Text.wrap(sb, msg.get("explain.rules") + " " + String.join(", ", cause.getRules()), in2, in3);
                }
            }
        }
        if (!c.getRelated().isEmpty()) {
            sb.append(msg.get("explain.related")).append(' ').append(String.join(", ", c.getRelated())).append('\n');
        }
        if (!c.getReferences().isEmpty()) {
            sb.append(msg.get("explain.references")).append('\n');
            for (String r : c.getReferences()) {
                sb.append(in1).append(r).append('\n');
            }
        }
        return sb.toString();
    }
}
