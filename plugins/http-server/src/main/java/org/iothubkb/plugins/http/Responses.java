package org.iothubkb.plugins.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import org.iothubkb.plugins.json.JsonOutput;

/** Writes responses: whole bodies, built in memory first so that a failure can still become a problem. */
final class Responses {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    /** Writes a body to a stream. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes one JSON object with a generator. */
    @FunctionalInterface
    interface JsonFields {
        void write(JsonGenerator g) throws IOException;
    }

    private Responses() {
    }

    /** Sends {@code body} (written in full before anything is sent) with {@code status}. */
    static void send(HttpExchange ex, int status, String contentType, Body body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        body.writeTo(buffer);
        sendBytes(ex, status, contentType, buffer.toByteArray());
    }

    /** Sends one pretty-printed JSON object whose fields {@code fields} writes, then a newline. */
    static void json(HttpExchange ex, int status, JsonFields fields) throws IOException {
        send(ex, status, JSON, out -> object(out, fields));
    }

    /** Writes one pretty-printed JSON object, then a newline. */
    static void object(OutputStream out, JsonFields fields) throws IOException {
        try (JsonGenerator g = JsonOutput.generator(out, true)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        out.write('\n');
    }

    /** Sends an RFC 9457 problem. */
    static void problem(HttpExchange ex, HttpProblem p) throws IOException {
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            ex.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        send(ex, p.status(), PROBLEM_JSON, out -> object(out, g -> {
            g.writeStringField("type", p.type());
            g.writeStringField("title", p.title());
            g.writeNumberField("status", p.status());
            g.writeStringField("detail", p.detail());
            for (Map.Entry<String, Object> e : p.extensions().entrySet()) {
                if (e.getValue() instanceof Number) {
                    g.writeNumberField(e.getKey(), ((Number) e.getValue()).longValue());
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                }
            }
        }));
    }

    private static void sendBytes(HttpExchange ex, int status, String contentType, byte[] bytes)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        // Answers depend on the rules and on the session's state: never cached.
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ClientDeadlines.writing();
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
