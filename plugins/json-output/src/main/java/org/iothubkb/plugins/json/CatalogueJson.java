package org.iothubkb.plugins.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;

/**
 * Writes what the rules know as JSON: the catalogue ({@code list --format json}, {@code GET /v1/catalog}) and one
 * code ({@code explain CODE --format json}, {@code GET /v1/catalog/{code}}). Field names and order are a contract,
 * as for {@link JsonReports}.
 */
public final class CatalogueJson {

    private CatalogueJson() {
    }

    /** Writes {@code {"codes":[…], "families":[…]}} in catalogue order, pretty-printed, then a newline. */
    public static void writeCatalogue(Collection<CodeInfo> codes, OutputStream out) throws IOException {
        Map<String, List<CodeInfo>> families = CodeInfo.byFamily(codes);
        try (JsonGenerator g = JsonOutput.generator(out, true)) {
            g.writeStartObject();
            g.writeArrayFieldStart("codes");
            for (List<CodeInfo> family : families.values()) {
                for (CodeInfo c : family) {
                    g.writeStartObject();
                    JsonOutput.codeIdentity(g, c);
                    JsonOutput.strings(g, "causes", causeIds(c));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("families");
            for (Map.Entry<String, List<CodeInfo>> f : families.entrySet()) {
                g.writeStartObject();
                JsonOutput.string(g, "family", f.getKey());
                g.writeNumberField("count", f.getValue().size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** Writes everything known about one code, pretty-printed, then a newline. */
    public static void writeCode(CodeInfo c, OutputStream out) throws IOException {
        try (JsonGenerator g = JsonOutput.generator(out, true)) {
            g.writeStartObject();
            JsonOutput.codeIdentity(g, c);
            JsonOutput.string(g, "meaning", c.getMeaning());
            JsonOutput.strings(g, "symptoms", c.getSymptoms());
            g.writeArrayFieldStart("causes");
            for (CauseInfo cause : c.getCauses()) {
                g.writeStartObject();
                JsonOutput.string(g, "cause", cause.getCause());
                JsonOutput.string(g, "severity", cause.getSeverity() == null ? null : cause.getSeverity().id());
                JsonOutput.string(g, "confidence",
                        cause.getConfidence() == null ? null : cause.getConfidence().id());
                JsonOutput.string(g, "title", cause.getTitle());
                JsonOutput.string(g, "explanation", cause.getExplanation());
                JsonOutput.strings(g, "fixes", cause.getFixes());
                JsonOutput.strings(g, "rules", cause.getRules());
                g.writeEndObject();
            }
            g.writeEndArray();
            JsonOutput.strings(g, "related", c.getRelated());
            JsonOutput.strings(g, "references", c.getReferences());
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** The ids of a code's causes, in the order {@code explain} shows them. */
    public static List<String> causeIds(CodeInfo c) {
        List<String> ids = new ArrayList<>();
        for (CauseInfo cause : c.getCauses()) {
            ids.add(cause.getCause());
        }
        return ids;
    }
}
