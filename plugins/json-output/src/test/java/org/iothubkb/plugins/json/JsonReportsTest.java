package org.iothubkb.plugins.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

class JsonReportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static final List<String> DIAGNOSIS_FIELDS = List.of("id", "errorCode", "errorName", "aliasOf", "cause",
            "severity", "confidence", "scope", "hub", "deviceId", "moduleId", "title", "explanation", "fixes",
            "references", "firstSeen", "lastSeen", "occurrences", "rootCauseId", "rule", "evidence");
    static final List<String> EVIDENCE_FIELDS = List.of("source", "time", "errorCode", "operation", "deviceId");
    static final List<String> SUMMARY_FIELDS = List.of("recordsRead", "eventsAccepted", "recordsRejected",
            "lateEvents", "devices", "diagnoses");

    private static final Instant T1 = Instant.parse("2026-11-02T09:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-11-02T09:00:24.823Z");

    /** A hub-scope root with a device-scope side effect, an info record as evidence, and a rejection. */
    static DiagnosisReport handMadeReport() {
        LogEvent drop = LogEvent.builder().time(T1).hub("FACTORY-HUB").deviceId("sensor-000")
                .category("Connections").operation("deviceDisconnect").level("Error").errorCode("404104")
                .errorName("DeviceConnectionClosedRemotely").source("mass.jsonl:41").build();
        LogEvent connect = LogEvent.builder().time(T2).hub("FACTORY-HUB").deviceId("sensor-000")
                .category("Connections").operation("DeviceConnect").level("Information").source("mass.jsonl:90")
                .build();
        Diagnosis root = new Diagnosis("D1", "404104", "DeviceConnectionClosedRemotely", "mass-disconnect",
                Severity.CRITICAL, Scope.HUB, "FACTORY-HUB", null, null, "Mass disconnect on hub FACTORY-HUB",
                "Many devices dropped \"at once\".", List.of("Check Resource Health.", "Watch the metric."),
                List.of("https://learn.microsoft.com/azure/iot-hub/troubleshoot-error-codes"), T1, T2, 20, null,
                "404104 mass disconnect", List.of(drop, connect));
        Diagnosis effect = new Diagnosis("D2", "404104", null, "service-transient", Severity.WARNING,
                Scope.DEVICE, "FACTORY-HUB", "sensor-000", null, "Dropped with the hub", "Side effect.", List.of(),
                List.of(), T1, T1, 1, "D1", "404104 service transient", List.of(drop));
        return new DiagnosisReport(new Summary(94, 2, 3, 40, 2), List.of(root, effect),
                List.of(new Rejection("mass.jsonl:7", "no [time]"), new Rejection("<stdin>:1", "not JSON")));
    }

    /** A device-scope diagnosis with one evidence record, a confidence and the code it was read as. */
    private static Diagnosis diagnosis(String id, String code, String cause, Severity severity, String device,
                                       Instant first, String rootCauseId, Confidence confidence, String aliasOf) {
        LogEvent e = LogEvent.builder().time(first).hub("hub-1").deviceId(device).category("Connections")
                .operation("deviceDisconnect").errorCode(code).source("log.jsonl:" + id.substring(1)).build();
        return new Diagnosis(id, code, "Name" + code, cause, severity, Scope.DEVICE, "hub-1", device, null,
                "Title of " + id, "Explanation of " + id, List.of("First fix of " + id),
                List.of("https://example.org/" + code), first, first.plusSeconds(5), 2, rootCauseId,
                "rule " + code + " " + cause, List.of(e), confidence, aliasOf);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void reportHasTheContractFieldsInOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeReport(handMadeReport(), out);
        String text = out.toString(StandardCharsets.UTF_8);
        JsonNode json = MAPPER.readTree(text);

        assertThat(fieldNames(json)).containsExactly("schemaVersion", "summary", "diagnoses", "rejected");
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(fieldNames(json.get("summary"))).containsExactlyElementsOf(SUMMARY_FIELDS);
        JsonNode summary = json.get("summary");
        assertThat(summary.get("recordsRead").asLong()).isEqualTo(96);
        assertThat(summary.get("eventsAccepted").asLong()).isEqualTo(94);
        assertThat(summary.get("recordsRejected").asLong()).isEqualTo(2);
        assertThat(summary.get("lateEvents").asLong()).isEqualTo(3);
        assertThat(summary.get("devices").asLong()).isEqualTo(40);
        assertThat(summary.get("diagnoses").asLong()).isEqualTo(2);

        JsonNode diagnoses = json.get("diagnoses");
        assertThat(diagnoses).hasSize(2);
        for (JsonNode d : diagnoses) {
            assertThat(fieldNames(d)).containsExactlyElementsOf(DIAGNOSIS_FIELDS);
            for (JsonNode e : d.get("evidence")) {
                assertThat(fieldNames(e)).containsExactlyElementsOf(EVIDENCE_FIELDS);
            }
        }
        assertThat(fieldNames(json.get("rejected").get(0))).containsExactly("source", "reason");

        // It ends with one newline, and pretty-prints with a two-space indent.
        assertThat(text).endsWith("}\n").doesNotEndWith("\n\n").contains("\n  \"summary\"");
    }

    @Test
    void valuesAndNulls() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeReport(handMadeReport(), out);
        JsonNode json = MAPPER.readTree(out.toByteArray());
        JsonNode root = json.get("diagnoses").get(0);
        JsonNode effect = json.get("diagnoses").get(1);

        assertThat(root.get("id").asText()).isEqualTo("D1");
        assertThat(root.get("severity").asText()).isEqualTo("critical");
        assertThat(root.get("scope").asText()).isEqualTo("hub");
        assertThat(root.get("deviceId").isNull()).as("hub scope has a null deviceId").isTrue();
        assertThat(root.has("deviceId")).isTrue();
        assertThat(root.get("rootCauseId").isNull()).as("a root has a null rootCauseId").isTrue();
        assertThat(root.get("firstSeen").asText()).isEqualTo("2026-11-02T09:00:00.123Z");
        assertThat(root.get("lastSeen").asText()).isEqualTo("2026-11-02T09:00:24.823Z");
        assertThat(root.get("occurrences").isIntegralNumber()).isTrue();
        assertThat(root.get("occurrences").asLong()).isEqualTo(20);
        assertThat(root.get("explanation").asText()).isEqualTo("Many devices dropped \"at once\".");
        assertThat(root.get("fixes")).hasSize(2);
        assertThat(root.get("fixes").get(0).asText()).isEqualTo("Check Resource Health.");
        assertThat(root.get("references").get(0).asText()).startsWith("https://");

        JsonNode info = root.get("evidence").get(1);
        assertThat(info.get("errorCode").isNull()).as("an info record has a null errorCode").isTrue();
        assertThat(info.get("operation").asText()).isEqualTo("deviceConnect");
        assertThat(info.get("source").asText()).isEqualTo("mass.jsonl:90");
        assertThat(info.get("time").asText()).isEqualTo("2026-11-02T09:00:24.823Z");

        assertThat(effect.get("rootCauseId").asText()).isEqualTo("D1");
        assertThat(effect.get("errorName").isNull()).isTrue();
        assertThat(effect.get("deviceId").asText()).isEqualTo("sensor-000");
        assertThat(effect.get("fixes").isArray()).isTrue();
        assertThat(effect.get("fixes")).isEmpty();

        assertThat(json.get("rejected").get(1).get("source").asText()).isEqualTo("<stdin>:1");
        assertThat(json.get("rejected").get(1).get("reason").asText()).isEqualTo("not JSON");
    }

    @Test
    void jsonLinesHoldOneDiagnosisPerLineAndNothingElse() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeLines(handMadeReport(), out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode d = MAPPER.readTree(line);
            assertThat(fieldNames(d)).containsExactlyElementsOf(DIAGNOSIS_FIELDS);
        }
        assertThat(MAPPER.readTree(lines[1]).get("rootCauseId").asText()).isEqualTo("D1");
    }

    @Test
    void emptyReport() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeReport(new DiagnosisReport(new Summary(0, 0, 0, 0, 0), List.of(), List.of()), out);
        JsonNode json = MAPPER.readTree(out.toByteArray());
        assertThat(json.get("diagnoses").isArray()).isTrue();
        assertThat(json.get("diagnoses")).isEmpty();
        assertThat(json.get("rejected")).isEmpty();

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        JsonReports.writeLines(new DiagnosisReport(new Summary(0, 0, 0, 0, 0), List.of(), List.of()), lines);
        assertThat(lines.size()).isZero();
    }

    @Test
    void confidenceAndAliasOf() throws Exception {
        Diagnosis alias = diagnosis("D1", "404102", "device-offline", Severity.WARNING, "dev", T1, null,
                Confidence.INFERRED, "404103");
        Diagnosis plain = diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "dev", T1, null,
                Confidence.SDK, null);
        DiagnosisReport report = new DiagnosisReport(new Summary(2, 0, 0, 1, 2), List.of(alias, plain), List.of());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeReport(report, out);
        JsonNode json = MAPPER.readTree(out.toByteArray());
        JsonNode first = json.get("diagnoses").get(0);
        assertThat(first.get("errorCode").asText()).as("the code as logged").isEqualTo("404102");
        assertThat(first.get("aliasOf").asText()).isEqualTo("404103");
        assertThat(first.get("confidence").asText()).isEqualTo("inferred");
        JsonNode second = json.get("diagnoses").get(1);
        assertThat(second.get("aliasOf").isNull()).as("aliasOf is null, not missing").isTrue();
        assertThat(second.get("confidence").asText()).isEqualTo("sdk");
        // The hand-made report's diagnoses use the old constructor: documented, no alias.
        ByteArrayOutputStream old = new ByteArrayOutputStream();
        JsonReports.writeReport(handMadeReport(), old);
        assertThat(MAPPER.readTree(old.toByteArray()).get("diagnoses").get(0).get("confidence").asText())
                .isEqualTo("documented");

        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        JsonReports.writeLines(report, lines);
        String[] each = lines.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(MAPPER.readTree(each[0]).get("aliasOf").asText()).isEqualTo("404103");
        assertThat(MAPPER.readTree(each[0]).get("confidence").asText()).isEqualTo("inferred");
        assertThat(MAPPER.readTree(each[1]).get("aliasOf").isNull()).isTrue();
        // Field order in the compact form too: aliasOf right after errorName, confidence right after severity.
        assertThat(each[0]).contains("\"errorName\":\"Name404102\",\"aliasOf\":\"404103\",\"cause\"")
                .contains("\"severity\":\"warning\",\"confidence\":\"inferred\",\"scope\"");
    }

    @Test
    void nonAsciiTextIsUtf8() throws Exception {
        Diagnosis d = new Diagnosis("D1", "409002", "LinkCreationConflict", "reconnect-race", Severity.INFO,
                Scope.DEVICE, "hub", "dev", null, "Wedloop na één onderbreking", "Minder dan een minuut vóór…",
                List.of(), List.of(), T1, T1, 1, null, "r", List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReports.writeLines(new DiagnosisReport(new Summary(1, 0, 0, 1, 1), List.of(d), List.of()), out);
        JsonNode json = MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("title").asText()).isEqualTo("Wedloop na één onderbreking");
        assertThat(json.get("explanation").asText()).isEqualTo("Minder dan een minuut vóór…");
    }
}
