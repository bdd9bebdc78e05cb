package org.iothubkb.plugins.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.iothubkb.core.api.RuleFailureException;

/**
 * A request the server refuses, answered as an RFC 9457 problem ({@code application/problem+json}). The
 * {@code type} of each kind is {@value #TYPE_PREFIX}{@code <kind>}, listed in {@code docs/server.md}.
 */
final class HttpProblem extends Exception {
    private static final long serialVersionUID = 1L;

    /** The prefix of every problem type URI. */
    static final String TYPE_PREFIX = "urn:iothub-kb:problem:";

    private final int status;
    private final String kind;
    private final String title;
    private final transient Map<String, String> headers = new LinkedHashMap<>();
    private final transient Map<String, Object> extensions = new LinkedHashMap<>();

    private HttpProblem(int status, String kind, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
    }

    static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "bad-request", "The request is not valid", detail);
    }

    static HttpProblem unreadableBody(String detail) {
        return new HttpProblem(400, "unreadable-body", "The request body cannot be read", detail);
    }

    /**
     * A JSON body the server reads itself (not a log body) that does not parse; {@code line} and {@code column}
     * (from 1) say where, in the detail and as members of the problem.
     */
    static HttpProblem malformedJson(String what, long line, long column, String reason) {
        HttpProblem p = new HttpProblem(400, "malformed-json", "The request body is not valid JSON",
                what + " is not valid JSON at line " + line + ", column " + column + ": " + reason);
        p.extensions.put("line", line);
        p.extensions.put("column", column);
        return p;
    }

    static HttpProblem unauthorized(String detail) {
        HttpProblem p = new HttpProblem(401, "unauthorized", "A bearer token is required", detail);
        p.headers.put("WWW-Authenticate", "Bearer realm=\"iothub-kb\"");
        return p;
    }

    static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "not-found", "Not found", detail);
    }

    static HttpProblem noSuchSession(String detail) {
        return new HttpProblem(404, "no-such-session", "No such session", detail);
    }

    static HttpProblem unknownCode(String detail) {
        return new HttpProblem(404, "unknown-code", "Unknown error code", detail);
    }

    static HttpProblem methodNotAllowed(String method, String path, String allow) {
        HttpProblem p = new HttpProblem(405, "method-not-allowed", "Method not allowed",
                "[" + method + " " + path + "] is not supported: use " + allow);
        p.headers.put("Allow", allow);
        return p;
    }

    static HttpProblem bodyTooLarge(String detail) {
        HttpProblem p = new HttpProblem(413, "body-too-large", "The request body is too large", detail);
        // The rest of the body was not read: the connection cannot carry another request.
        p.headers.put("Connection", "close");
        return p;
    }

    static HttpProblem rulesNotAccepted(String detail) {
        return new HttpProblem(415, "rules-not-accepted", "Rules are never accepted over HTTP",
                detail + ". Rules are code: this server runs only the rules it was started with (serve --rules"
                        + " DIR), never rules sent in a request. Send log records or event facts instead.");
    }

    static HttpProblem tooManySessions(int max) {
        HttpProblem p = new HttpProblem(429, "too-many-sessions", "Too many open sessions",
                "[" + max + "] sessions are open, the most this server allows: close one (DELETE"
                        + " /v1/sessions/{id}) or wait until an idle one expires");
        p.extensions.put("limit", "maxOpenSessions");
        p.extensions.put("max", max);
        p.headers.put("Retry-After", "30");
        return p;
    }

    /** A session that has taken {@code taken} events cannot take {@code more}: past {@code max}. */
    static HttpProblem tooManyEvents(String id, long taken, long more, long max) {
        HttpProblem p = new HttpProblem(429, "too-many-events", "Too many events for one session",
                "session [" + id + "] has taken [" + taken + "] events and this call brings [" + more + "] more,"
                        + " past the server's limit of [" + max + "] events per session: none of this call was"
                        + " taken; close the session (DELETE /v1/sessions/{id}) and go on in a new one");
        p.extensions.put("limit", "maxEventsPerSession");
        p.extensions.put("max", max);
        p.extensions.put("taken", taken);
        return p;
    }

    /**
     * A rule's consequence threw: a defect in the server's rules, named so their author can find it. The session it
     * happened in is closed; its conclusions so far are not a complete answer, so none are given.
     */
    static HttpProblem ruleFailed(RuleFailureException e) {
        HttpProblem p = new HttpProblem(500, "rule-failed", "A rule failed while running", e.getMessage()
                + "; the session is closed, its report would be incomplete");
        p.extensions.put("rule", e.getRuleName());
        if (e.getRuleFile() != null) {
            p.extensions.put("ruleFile", e.getRuleFile());
        }
        p.extensions.put("sources", String.join(", ", e.getSources()));
        return p;
    }

    static HttpProblem internal() {
        return new HttpProblem(500, "internal-error", "Internal server error",
                "the server failed unexpectedly; its log says why");
    }

    int status() {
        return status;
    }

    String type() {
        return TYPE_PREFIX + kind;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    /** Extra members of the problem object (RFC 9457 extensions): numbers or strings. */
    Map<String, Object> extensions() {
        return extensions;
    }

    /** Extra response headers, e.g. {@code Allow} for 405. */
    Map<String, String> headers() {
        return headers;
    }
}
