package org.iothubkb.plugins.json;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import org.iothubkb.core.api.CodeInfo;

/**
 * Creates JSON generators and writes the small shapes the report, catalogue and server outputs share, so that
 * every interface writes a field the same way.
 */
public final class JsonOutput {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonOutput() {
    }

    /**
     * A UTF-8 generator on {@code out}, which it does not close; pretty-printed with a two-space indent if
     * {@code pretty}, else on one line.
     */
    public static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        if (pretty) {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            g.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(indenter)
                    .withArrayIndenter(indenter));
        }
        return g;
    }

    /** Writes {@code "name": value}, or {@code null}. */
    public static void string(JsonGenerator g, String name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    /** Writes {@code "name": "2024-05-01T10:00:00Z"} (ISO-8601, UTC), or {@code null}. */
    public static void time(JsonGenerator g, String name, Instant value) throws IOException {
        string(g, name, value == null ? null : value.toString());
    }

    /** Writes {@code "name": [strings]}; a {@code null} list is written as an empty array. */
    public static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        if (values != null) {
            for (String v : values) {
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(v);
                }
            }
        }
        g.writeEndArray();
    }

    /**
     * The fields that identify a code in {@code explain} and {@code list} JSON, in their contract order:
     * code, name, aliasOf, family, httpStatus, httpStatusFromPrefix, category.
     */
    public static void codeIdentity(JsonGenerator g, CodeInfo c) throws IOException {
        string(g, "code", c.getCode());
        string(g, "name", c.getName());
        string(g, "aliasOf", c.getAliasOf());
        string(g, "family", c.getFamily());
        string(g, "httpStatus", c.getHttpStatus());
        g.writeBooleanField("httpStatusFromPrefix", c.isHttpStatusFromPrefix());
        string(g, "category", c.getCategory());
    }
}
