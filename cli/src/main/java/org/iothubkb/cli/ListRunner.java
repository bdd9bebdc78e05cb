package org.iothubkb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.plugins.json.CatalogueJson;
import org.iothubkb.core.api.KnowledgeBase;

/** Runs {@code iothub-kb list}: every error code the knowledge base knows, by family. */
final class ListRunner {

    /** Marks an HTTP status that is only inferred from the code's first three digits. */
    static final String INFERRED_MARK = "*";

    private static final String INDENT = "   ";
    private static final String GAP = "  ";

    private final Invocation inv;
    private final Env env;

    ListRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /** @return the exit code */
    int run() throws InputException {
        KnowledgeBase kb = PluginSupport.knowledgeBase(inv, env, PluginSupport.load(inv, env));
        Map<String, List<CodeInfo>> families = Families.group(kb.codes());
        try {
            if (inv.format() == Invocation.Format.JSON) {
                writeJson(families);
            } else {
                env.out().print(renderText(families, Messages.forLocale(inv.locale())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    private void writeJson(Map<String, List<CodeInfo>> families) throws IOException {
        List<CodeInfo> codes = new ArrayList<>();
        families.values().forEach(codes::addAll);
        CatalogueJson.writeCatalogue(codes, env.out());
    }

    static List<String> causeIds(CodeInfo c) {
        List<String> ids = new ArrayList<>();
        for (CauseInfo cause : c.getCauses()) {
            ids.add(cause.getCause());
        }
        return ids;
    }

    /** Every code as text: a column header, then per family a heading with its count and one line per code. */
    static String renderText(List<CodeInfo> codes, Messages msg) {
        return renderText(Families.group(codes), msg);
    }

    private static String renderText(Map<String, List<CodeInfo>> families, Messages msg) {
        // One width for the whole list, not per family: columns line up down all ~170 lines.
        int nameWidth = msg.get("list.column.name").length();
        int httpWidth = msg.get("list.column.http").length();
        int codeWidth = Math.max(6, msg.get("list.column.code").length());
        boolean anyInferred = false;
        int total = 0;
        for (List<CodeInfo> codes : families.values()) {
            for (CodeInfo c : codes) {
                nameWidth = Math.max(nameWidth, value(c.getName()).length());
                httpWidth = Math.max(httpWidth, http(c).length());
                codeWidth = Math.max(codeWidth, value(c.getCode()).length());
                anyInferred |= c.getHttpStatus() != null && c.isHttpStatusFromPrefix();
                total++;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (total > 0) {
            sb.append((INDENT + pad(msg.get("list.column.code"), codeWidth) + GAP
                    + pad(msg.get("list.column.name"), nameWidth) + GAP
                    + pad(msg.get("list.column.http"), httpWidth) + GAP
                    + msg.get("list.column.causes")).stripTrailing()).append('\n');
        }
        for (Map.Entry<String, List<CodeInfo>> f : families.entrySet()) {
            sb.append('\n');
            String title = Families.title(f.getKey(), msg);
            sb.append(msg.get("list.family", f.getKey(), title == null ? "" : " \u00b7 " + title,
                    f.getValue().size())).append('\n');
            for (CodeInfo c : f.getValue()) {
                String prefix = INDENT + pad(value(c.getCode()), codeWidth) + GAP + pad(value(c.getName()), nameWidth)
                        + GAP + pad(http(c), httpWidth) + GAP;
                String causes = String.join(", ", causeIds(c));
                if (c.getAliasOf() != null) {
                    causes += " " + msg.get("label.treatedAs", c.getAliasOf());
                }
                // Long cause lists wrap under the causes column, so the code column stays clear for scanning.
                Text.wrap(sb, causes.isEmpty() ? "-" : causes, prefix, " ".repeat(prefix.length()));
            }
        }
        sb.append('\n');
        if (anyInferred) {
            sb.append(msg.get("list.inferred", INFERRED_MARK)).append('\n');
        }
        sb.append(msg.get("list.count", total, families.size())).append('\n');
        return sb.toString();
    }

    /** The HTTP column: the status, marked when it is only inferred from the code. */
    private static String http(CodeInfo c) {
        if (c.getHttpStatus() == null) {
            return "-";
        }
        return c.isHttpStatusFromPrefix() ? c.getHttpStatus() + INFERRED_MARK : c.getHttpStatus();
    }

    private static String value(String s) {
        return s == null ? "-" : s;
    }

    private static String pad(String v, int width) {
        return v.length() >= width ? v : v + " ".repeat(width - v.length());
    }
}
