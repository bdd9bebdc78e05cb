package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.EndpointsTest.assertProblem;
import static org.iothubkb.plugins.http.TestServers.json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** Session limits, expiry, unexpected failures and the default address. */
class LimitsTest {

    @Test
    void sessionsAreCappedAndIdleOnesExpire() throws Exception {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(
                        KnowledgeBaseSource.fixed(TestServers.builtIns()), TestServers.parsers())
                .port(0).maxOpenSessions(2).sessionIdleTimeout(Duration.ofMillis(600)).log(log.stream).build());
        server.start();
        try {
            TestServers.Client client = new TestServers.Client(server);
            String first = client.openSession();
            client.openSession();
            HttpResponse<String> third = client.post("/v1/sessions", "");
            assertProblem(third, 429, "too-many-sessions");
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(client.get("/healthz")).get("openSessions").asInt()).isEqualTo(2);

            // Kept alive by use: a request resets the idle clock.
            for (int i = 0; i < 4; i++) {
                Thread.sleep(250);
                assertThat(client.get("/v1/sessions/" + first + "/diagnoses").statusCode()).isEqualTo(200);
            }
            waitUntil(() -> json(client.get("/healthz")).get("openSessions").asInt() == 1, Duration.ofSeconds(5));
            waitUntil(() -> json(client.get("/healthz")).get("openSessions").asInt() == 0, Duration.ofSeconds(5));
            assertProblem(client.get("/v1/sessions/" + first + "/diagnoses"), 404, "no-such-session");
            assertThat(client.post("/v1/sessions", "").statusCode()).isEqualTo(201);
            assertThat(log.text()).contains("expired after");
        } finally {
            server.stop();
        }
    }

    @Test
    void anUnexpectedFailureIs500WithoutTheStackTrace() throws IOException {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(KnowledgeBaseSource.fixed(new Broken()),
                TestServers.parsers()).port(0).log(log.stream).build());
        server.start();
        try {
            HttpResponse<String> r = new TestServers.Client(server).get("/v1/catalog");
            assertProblem(r, 500, "internal-error");
            assertThat(r.body()).doesNotContain("secret detail", "at org.", "Exception");
            assertThat(log.text()).contains("GET /v1/catalog failed", "secret detail");
        } finally {
            server.stop();
        }
    }

    @Test
    void bindsToLoopbackUnlessToldOtherwise() throws IOException {
        ServerConfig defaults = ServerConfig.builder(KnowledgeBaseSource.fixed(new Broken()), TestServers.parsers())
                .build();
        assertThat(defaults.getBindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.getPort()).isEqualTo(8080);
        assertThat(defaults.getMaxBodyBytes()).isEqualTo(10L << 20);
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(KnowledgeBaseSource.fixed(new Broken()),
                TestServers.parsers()).port(0).build());
        server.start();
        try {
            assertThat(server.address().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        } finally {
            server.stop();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check check, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not true within " + limit);
            }
            Thread.sleep(50);
        }
    }

    /** A knowledge base that fails whatever it is asked. */
    static final class Broken implements KnowledgeBase {
        @Override
        public DiagnosisSession newSession(SessionOptions options) {
            throw new IllegalStateException("secret detail");
        }

        @Override
        public List<CodeInfo> codes() {
            throw new IllegalStateException("secret detail");
        }

        @Override
        public Optional<CodeInfo> code(String code) {
            throw new IllegalStateException("secret detail");
        }

        @Override
        public Locale locale() {
            return Locale.ENGLISH;
        }

        @Override
        public int ruleCount() {
            return 0;
        }
    }
}
