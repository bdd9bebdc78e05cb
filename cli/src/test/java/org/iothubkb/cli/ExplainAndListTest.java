package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExplainAndListTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Fakes.Kb kb = new Fakes.Kb(List.of(), List.of(
            Fakes.code("400027", "ConnectionForcefullyClosedOnNewConnection", "client-recreated"),
            Fakes.code("401003", "IoTHubUnauthorized", "sas-token-renewal", "credentials-rejected"),
            Fakes.code("404104", "DeviceConnectionClosedRemotely", "connection-lost"),
            Fakes.code("409002", "LinkCreationConflict", "reconnect-race"),
            Fakes.code("500001", "ServerError", "service-transient")));

    private Fakes.Run run(String... args) {
        return Fakes.Run.of(kb, List.of(), "", args);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void explainText() {
        Fakes.Run r = run("explain", "401003");
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("401003 IoTHubUnauthorized\nHTTP 401 · category connectivity\n");
        assertThat(r.out).contains("Meaning:", "Meaning of 401003", "Symptoms:", "- Symptom of 401003",
                "Causes:", "1. [WARNING] sas-token-renewal: Title sas-token-renewal",
                "2. [WARNING] credentials-rejected", "Fix:", "1. Fix credentials-rejected",
                "Related codes: 404104", "References:", "https://example.org/401003");
    }

    @Test
    void explainTextInDutch() {
        Fakes.Run r = run("explain", "401003", "--lang", "nl");
        assertThat(r.out).contains("Betekenis:", "Oorzaken:", "[WAARSCHUWING]", "Oplossing:", "categorie");
    }

    @Test
    void explainJsonFieldsInOrder() throws Exception {
        Fakes.Run r = run("explain", "--format", "json", "409002");
        assertThat(r.exit).isZero();
        JsonNode json = MAPPER.readTree(r.out);
        assertThat(fieldNames(json)).containsExactly("code", "name", "httpStatus", "category", "meaning",
                "symptoms", "causes", "related", "references");
        assertThat(json.get("code").asText()).isEqualTo("409002");
        assertThat(json.get("httpStatus").asText()).isEqualTo("409");
        JsonNode cause = json.get("causes").get(0);
        assertThat(fieldNames(cause)).containsExactly("cause", "severity", "title", "explanation", "fixes", "rules");
        assertThat(cause.get("severity").asText()).isEqualTo("warning");
        assertThat(cause.get("rules").get(0).asText()).isEqualTo("rule reconnect-race");
        assertThat(json.get("symptoms").isArray()).isTrue();
    }

    @Test
    void explainAcceptsTheSymbolicName() {
        Fakes.Run r = run("explain", "linkcreationconflict");
        assertThat(r.exit).isZero();
        assertThat(r.out).startsWith("409002 LinkCreationConflict");
    }

    @Test
    void unknownCodeListsTheNearestKnownCodes() {
        Fakes.Run r = run("explain", "404105");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        String first = r.err.split("\n")[0];
        assertThat(first).contains("unknown error code [404105]")
                .contains("nearest known codes: 404104, 401003, 400027, 409002, 500001");
    }

    @Test
    void unknownNameWithoutAnyLikeIt() {
        Fakes.Run r = run("explain", "Gibberish");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("unknown error code [Gibberish]", "iothub-kb list");
    }

    @Test
    void listTextGroupsByFamily() {
        Fakes.Run r = run("list");
        assertThat(r.exit).isZero();
        String out = r.out;
        assertThat(out).contains("400xxx\n", "401xxx\n", "404xxx\n", "409xxx\n", "500xxx\n");
        assertThat(out.indexOf("401xxx")).isLessThan(out.indexOf("401003"));
        assertThat(out.indexOf("401003")).isLessThan(out.indexOf("404xxx"));
        assertThat(out).contains("sas-token-renewal, credentials-rejected");
        assertThat(out).endsWith("5 codes.\n");
        assertThat(run("list", "--lang", "nl").out).endsWith("5 codes.\n");
    }

    @Test
    void listJson() throws Exception {
        Fakes.Run r = run("list", "--format", "json");
        JsonNode json = MAPPER.readTree(r.out);
        assertThat(fieldNames(json)).containsExactly("codes");
        assertThat(json.get("codes")).hasSize(5);
        JsonNode c = json.get("codes").get(1);
        assertThat(fieldNames(c)).containsExactly("code", "name", "httpStatus", "category", "causes");
        assertThat(c.get("causes").get(1).asText()).isEqualTo("credentials-rejected");
    }
}
