package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.LimitsTest.waitUntil;
import static org.iothubkb.plugins.http.TestServers.json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.iothubkb.core.api.KnowledgeBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched rule folder changes while a session is open: new sessions get the new rules, the open one keeps its
 * rules and its state; a change that breaks the rules keeps the previous ones and says why.
 */
class ReloadTest {

    static final Path RULES = Path.of("src/test/resources/reload-rules");

    @Test
    void aRuleFolderChangeReloadsForNewSessionsAndKeepsOpenSessionsWhole(@TempDir Path folder) throws Exception {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(
                        KnowledgeBaseSource.rebuilding(() -> KnowledgeBase.builder().addRules(folder).build()),
                        TestServers.parsers())
                .port(0).watchRuleFolder(folder).reloadDebounce(Duration.ofMillis(200)).reloadOnSighup(false)
                .log(log.stream).build());
        server.start();
        try {
            TestServers.Client client = new TestServers.Client(server);
            List<String> race = TestServers.exampleLines("reconnect-race.jsonl");
            String door = race.get(3).replace("press-07", "door-3");
            assertThat(causesOf404104(client)).doesNotContain("door-sensor-offline");

            String open = client.openSession();
            client.post("/v1/sessions/" + open + "/events", String.join("\n", race.subList(0, 4)));

            // A new rule arrives: the folder is reloaded by itself.
            Files.copy(RULES.resolve("messages.properties"), folder.resolve("messages.properties"));
            Files.copy(RULES.resolve("door-sensors.drl"), folder.resolve("door-sensors.drl"));
            waitForReload(client, true);
            assertThat(causesOf404104(client)).contains("door-sensor-offline");
            assertThat(log.text()).contains("rules reloaded (rule folder changed)");

            // The open session: its state is whole (the race after the reload chains to the drop before it),
            // and its rules are the old ones (no door diagnosis).
            client.post("/v1/sessions/" + open + "/events", String.join("\n", race.subList(4, race.size()))
                    + "\n" + door);
            JsonNode kept = json(client.delete("/v1/sessions/" + open)).get("diagnoses");
            assertThat(kept).extracting(d -> d.get("deviceId").asText() + " " + d.get("errorCode").asText() + " "
                            + d.get("cause").asText())
                    .containsExactlyInAnyOrder("press-07 404104 connection-lost", "press-07 409002 reconnect-race",
                            "door-3 404104 connection-lost");
            JsonNode drop = find(kept, "press-07", "404104");
            assertThat(drop.get("evidence").get(0).get("source").asText()).isEqualTo("request-1:4");
            assertThat(find(kept, "press-07", "409002").get("rootCauseId").asText())
                    .isEqualTo(drop.get("id").asText());

            // A new session and a one-shot diagnosis use the new rules.
            JsonNode fresh = json(client.post("/v1/diagnose", door)).get("diagnoses");
            assertThat(fresh).extracting(d -> d.get("cause").asText())
                    .containsExactly("connection-lost", "door-sensor-offline");
            assertThat(fresh.get(1).get("title").asText()).isEqualTo("Door sensor door-3 went offline");

            // A broken file: the reload fails, the rules stay as they were, /healthz and the log say why.
            Files.writeString(folder.resolve("broken.drl"), "package com.example.broken;\n\nrule \"half\"\nwhen\n"
                    + "    NoSuchFact( )\nthen\nend\n");
            JsonNode failed = waitForReload(client, false);
            assertThat(failed.get("trigger").asText()).isEqualTo("rule folder changed");
            assertThat(failed.get("problems")).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.asText()).contains("broken.drl"));
            assertThat(causesOf404104(client)).contains("door-sensor-offline");
            assertThat(log.text()).contains("failed; the previous rules stay in use", "broken.drl");

            Files.delete(folder.resolve("broken.drl"));
            waitForReload(client, true);
        } finally {
            server.stop();
        }
    }

    @Test
    void aFailedReloadRequestedByHandKeepsTheRules() throws Exception {
        TestServers.Log log = new TestServers.Log();
        int[] builds = {0};
        KnowledgeBaseSource source = KnowledgeBaseSource.rebuilding(() -> {
            if (builds[0]++ > 0) {
                throw new IllegalStateException("cannot read [rules/x.drl]");
            }
            return TestServers.builtIns();
        });
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(source, TestServers.parsers())
                .port(0).log(log.stream).build());
        server.start();
        try {
            assertThat(server.reload()).isFalse();
            assertThat(source.current()).isSameAs(TestServers.builtIns());
            JsonNode last = json(new TestServers.Client(server).get("/healthz")).get("lastReload");
            assertThat(last.get("ok").asBoolean()).isFalse();
            assertThat(last.get("problems").get(0).asText()).isEqualTo("cannot read [rules/x.drl]");
        } finally {
            server.stop();
        }
    }

    private static JsonNode find(JsonNode diagnoses, String device, String code) {
        for (JsonNode d : diagnoses) {
            if (d.get("deviceId").asText().equals(device) && d.get("errorCode").asText().equals(code)) {
                return d;
            }
        }
        throw new AssertionError("no " + code + " of " + device + " in " + diagnoses);
    }

    private static List<String> causesOf404104(TestServers.Client client) {
        JsonNode code = json(client.get("/v1/catalog/404104"));
        List<String> causes = new java.util.ArrayList<>();
        code.get("causes").forEach(c -> causes.add(c.get("cause").asText()));
        return causes;
    }

    /** Waits for the next reload with outcome {@code ok} and returns it. */
    private static JsonNode waitForReload(TestServers.Client client, boolean ok) throws Exception {
        JsonNode[] last = new JsonNode[1];
        String before = String.valueOf(json(client.get("/healthz")).get("lastReload"));
        waitUntil(() -> {
            last[0] = json(client.get("/healthz")).get("lastReload");
            return !String.valueOf(last[0]).equals(before) && last[0].get("ok").asBoolean() == ok;
        }, Duration.ofSeconds(30));
        return last[0];
    }
}
