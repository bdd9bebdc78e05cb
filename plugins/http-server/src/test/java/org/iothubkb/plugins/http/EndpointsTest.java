package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.TestServers.json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.InputFormats;
import org.iothubkb.plugins.json.CatalogueJson;
import org.iothubkb.plugins.json.JsonReports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint and every refusal, over real HTTP on loopback, with the real rules and parser. */
class EndpointsTest {

    static final int BODY_CAP = 16 * 1024;
    static final String RACE = "reconnect-race.jsonl";

    static DiagnosisServer server;
    static TestServers.Client client;
    static TestServers.Log log = new TestServers.Log();

    @BeforeAll
    static void start() throws IOException {
        server = new DiagnosisServer(ServerConfig.builder(KnowledgeBaseSource.fixed(TestServers.builtIns()),
                        TestServers.parsers())
                .port(0).maxBodyBytes(BODY_CAP).log(log.stream).build());
        server.start();
        client = new TestServers.Client(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** What the CLI's diagnose --format json writes for one input named {@code source}. */
    static String directReport(byte[] body, String source) throws IOException {
        DiagnosisSession session = TestServers.builtIns().newSession();
        var in = InputFormats.decompressed(new ByteArrayInputStream(body));
        InputFormats.pick(TestServers.parsers(), InputFormats.head(in)).parse(in, source, session::submit,
                (where, reason) -> session.reject(new Rejection(where, reason)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeReport(session.close(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static void assertProblem(HttpResponse<String> r, int status, String kind) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("type").asText()).isEqualTo("urn:iothub-kb:problem:" + kind);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    void healthSaysWhatIsLoadedAndThatOpenSessionsKeepTheirRules() {
        HttpResponse<String> r = client.get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode h = json(r);
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("rules").asInt()).isEqualTo(TestServers.builtIns().ruleCount());
        assertThat(h.get("codes").asInt()).isEqualTo(TestServers.builtIns().codes().size());
        assertThat(h.get("openSessions").isInt()).isTrue();
        assertThat(h.get("maxBodyBytes").asLong()).isEqualTo(BODY_CAP);
        assertThat(h.get("openSessionsKeepTheirRules").asBoolean()).isTrue();
        assertThat(h.get("reloadsOnChange").asBoolean()).isFalse();
        assertThat(h.get("lastReload").isNull()).isTrue();
    }

    @Test
    void diagnoseAnswersWhatDiagnoseFormatJsonWrites() throws IOException {
        byte[] body = TestServers.exampleBytes(RACE);
        HttpResponse<String> named = client.post("/v1/diagnose?source=examples/" + RACE, body);
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).isEqualTo(directReport(body, "examples/" + RACE));

        HttpResponse<String> unnamed = client.post("/v1/diagnose", body);
        assertThat(unnamed.body()).isEqualTo(directReport(body, "request"));
        JsonNode report = json(unnamed);
        assertThat(report.get("diagnoses")).extracting(d -> d.get("errorCode").asText())
                .containsExactly("404104", "409002");
        assertThat(report.get("diagnoses").get(1).get("evidence").get(0).get("source").asText())
                .isEqualTo("request:5");
    }

    @Test
    void diagnoseReadsGzipAndReportsBadRecordsWithTheirLine() throws IOException {
        byte[] body = TestServers.exampleBytes(RACE);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(body);
        }
        assertThat(client.post("/v1/diagnose", gz.toByteArray()).body()).isEqualTo(directReport(body, "request"));

        String withBadLine = new String(body, StandardCharsets.UTF_8) + "{\"time\": \"yesterday\", \"category\": "
                + "\"Connections\", \"operationName\": \"deviceConnect\"}\n";
        JsonNode report = json(client.post("/v1/diagnose", withBadLine));
        assertThat(report.get("summary").get("recordsRejected").asInt()).isEqualTo(1);
        assertThat(report.get("rejected").get(0).get("source").asText()).isEqualTo("request:9");
    }

    @Test
    void aSessionTakesEventsInSeveralCallsAndItsReportChainsAcrossThem() {
        List<String> lines = TestServers.exampleLines(RACE);
        HttpResponse<String> opened = client.post("/v1/sessions", "{\"maxLateness\": \"PT1M\"}");
        assertThat(opened.statusCode()).isEqualTo(201);
        JsonNode created = json(opened);
        String id = created.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.get("expiresAfterIdleSeconds").asLong()).isEqualTo(600);
        assertThat(created.get("maxLateness").asText()).isEqualTo("PT1M");
        assertThat(opened.headers().firstValue("Location")).hasValue("/v1/sessions/" + id);

        JsonNode first = json(client.post("/v1/sessions/" + id + "/events", String.join("\n", lines.subList(0, 4))));
        assertThat(first.get("accepted").asInt()).isEqualTo(4);
        assertThat(first.get("rejected").asInt()).isZero();
        JsonNode second = json(client.post("/v1/sessions/" + id + "/events",
                String.join("\n", lines.subList(4, lines.size())) + "\nnot json\n"));
        assertThat(second.get("accepted").asInt()).isEqualTo(lines.size() - 4);
        assertThat(second.get("rejected").asInt()).isEqualTo(1);
        assertThat(second.get("rejections").get(0).get("source").asText())
                .isEqualTo("request-2:" + (lines.size() - 4 + 1));
        assertThat(second.get("rejections").get(0).get("reason").asText()).isNotBlank();

        HttpResponse<String> sofar = client.get("/v1/sessions/" + id + "/diagnoses");
        assertThat(sofar.statusCode()).isEqualTo(200);
        assertThat(json(sofar).get("diagnoses").isArray()).isTrue();

        HttpResponse<String> closed = client.delete("/v1/sessions/" + id);
        assertThat(closed.statusCode()).isEqualTo(200);
        JsonNode report = json(closed);
        assertThat(report.get("schemaVersion").asInt()).isEqualTo(JsonReports.SCHEMA_VERSION);
        assertThat(report.get("summary").get("recordsRejected").asInt()).isEqualTo(1);
        JsonNode diagnoses = report.get("diagnoses");
        assertThat(diagnoses).extracting(d -> d.get("errorCode").asText()).containsExactly("404104", "409002");
        assertThat(diagnoses.get(1).get("rootCauseId").asText()).isEqualTo(diagnoses.get(0).get("id").asText());
        assertThat(diagnoses.get(0).get("evidence").get(0).get("source").asText()).isEqualTo("request-1:4");
        assertThat(diagnoses.get(1).get("evidence").get(0).get("source").asText()).isEqualTo("request-2:1");

        assertProblem(client.get("/v1/sessions/" + id + "/diagnoses"), 404, "no-such-session");
        assertProblem(client.delete("/v1/sessions/" + id), 404, "no-such-session");
        assertProblem(client.post("/v1/sessions/" + id + "/events", lines.get(0)), 404, "no-such-session");
    }

    @Test
    void finalDiagnosesAreListedOnceEventTimeHasMovedOn() {
        List<String> lines = TestServers.exampleLines(RACE);
        String id = client.openSession();
        client.post("/v1/sessions/" + id + "/events", String.join("\n", lines));
        // Three hours later in event time: the drop and the race are final (SessionOptions.FINAL_AFTER).
        String later = lines.get(lines.size() - 1).replace("2026-11-02T08:", "2026-11-02T11:");
        client.post("/v1/sessions/" + id + "/events", later);
        JsonNode finals = json(client.get("/v1/sessions/" + id + "/diagnoses")).get("diagnoses");
        JsonNode report = json(client.delete("/v1/sessions/" + id));
        assertThat(report.get("diagnoses").size()).isGreaterThanOrEqualTo(finals.size());
        for (JsonNode d : finals) {
            assertThat(report.get("diagnoses")).contains(d);
        }
    }

    @Test
    void catalogueAndOneCodeAreWhatListAndExplainWrite() throws IOException {
        HttpResponse<String> all = client.get("/v1/catalog");
        assertThat(all.statusCode()).isEqualTo(200);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CatalogueJson.writeCatalogue(TestServers.builtIns().codes(), expected);
        assertThat(all.body()).isEqualTo(expected.toString(StandardCharsets.UTF_8));

        HttpResponse<String> one = client.get("/v1/catalog/404104");
        assertThat(one.statusCode()).isEqualTo(200);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        CatalogueJson.writeCode(TestServers.builtIns().code("404104").orElseThrow(), code);
        assertThat(one.body()).isEqualTo(code.toString(StandardCharsets.UTF_8));

        assertProblem(client.get("/v1/catalog/999999"), 404, "unknown-code");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        assertProblem(client.get("/"), 404, "not-found");
        assertProblem(client.get("/v1/sessions/x/y/z"), 404, "not-found");
        assertProblem(client.get("/v1/catalog/"), 404, "not-found");

        HttpResponse<String> wrong = client.get("/v1/diagnose");
        assertProblem(wrong, 405, "method-not-allowed");
        assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> put = client.send("PUT", "/v1/catalog", HttpRequest.BodyPublishers.noBody());
        assertProblem(put, 405, "method-not-allowed");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET");
        assertThat(client.post("/healthz", "").headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void badParametersAreRefusedWith400() {
        assertProblem(client.post("/v1/sessions", "{not json"), 400, "malformed-json");
        assertProblem(client.post("/v1/sessions", "[1]"), 400, "bad-request");
        assertProblem(client.post("/v1/sessions", "{\"maxLatenes\": \"PT1M\"}"), 400, "bad-request");
        assertProblem(client.post("/v1/sessions", "{\"maxLateness\": \"2 minutes\"}"), 400, "bad-request");
        assertProblem(client.post("/v1/sessions", "{\"maxLateness\": 120}"), 400, "bad-request");
        assertProblem(client.post("/v1/diagnose?maxLateness=-PT1M", "{}"), 400, "bad-request");
        assertProblem(client.post("/v1/diagnose?sauce=x", "{}"), 400, "bad-request");
        assertProblem(client.get("/v1/catalog?lang=nl"), 400, "bad-request");
        assertProblem(client.post("/v1/diagnose", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2}), 400,
                "unreadable-body");
    }

    @Test
    void bodiesOverTheCapAre413WhetherDeclaredOrStreamed() {
        byte[] big = new byte[BODY_CAP + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertProblem(client.post("/v1/diagnose", big), 413, "body-too-large");
        // Chunked: no Content-Length, so the server finds out by reading, and stops one byte past the cap.
        HttpResponse<String> streamed = client.send("POST", "/v1/diagnose",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertProblem(streamed, 413, "body-too-large");
        String id = client.openSession();
        assertProblem(client.post("/v1/sessions/" + id + "/events", big), 413, "body-too-large");

        byte[] exactly = new byte[BODY_CAP];
        java.util.Arrays.fill(exactly, (byte) '\n');
        assertThat(client.post("/v1/diagnose", exactly).statusCode()).isEqualTo(200);
        client.delete("/v1/sessions/" + id);
    }

    @Test
    void aGzipBombIsStoppedAfterDecompressing16TimesTheCap() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[BODY_CAP * ServerConfig.DECOMPRESSED_FACTOR + 1]);
        }
        assertThat(gz.size()).isLessThan(BODY_CAP);
        assertProblem(client.post("/v1/diagnose", gz.toByteArray()), 413, "body-too-large");
    }

    @Test
    void rulesAreNeverAcceptedOverHttp() {
        String drl = "package com.example;\nrule \"x\" when then end\n";
        HttpResponse<String> byType = client.post("/v1/diagnose", "{}", "Content-Type", "text/x-drl");
        assertProblem(byType, 415, "rules-not-accepted");
        assertThat(json(byType).get("detail").asText()).contains("never");
        assertProblem(client.post("/v1/diagnose", drl), 415, "rules-not-accepted");
        assertProblem(client.post("/v1/diagnose", "/* my rules */\n// more\n\nrule \"x\"\nwhen\nthen\nend"), 415,
                "rules-not-accepted");
        String id = client.openSession();
        assertProblem(client.post("/v1/sessions/" + id + "/events", drl), 415, "rules-not-accepted");
        assertProblem(client.post("/v1/sessions/" + id + "/events", "PK\u0003\u0004rest-of-a-jar"), 415,
                "rules-not-accepted");
        assertThat(json(client.delete("/v1/sessions/" + id)).get("summary").get("recordsRead").asInt()).isZero();
    }
}
