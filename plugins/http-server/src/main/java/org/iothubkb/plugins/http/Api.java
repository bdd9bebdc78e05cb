package org.iothubkb.plugins.http;

import java.io.IOException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParsingException;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.RuleFailureException;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.json.CatalogueJson;
import org.iothubkb.plugins.json.JsonReports;

/** Routes each request to its endpoint and turns every refusal into a problem response. */
final class Api implements HttpHandler {

    private static final String SESSIONS = "/v1/sessions";
    private static final String CATALOG = "/v1/catalog";
    /** How many rejections an events answer lists; the count is always exact. */
    static final int MAX_REJECTIONS_LISTED = DiagnosisSession.MAX_REJECTIONS_LISTED;
    private static final int MAX_SOURCE_LENGTH = 200;

    private final DiagnosisServer server;
    /** The SHA-256 of the bearer token, or {@code null} when none is required. */
    private final byte[] tokenHash;

    Api(DiagnosisServer server) {
        this.server = server;
        String token = server.config().bearerToken();
        this.tokenHash = token == null ? null : sha256(token);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            try {
                route(ex);
            } catch (HttpProblem p) {
                Responses.problem(ex, p);
            } catch (IOException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                RuleFailureException failed = ruleFailure(e);
                if (failed != null) {
                    // A session whose rules failed stays failed: it is dropped, and the caller is told why.
                    dropSession(ex);
                    server.config().getLog().println("iothub-kb: " + ex.getRequestMethod() + " "
                            + ex.getRequestURI().getPath() + ": " + DiagnosisServer.oneLine(failed.getMessage()));
                    Responses.problem(ex, HttpProblem.ruleFailed(failed));
                    return;
                }
                // The detail stays in the log: a stack trace tells a client nothing it can act on.
                server.config().getLog().println("iothub-kb: " + ex.getRequestMethod() + " "
                        + ex.getRequestURI().getPath() + " failed: " + DiagnosisServer.oneLine(String.valueOf(e)));
                Responses.problem(ex, HttpProblem.internal());
            }
        } finally {
            ex.close();
        }
    }

    /** The rule failure behind {@code e}, thrown directly or as the cause of a failed session's refusal. */
    private static RuleFailureException ruleFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RuleFailureException) {
                return (RuleFailureException) t;
            }
        }
        return null;
    }

    /** Forgets the session named in the request's path, if there is one. */
    private void dropSession(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith(SESSIONS + "/")) {
            String id = path.substring(SESSIONS.length() + 1).split("/", -1)[0];
            try {
                server.sessions().remove(id).close();
            } catch (HttpProblem | RuntimeException gone) {
                // already removed, or its close() repeats the failure being reported
            }
        }
    }

    private void route(HttpExchange ex) throws IOException, HttpProblem {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (!method.equals("POST")) {
            // Only POST bodies are read by the handlers: for the rest the request is in.
            ClientDeadlines.requestRead();
        }
        boolean authorized = authorized(ex);
        if (path.equals("/healthz")) {
            only(ex, "GET");
            health(ex, authorized);
            return;
        }
        if (!authorized) {
            throw HttpProblem.unauthorized(ex.getRequestHeaders().containsKey("Authorization")
                    ? "the bearer token does not match the server's: send the token from the server's --token-file"
                    : "this server requires a bearer token: send the header [Authorization: Bearer <token>] with"
                    + " the token from the server's --token-file");
        }
        if (path.equals("/v1/diagnose")) {
            only(ex, "POST");
            diagnose(ex);
        } else if (path.equals(SESSIONS)) {
            only(ex, "POST");
            openSession(ex);
        } else if (path.startsWith(SESSIONS + "/")) {
            String[] parts = path.substring(SESSIONS.length() + 1).split("/", -1);
            if (parts.length == 1 && !parts[0].isEmpty()) {
                only(ex, "DELETE");
                closeSession(ex, parts[0]);
            } else if (parts.length == 2 && parts[1].equals("events")) {
                only(ex, "POST");
                events(ex, parts[0]);
            } else if (parts.length == 2 && parts[1].equals("diagnoses")) {
                only(ex, "GET");
                diagnoses(ex, parts[0]);
            } else {
                throw unknownPath(method, path);
            }
        } else if (path.equals(CATALOG)) {
            only(ex, "GET");
            catalogue(ex);
        } else if (path.startsWith(CATALOG + "/") && path.indexOf('/', CATALOG.length() + 1) < 0
                && path.length() > CATALOG.length() + 1) {
            only(ex, "GET");
            code(ex, path.substring(CATALOG.length() + 1));
        } else {
            throw unknownPath(method, path);
        }
    }

    /** Whether the request may be served: no token is required, or it carries the right one. */
    private boolean authorized(HttpExchange ex) {
        if (tokenHash == null) {
            return true;
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // Digests of equal length, compared in full: the time taken says nothing about the token.
        return MessageDigest.isEqual(tokenHash, sha256(header.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static HttpProblem unknownPath(String method, String path) {
        return HttpProblem.notFound("no endpoint [" + method + " " + path + "]: see docs/server.md (POST"
                + " /v1/diagnose, /v1/sessions…, GET /v1/catalog, GET /healthz)");
    }

    private static void only(HttpExchange ex, String method) throws HttpProblem {
        if (!ex.getRequestMethod().equals(method)) {
            throw HttpProblem.methodNotAllowed(ex.getRequestMethod(), ex.getRequestURI().getPath(), method);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Endpoints.

    private void health(HttpExchange ex, boolean authorized) throws IOException, HttpProblem {
        query(ex, Set.of());
        if (!authorized) {
            // Open to probes without the token, but tells them no more than that the server is up.
            Responses.json(ex, 200, g -> g.writeStringField("status", "ok"));
            return;
        }
        KnowledgeBase kb = server.knowledgeBase();
        ServerConfig c = server.config();
        DiagnosisServer.ReloadOutcome last = server.lastReload();
        Responses.json(ex, 200, g -> {
            g.writeStringField("status", "ok");
            g.writeNumberField("rules", kb.ruleCount());
            g.writeNumberField("codes", kb.codes().size());
            g.writeStringField("language", kb.locale().toLanguageTag());
            g.writeStringField("rulesSince", server.rulesSince().toString());
            g.writeNumberField("openSessions", server.sessions().count());
            g.writeNumberField("maxOpenSessions", c.getMaxOpenSessions());
            g.writeNumberField("sessionIdleTimeoutSeconds", c.getSessionIdleTimeout().toSeconds());
            g.writeNumberField("maxBodyBytes", c.getMaxBodyBytes());
            g.writeNumberField("maxEventsPerSession", c.getMaxEventsPerSession());
            g.writeNumberField("clientTimeoutSeconds", c.getClientTimeout().toMillis() / 1000.0);
            g.writeNumberField("clientsCutOff", server.clientsCutOff());
            g.writeBooleanField("tokenRequired", c.requiresToken());
            g.writeBooleanField("reloadsOnChange", server.watching());
            // Said here so that whoever reads the health check knows what a reload does not do.
            g.writeBooleanField("openSessionsKeepTheirRules", true);
            g.writeFieldName("lastReload");
            if (last == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeStringField("time", last.time().toString());
                g.writeStringField("trigger", last.trigger());
                g.writeBooleanField("ok", last.ok());
                g.writeArrayFieldStart("problems");
                for (String p : last.problems()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
    }

    private void diagnose(HttpExchange ex) throws IOException, HttpProblem {
        Map<String, String> q = query(ex, Set.of("source", "maxLateness"));
        String source = source(q, "request");
        Duration lateness = q.containsKey("maxLateness") ? lateness(q.get("maxLateness"), "maxLateness")
                : server.config().getMaxLateness();
        Bodies.refuseRuleContentType(ex.getRequestHeaders());
        byte[] body = Bodies.read(ex, server.config().getMaxBodyBytes());
        DiagnosisSession session = server.knowledgeBase().newSession(
                SessionOptions.defaults().withMaxLateness(lateness));
        DiagnosisReport report;
        try {
            Bodies.parse(body, source, server.config().getParsers(), maxDecompressed(), session::submit,
                    (where, reason) -> session.reject(new Rejection(where, reason)));
        } finally {
            report = session.close();
        }
        Responses.send(ex, 200, Responses.JSON, out -> JsonReports.writeReport(report, out));
    }

    private void openSession(HttpExchange ex) throws IOException, HttpProblem {
        query(ex, Set.of());
        Bodies.refuseRuleContentType(ex.getRequestHeaders());
        byte[] body = Bodies.read(ex, server.config().getMaxBodyBytes());
        Duration lateness = server.config().getMaxLateness();
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
            JsonObject params = jsonObject(text);
            for (String name : params.keySet()) {
                if (!name.equals("maxLateness")) {
                    throw HttpProblem.badRequest("unknown session parameter [" + name + "]: the only one is"
                            + " [maxLateness]");
                }
            }
            JsonValue v = params.get("maxLateness");
            if (v != null && v.getValueType() != JsonValue.ValueType.NULL) {
                if (!(v instanceof JsonString)) {
                    throw HttpProblem.badRequest("[maxLateness] must be an ISO-8601 duration string such as"
                            + " \"PT2M\"");
                }
                lateness = lateness(((JsonString) v).getString(), "maxLateness");
            }
        }
        ServerSession s = server.sessions().open(server.knowledgeBase(), lateness);
        ex.getResponseHeaders().set("Location", SESSIONS + "/" + s.id());
        Responses.json(ex, 201, g -> {
            g.writeStringField("id", s.id());
            g.writeNumberField("expiresAfterIdleSeconds", server.config().getSessionIdleTimeout().toSeconds());
            g.writeStringField("maxLateness", s.maxLateness().toString());
        });
    }

    private void events(HttpExchange ex, String id) throws IOException, HttpProblem {
        ServerSession s = server.sessions().get(id);
        Map<String, String> q = query(ex, Set.of("source"));
        Bodies.refuseRuleContentType(ex.getRequestHeaders());
        byte[] body = Bodies.read(ex, server.config().getMaxBodyBytes());
        String source = source(q, "request-" + s.nextCall());
        List<LogEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        // Parsed in full before anything is submitted: a call that fails leaves the session as it was.
        Bodies.parse(body, source, server.config().getParsers(), maxDecompressed(), events::add,
                (where, reason) -> rejections.add(new Rejection(where, reason)));
        long max = server.config().getMaxEventsPerSession();
        switch (s.submit(events, rejections, max)) {
            case CLOSED:
                throw server.sessions().gone(id);
            case OVER_LIMIT:
                throw HttpProblem.tooManyEvents(id, s.eventsTaken(), events.size(), max);
            default:
                break;
        }
        Responses.json(ex, 200, g -> {
            g.writeNumberField("accepted", events.size());
            g.writeNumberField("rejected", rejections.size());
            g.writeArrayFieldStart("rejections");
            for (Rejection r : rejections.subList(0, Math.min(rejections.size(), MAX_REJECTIONS_LISTED))) {
                g.writeStartObject();
                g.writeStringField("source", r.getSource());
                g.writeStringField("reason", r.getReason());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private void diagnoses(HttpExchange ex, String id) throws IOException, HttpProblem {
        query(ex, Set.of());
        List<Diagnosis> finals = server.sessions().get(id).finalDiagnoses();
        Responses.json(ex, 200, g -> writeDiagnoses(g, finals));
    }

    private static void writeDiagnoses(JsonGenerator g, List<Diagnosis> diagnoses) throws IOException {
        g.writeArrayFieldStart("diagnoses");
        for (Diagnosis d : diagnoses) {
            JsonReports.writeDiagnosis(g, d);
        }
        g.writeEndArray();
    }

    private void closeSession(HttpExchange ex, String id) throws IOException, HttpProblem {
        query(ex, Set.of());
        DiagnosisReport report = server.sessions().remove(id).close();
        if (report == null) {
            throw server.sessions().gone(id);
        }
        Responses.send(ex, 200, Responses.JSON, out -> JsonReports.writeReport(report, out));
    }

    private void catalogue(HttpExchange ex) throws IOException, HttpProblem {
        query(ex, Set.of());
        List<CodeInfo> codes = server.knowledgeBase().codes();
        Responses.send(ex, 200, Responses.JSON, out -> CatalogueJson.writeCatalogue(codes, out));
    }

    private void code(HttpExchange ex, String code) throws IOException, HttpProblem {
        query(ex, Set.of());
        Optional<CodeInfo> info = server.knowledgeBase().code(code.trim());
        if (info.isEmpty()) {
            throw HttpProblem.unknownCode("the knowledge base knows no error code [" + code + "]: GET /v1/catalog"
                    + " lists the codes it knows");
        }
        Responses.send(ex, 200, Responses.JSON, out -> CatalogueJson.writeCode(info.get(), out));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parameters.

    private long maxDecompressed() {
        return server.config().getMaxBodyBytes() * ServerConfig.DECOMPRESSED_FACTOR;
    }

    /** The query parameters; 400 for one not in {@code allowed}, so that a misspelt one is not ignored. */
    static Map<String, String> query(HttpExchange ex, Set<String> allowed) throws HttpProblem {
        return query(ex.getRequestURI().getRawQuery(), allowed);
    }

    static Map<String, String> query(String raw, Set<String> allowed) throws HttpProblem {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest("the query is not valid URL encoding: [" + pair + "]");
            }
            if (!allowed.contains(name)) {
                throw HttpProblem.badRequest("unknown query parameter [" + name + "]"
                        + (allowed.isEmpty() ? ": this endpoint takes none" : ": use " + String.join(", ",
                        allowed.stream().sorted().toList())));
            }
            if (params.put(name, value) != null) {
                throw HttpProblem.badRequest("query parameter [" + name + "] given twice");
            }
        }
        return params;
    }

    /** The source name of the body's records: {@code ?source=}, checked, or {@code fallback}. */
    static String source(Map<String, String> q, String fallback) throws HttpProblem {
        String s = q.get("source");
        if (s == null) {
            return fallback;
        }
        if (s.isBlank() || s.length() > MAX_SOURCE_LENGTH || s.chars().anyMatch(Character::isISOControl)) {
            throw HttpProblem.badRequest("[source] must be 1 to " + MAX_SOURCE_LENGTH + " printable characters");
        }
        return s;
    }

    static Duration lateness(String text, String name) throws HttpProblem {
        Duration d;
        try {
            d = Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("[" + name + "] is not an ISO-8601 duration such as PT2M or PT90S: ["
                    + text + "]");
        }
        if (d.isNegative()) {
            throw HttpProblem.badRequest("[" + name + "] must not be negative: [" + text + "]");
        }
        return d;
    }

    private static JsonObject jsonObject(String text) throws HttpProblem {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            JsonValue v = r.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw HttpProblem.badRequest("the body must be a JSON object such as {\"maxLateness\":\"PT2M\"},"
                        + " or empty");
            }
            return v.asJsonObject();
        } catch (JsonParsingException e) {
            JsonLocation at = e.getLocation();
            throw HttpProblem.malformedJson("the session body", at == null ? 1 : at.getLineNumber(),
                    at == null ? 1 : at.getColumnNumber(), reason(e));
        } catch (JsonException e) {
            // No position known: say so rather than make one up.
            throw HttpProblem.badRequest("the session body is not valid JSON: " + reason(e));
        }
    }

    /** The parser's message without its own location, which the problem gives as line and column. */
    private static String reason(JsonException e) {
        String m = DiagnosisServer.oneLine(e.getMessage());
        return m.replaceAll("\\s*at \\(line no=.*?\\)", "");
    }
}
