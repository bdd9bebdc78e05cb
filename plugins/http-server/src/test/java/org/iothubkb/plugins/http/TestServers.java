package org.iothubkb.plugins.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.spi.EventParser;

/** A real knowledge base, built once per test JVM, and a small HTTP client for servers on loopback. */
final class TestServers {

    static final ObjectMapper JSON = new ObjectMapper();

    private static KnowledgeBase builtIns;

    private TestServers() {
    }

    /** The built-in rules, in English; built once, shared (a knowledge base is thread-safe). */
    static synchronized KnowledgeBase builtIns() {
        if (builtIns == null) {
            builtIns = KnowledgeBase.builder().build();
        }
        return builtIns;
    }

    /** The parsers on the test class path, in ServiceLoader order, as the CLI loads them. */
    static List<EventParser> parsers() {
        List<EventParser> parsers = new ArrayList<>();
        ServiceLoader.load(EventParser.class).forEach(parsers::add);
        return parsers;
    }

    /** A file of the repository's examples folder. */
    static Path example(String name) {
        return Path.of(System.getProperty("iothubkb.examples", "../../examples")).resolve(name);
    }

    static byte[] exampleBytes(String name) {
        try {
            return Files.readAllBytes(example(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The non-blank lines of an example. */
    static List<String> exampleLines(String name) {
        List<String> out = new ArrayList<>();
        for (String l : new String(exampleBytes(name), StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    /** A log sink a test can read. */
    static final class Log {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** A client for one server. */
    static final class Client {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String[] always;

        Client(DiagnosisServer server) {
            this(server, new String[0]);
        }

        /** A client that sends {@code headers} (name, value, …) with every request, e.g. a bearer token. */
        Client(DiagnosisServer server, String... headers) {
            this.base = "http://127.0.0.1:" + server.port();
            this.always = headers.clone();
        }

        HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body);
            if (always.length > 0) {
                b.headers(always);
            }
            if (headers.length > 0) {
                b.headers(headers);
            }
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> get(String path) {
            return send("GET", path, HttpRequest.BodyPublishers.noBody());
        }

        HttpResponse<String> delete(String path) {
            return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
        }

        HttpResponse<String> post(String path, byte[] body, String... headers) {
            return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
        }

        HttpResponse<String> post(String path, String body, String... headers) {
            return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** Opens a session and returns its id. */
        String openSession() {
            HttpResponse<String> r = post("/v1/sessions", "");
            if (r.statusCode() != 201) {
                throw new AssertionError("opening a session answered " + r.statusCode() + ": " + r.body());
            }
            return json(r).get("id").asText();
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
