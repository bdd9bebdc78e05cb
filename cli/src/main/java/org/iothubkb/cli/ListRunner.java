package org.iothubkb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.KnowledgeBase;

/** Runs {@code iothub-kb list}: every error code the knowledge base knows. */
final class ListRunner {

    private final Invocation inv;
    private final Env env;

    ListRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /** @return the exit code */
    int run() {
        KnowledgeBase kb = env.kbFactory().apply(inv.locale());
        List<CodeInfo> codes = kb.codes();
        try {
            if (inv.format() == Invocation.Format.JSON) {
                writeJson(codes);
            } else {
                env.out().print(renderText(codes, Messages.forLocale(inv.locale())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    private void writeJson(List<CodeInfo> codes) throws IOException {
        try (JsonGenerator g = Json.generator(env.out(), true)) {
            g.writeStartObject();
            g.writeArrayFieldStart("codes");
            for (CodeInfo c : codes) {
                g.writeStartObject();
                Json.string(g, "code", c.getCode());
                Json.string(g, "name", c.getName());
                Json.string(g, "httpStatus", c.getHttpStatus());
                Json.string(g, "category", c.getCategory());
                Json.strings(g, "causes", causeIds(c));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        env.out().write('\n');
    }

    private static List<String> causeIds(CodeInfo c) {
        List<String> ids = new ArrayList<>();
        for (CauseInfo cause : c.getCauses()) {
            ids.add(cause.getCause());
        }
        return ids;
    }

    /** The family of a code: its first three digits, e.g. {@code 401xxx}. */
    static String family(String code) {
        return code != null && code.length() >= 3 ? code.substring(0, 3) + "xxx" : String.valueOf(code);
    }

    /** Every code as text, grouped by family, in the knowledge base's order. */
    static String renderText(List<CodeInfo> codes, Messages msg) {
        int nameWidth = 0;
        int httpWidth = 0;
        int categoryWidth = 0;
        for (CodeInfo c : codes) {
            nameWidth = Math.max(nameWidth, length(c.getName()));
            httpWidth = Math.max(httpWidth, length(c.getHttpStatus()));
            categoryWidth = Math.max(categoryWidth, length(c.getCategory()));
        }
        List<CodeInfo> sorted = new ArrayList<>(codes);
        // Group by family, keeping the knowledge base's (code) order within each.
        sorted.sort((a, b) -> family(a.getCode()).compareTo(family(b.getCode())));
        StringBuilder sb = new StringBuilder();
        String family = null;
        for (CodeInfo c : sorted) {
            String f = family(c.getCode());
            if (!f.equals(family)) {
                if (family != null) {
                    sb.append('\n');
                }
                sb.append(f).append('\n');
                family = f;
            }
            StringBuilder line = new StringBuilder("   ")
                    .append(pad(c.getCode(), 6)).append("  ")
                    .append(pad(c.getName(), nameWidth)).append("  ")
                    .append(pad(c.getHttpStatus(), httpWidth)).append("  ")
                    .append(pad(c.getCategory(), categoryWidth)).append("  ")
                    .append(String.join(", ", causeIds(c)));
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        if (!sorted.isEmpty()) {
            sb.append('\n');
        }
        sb.append(msg.get("list.count", codes.size())).append('\n');
        return sb.toString();
    }

    private static int length(String s) {
        return s == null ? 1 : s.length();
    }

    private static String pad(String s, int width) {
        String v = s == null ? "-" : s;
        return v.length() >= width ? v : v + " ".repeat(width - v.length());
    }
}
