package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iothubkb.plugins.http.EndpointsTest.assertProblem;
import static org.iothubkb.plugins.http.TestServers.json;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.iothubkb.core.api.KnowledgeBase;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, item 7: the events cap per session, malformed JSON with its position, the bearer token, and that no
 * route takes rule code. Slow clients are in {@link SlowClientsTest}, load in {@link LoadTest}.
 */
class HardeningTest {

    static final String TOKEN = "s3cr3t-t0ken-for-tests-only_0123456789";

    /** Every route the server has, with its method, and a session id to fill in. */
    static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/healthz"},
            new String[] {"POST", "/v1/diagnose"},
            new String[] {"POST", "/v1/sessions"},
            new String[] {"POST", "/v1/sessions/{id}/events"},
            new String[] {"GET", "/v1/sessions/{id}/diagnoses"},
            new String[] {"DELETE", "/v1/sessions/{id}"},
            new String[] {"GET", "/v1/catalog"},
            new String[] {"GET", "/v1/catalog/404104"});

    static DiagnosisServer start(ServerConfig.Builder b) throws IOException {
        DiagnosisServer server = new DiagnosisServer(b.port(0).build());
        server.start();
        return server;
    }

    static ServerConfig.Builder config(TestServers.Log log) {
        return ServerConfig.builder(KnowledgeBaseSource.fixed(TestServers.builtIns()), TestServers.parsers())
                .log(log.stream);
    }

    // -------------------------------------------------------------------------------------------------------
    // Events per session.

    @Test
    void aSessionTakesNoMoreEventsThanTheCapAndACallOverItTakesNone() throws IOException {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = start(config(log).maxEventsPerSession(5));
        try {
            TestServers.Client client = new TestServers.Client(server);
            List<String> lines = TestServers.exampleLines("reconnect-race.jsonl");
            String id = client.openSession();
            assertThat(json(client.post("/v1/sessions/" + id + "/events", String.join("\n", lines.subList(0, 4))))
                    .get("accepted").asInt()).isEqualTo(4);

            HttpResponse<String> over = client.post("/v1/sessions/" + id + "/events",
                    String.join("\n", lines.subList(4, 6)));
            assertProblem(over, 429, "too-many-events");
            JsonNode p = json(over);
            assertThat(p.get("limit").asText()).isEqualTo("maxEventsPerSession");
            assertThat(p.get("max").asLong()).isEqualTo(5);
            assertThat(p.get("taken").asLong()).isEqualTo(4);
            assertThat(p.get("detail").asText()).contains("[4]", "[2]", "[5]", id);

            // Exactly up to the cap is fine; the refused call left nothing behind.
            assertThat(client.post("/v1/sessions/" + id + "/events", lines.get(4)).statusCode()).isEqualTo(200);
            assertProblem(client.post("/v1/sessions/" + id + "/events", lines.get(5)), 429, "too-many-events");
            JsonNode report = json(client.delete("/v1/sessions/" + id));
            assertThat(report.get("summary").get("eventsAccepted").asInt()).isEqualTo(5);
            assertThat(json(client.get("/healthz")).get("maxEventsPerSession").asLong()).isEqualTo(5);
        } finally {
            server.stop();
        }
    }

    @Test
    void theSessionCapSaysWhichLimitAndItsFigure() throws IOException {
        DiagnosisServer server = start(config(new TestServers.Log()).maxOpenSessions(1));
        try {
            TestServers.Client client = new TestServers.Client(server);
            client.openSession();
            JsonNode p = json(client.post("/v1/sessions", ""));
            assertThat(p.get("status").asInt()).isEqualTo(429);
            assertThat(p.get("limit").asText()).isEqualTo("maxOpenSessions");
            assertThat(p.get("max").asInt()).isEqualTo(1);
        } finally {
            server.stop();
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // Malformed JSON.

    @Test
    void aSessionBodyThatIsNotJsonIs400WithTheLineAndColumn() throws IOException {
        DiagnosisServer server = start(config(new TestServers.Log()));
        try {
            TestServers.Client client = new TestServers.Client(server);
            HttpResponse<String> r = client.post("/v1/sessions", "{\n  \"maxLateness\": \"PT1M\",\n  oops\n}");
            assertProblem(r, 400, "malformed-json");
            JsonNode p = json(r);
            assertThat(p.get("line").asLong()).isEqualTo(3);
            assertThat(p.get("column").asLong()).isBetween(3L, 4L);
            assertThat(p.get("detail").asText()).contains("line 3, column " + p.get("column").asLong());

            HttpResponse<String> cut = client.post("/v1/sessions", "{\"maxLateness\": \"PT1M\"");
            assertProblem(cut, 400, "malformed-json");
            assertThat(json(cut).get("line").asLong()).isEqualTo(1);
            assertThat(json(cut).get("column").asLong()).isPositive();
            assertThat(server.sessions().count()).isZero();
        } finally {
            server.stop();
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // Bearer token.

    @Test
    void withATokenEveryRouteButTheHealthCheckIs401WithoutIt() throws IOException {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = start(config(log).bearerToken(TOKEN));
        try {
            TestServers.Client anonymous = new TestServers.Client(server);
            TestServers.Client wrong = new TestServers.Client(server, "Authorization", "Bearer " + TOKEN + "x");
            TestServers.Client basic = new TestServers.Client(server, "Authorization", "Basic " + TOKEN);
            TestServers.Client right = new TestServers.Client(server, "Authorization", "Bearer " + TOKEN);
            String id = right.openSession();
            List<String> lines = TestServers.exampleLines("reconnect-race.jsonl");
            for (String[] route : ROUTES) {
                String path = route[1].replace("{id}", id);
                if (path.equals("/healthz")) {
                    continue;
                }
                for (TestServers.Client refused : List.of(anonymous, wrong, basic)) {
                    HttpResponse<String> r = refused.send(route[0], path, body(route[0], lines.get(0)));
                    assertProblem(r, 401, "unauthorized");
                    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"iothub-kb\"");
                    assertThat(r.body()).doesNotContain(TOKEN);
                }
            }
            // None of the refused calls touched the session.
            assertThat(json(right.get("/v1/sessions/" + id + "/diagnoses")).get("diagnoses").size()).isZero();

            assertThat(json(anonymous.get("/healthz"))).hasSize(1);
            assertThat(json(anonymous.get("/healthz")).get("status").asText()).isEqualTo("ok");
            JsonNode health = json(right.get("/healthz"));
            assertThat(health.get("tokenRequired").asBoolean()).isTrue();
            assertThat(health.get("openSessions").asInt()).isEqualTo(1);

            assertThat(right.post("/v1/diagnose", lines.get(0)).statusCode()).isEqualTo(200);
            assertThat(right.get("/v1/catalog").statusCode()).isEqualTo(200);
            TestServers.Client lowerCase = new TestServers.Client(server, "Authorization", "bearer " + TOKEN);
            assertThat(lowerCase.get("/v1/catalog").statusCode()).isEqualTo(200);
            assertThat(right.delete("/v1/sessions/" + id).statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }
        assertThat(log.text()).doesNotContain(TOKEN);
    }

    @Test
    void withoutATokenNothingAsksForOne() throws IOException {
        DiagnosisServer server = start(config(new TestServers.Log()));
        try {
            TestServers.Client client = new TestServers.Client(server);
            assertThat(client.get("/v1/catalog").statusCode()).isEqualTo(200);
            assertThat(json(client.get("/healthz")).get("tokenRequired").asBoolean()).isFalse();
        } finally {
            server.stop();
        }
    }

    @Test
    void aWeakOrMalformedTokenIsRefusedWithoutRepeatingIt() {
        ServerConfig.Builder b = ServerConfig.builder(KnowledgeBaseSource.fixed(TestServers.builtIns()),
                TestServers.parsers());
        assertThatThrownBy(() -> b.bearerToken("short-secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> b.bearerToken("a token with spaces in it"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spaces")
                .hasMessageNotContaining("with spaces");
        ServerConfig c = b.bearerToken(TOKEN).build();
        assertThat(c.requiresToken()).isTrue();
        assertThat(c.toString()).contains("token=required").doesNotContain(TOKEN);
    }

    // -------------------------------------------------------------------------------------------------------
    // No rule code over HTTP.

    /** Bodies that are rules in one form or another; none of them may ever become a rule of the server. */
    static final List<String> RULE_BODIES = List.of(
            "package org.evil;\nrule \"999999 Evil: injected\" when then System.exit(1); end\n",
            "// comment first\nimport java.lang.Runtime;\nrule \"x\"\nwhen\nthen\nend\n",
            "/* block */ declare Evil end",
            "PK\u0003\u0004not-really-a-jar",
            "{\"rules\": \"package x; rule y when then end\"}",
            "{\"maxLateness\": \"PT1M\", \"drl\": \"rule x when then end\"}");

    @Test
    void noRouteTakesRuleCodeAndNoneCompilesRules() throws IOException {
        AtomicInteger reloads = new AtomicInteger();
        KnowledgeBase kb = TestServers.builtIns();
        KnowledgeBaseSource counting = new KnowledgeBaseSource() {
            @Override
            public KnowledgeBase current() {
                return kb;
            }

            @Override
            public void reload() {
                reloads.incrementAndGet();
            }
        };
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(counting, TestServers.parsers()).port(0)
                .log(new TestServers.Log().stream).build());
        server.start();
        try {
            TestServers.Client client = new TestServers.Client(server);
            String catalogueBefore = client.get("/v1/catalog").body();
            String id = client.openSession();
            List<String> answers = new ArrayList<>();
            for (String[] route : ROUTES) {
                String path = route[1].replace("{id}", id);
                for (String drl : RULE_BODIES) {
                    // Every body as plain text by POST; the first also by other methods and rule content types.
                    boolean all = drl.equals(RULE_BODIES.get(0));
                    for (String method : all ? List.of("POST", "PUT", "PATCH") : List.of("POST")) {
                        for (String type : all ? List.of("text/plain", "application/x-drl", "application/java-archive")
                                : List.of("text/plain")) {
                            HttpResponse<String> r = client.send(method, path,
                                    HttpRequest.BodyPublishers.ofString(drl), "Content-Type", type);
                            answers.add(method + " " + route[1] + " " + type + " -> " + r.statusCode());
                            if (r.statusCode() == 200) {
                                // Taken as log input at most: a record rejected or read, never a rule.
                                assertThat(path).as(answers.get(answers.size() - 1))
                                        .isIn("/v1/diagnose", "/v1/sessions/" + id + "/events");
                                assertThat(r.body()).doesNotContain("999999", "Evil");
                            } else {
                                assertThat(r.statusCode()).as(answers.get(answers.size() - 1)).isBetween(400, 499);
                            }
                        }
                    }
                }
            }
            // The DRL-looking bodies are 415 on every route that reads a body.
            assertProblem(client.post("/v1/diagnose", RULE_BODIES.get(0)), 415, "rules-not-accepted");
            assertProblem(client.post("/v1/sessions/" + id + "/events", RULE_BODIES.get(1)), 415,
                    "rules-not-accepted");
            assertThat(client.post("/v1/sessions", RULE_BODIES.get(0)).statusCode()).isEqualTo(400);
            assertThat(client.post("/v1/sessions", RULE_BODIES.get(5)).statusCode()).isEqualTo(400);

            assertThat(reloads).as("a request made the server rebuild its rules").hasValue(0);
            assertThat(client.get("/v1/catalog").body()).isEqualTo(catalogueBefore);
            assertProblem(client.get("/v1/catalog/999999"), 404, "unknown-code");
            assertThat(json(client.get("/healthz")).get("rules").asInt()).isEqualTo(kb.ruleCount());
        } finally {
            server.stop();
        }
    }

    /**
     * The server's own classes never reach for a rule compiler: no KIE API, no knowledge-base builder. Rules
     * come only from the {@link KnowledgeBaseSource} the server is given.
     */
    @Test
    void theServerClassesReferNoRuleCompiler() throws Exception {
        Path classes = Path.of(DiagnosisServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path f : files) {
            String constants = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(constants).as(f.getFileName().toString())
                    .doesNotContain("org/kie/", "org/drools/", "KnowledgeBase$Builder", "addRules");
        }
    }

    private static HttpRequest.BodyPublisher body(String method, String text) {
        return method.equals("POST") ? HttpRequest.BodyPublishers.ofString(text)
                : HttpRequest.BodyPublishers.noBody();
    }
}
