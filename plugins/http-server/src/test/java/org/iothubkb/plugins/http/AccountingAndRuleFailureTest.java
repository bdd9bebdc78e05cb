package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.EndpointsTest.assertProblem;
import static org.iothubkb.plugins.http.TestServers.json;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.iothubkb.core.api.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 over HTTP: every record of a body is an event or a rejection, in one-shot diagnoses and across a
 * session's calls; and a rule whose consequence throws is reported with its name, where it is declared and the
 * record, never as a bare 500.
 */
class AccountingAndRuleFailureTest {

    @TempDir
    Path tmp;

    /** An example log with a broken line after every third record. */
    private static List<String> mixed(List<String> records) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            out.add(records.get(i));
            if (i % 3 == 2) {
                out.add(i % 2 == 0 ? "{\"time\": 17, \"category\": \"Connections\"" : "not json at all");
            }
        }
        return out;
    }

    @Test
    void everyRecordOfABodyIsAnEventOrARejectionInDiagnoseAndAcrossASessionsCalls() throws IOException {
        List<String> records = TestServers.exampleLines("mass-disconnect.jsonl");
        List<String> lines = mixed(records);
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = HardeningTest.start(HardeningTest.config(log));
        try {
            TestServers.Client client = new TestServers.Client(server);

            JsonNode oneShot = json(client.post("/v1/diagnose", String.join("\n", lines) + "\n")).get("summary");
            assertThat(oneShot.get("recordsRead").asLong()).isEqualTo(lines.size());
            assertThat(oneShot.get("eventsAccepted").asLong()).isEqualTo(records.size());
            assertThat(oneShot.get("recordsRejected").asLong()).isEqualTo(lines.size() - records.size());

            String id = json(client.post("/v1/sessions", "")).get("id").asText();
            long accepted = 0;
            long rejected = 0;
            for (int from = 0; from < lines.size(); from += 7) {
                List<String> chunk = lines.subList(from, Math.min(lines.size(), from + 7));
                JsonNode answer = json(client.post("/v1/sessions/" + id + "/events", String.join("\n", chunk)));
                assertThat(answer.get("accepted").asLong() + answer.get("rejected").asLong()).isEqualTo(chunk.size());
                assertThat(answer.get("rejections")).hasSize(answer.get("rejected").asInt());
                accepted += answer.get("accepted").asLong();
                rejected += answer.get("rejected").asLong();
            }
            JsonNode report = json(client.delete("/v1/sessions/" + id));
            JsonNode summary = report.get("summary");
            assertThat(summary.get("recordsRead").asLong()).isEqualTo(lines.size()).isEqualTo(accepted + rejected);
            assertThat(summary.get("eventsAccepted").asLong()).isEqualTo(accepted).isEqualTo(records.size());
            assertThat(report.get("rejected")).hasSize((int) rejected);
            assertThat(report.get("diagnoses")).hasSameSizeAs(json(client.post("/v1/diagnose",
                    String.join("\n", lines))).get("diagnoses"));
        } finally {
            server.stop();
        }
    }

    @Test
    void aRuleThatThrowsIsNamedWithItsFileAndRecordAndItsSessionIsDropped() throws IOException {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Path drl = Files.writeString(rules.resolve("throws.drl"), """
                package com.example.faulty;

                import org.iothubkb.core.api.LogEvent;

                rule "helper: throws on a remote close"
                when
                    $e : LogEvent( errorCode == "404104" )
                then
                    throw new IllegalStateException("deliberate defect");
                end
                """);
        KnowledgeBase kb = KnowledgeBase.builder().addRules(rules).build();
        List<String> lines = TestServers.exampleLines("reconnect-race.jsonl");
        int line = 1 + lines.stream().takeWhile(l -> !l.contains("404104")).toList().size();
        TestServers.Log log = new TestServers.Log();
        ServerConfig.Builder config = ServerConfig.builder(KnowledgeBaseSource.fixed(kb), TestServers.parsers())
                .log(log.stream);
        DiagnosisServer server = HardeningTest.start(config);
        try {
            TestServers.Client client = new TestServers.Client(server);

            HttpResponse<String> oneShot = client.post("/v1/diagnose?source=race.jsonl", String.join("\n", lines));
            assertProblem(oneShot, 500, "rule-failed");
            JsonNode p = json(oneShot);
            assertThat(p.get("rule").asText()).isEqualTo("helper: throws on a remote close");
            assertThat(p.get("ruleFile").asText()).isEqualTo(drl + ":5");
            assertThat(p.get("sources").asText()).isEqualTo("race.jsonl:" + line);
            assertThat(p.get("detail").asText()).contains("IllegalStateException: deliberate defect");

            String id = json(client.post("/v1/sessions", "")).get("id").asText();
            // The rules fire once the reorder buffer lets the records go: at the latest when the session closes.
            HttpResponse<String> events = client.post("/v1/sessions/" + id + "/events", String.join("\n", lines));
            HttpResponse<String> close = client.delete("/v1/sessions/" + id);
            HttpResponse<String> failed = events.statusCode() == 500 ? events : close;
            assertProblem(failed, 500, "rule-failed");
            assertThat(json(failed).get("rule").asText()).isEqualTo("helper: throws on a remote close");
            assertProblem(client.get("/v1/sessions/" + id + "/diagnoses"), 404, "no-such-session");
            assertThat(log.text()).contains("helper: throws on a remote close").doesNotContain("Exception\n\tat");
        } finally {
            server.stop();
        }
    }
}
