package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept word for word so that the README cannot drift from the API. */
class ReadmeEmbeddingExampleTest {

    @Test
    void theReadmeExampleCompilesRunsAndIsQuotedVerbatim() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Path myRules = UserRulesWithBuiltInsTest.DOORS;
        List<Diagnosis> heard;
        try {
            // --- README example start
            KnowledgeBase kb = KnowledgeBase.builder()            // once per process; immutable and thread-safe
                    .locale(Locale.ENGLISH)
                    .addRules(myRules)                            // a folder of your own DRL files and their texts
                    .build();
            List<Diagnosis> finals = new ArrayList<>();
            DiagnosisSession session = kb.newSession(SessionOptions.defaults()   // one per stream of events
                    .withMaxLateness(Duration.ofMinutes(2))
                    .withListener(finals::add));                  // each diagnosis as soon as it is final
            session.submit(LogEvent.builder()
                    .time(Instant.parse("2026-11-02T08:30:00.123Z")).hub("FACTORY-HUB-WEU").deviceId("press-07")
                    .category("Connections").operation("deviceDisconnect").level("Error")
                    .errorCode("404104").errorName("DeviceConnectionClosedRemotely").source("my-tool:1").build());
            session.submit(Json.createObjectBuilder()             // or an event fact, as JSON (docs/event-facts.md)
                    .add("time", "2026-11-02T08:30:03Z").add("hub", "FACTORY-HUB-WEU").add("deviceId", "press-07")
                    .add("category", "Connections").add("operation", "deviceConnect").add("errorCode", "409002")
                    .add("source", "my-tool:2").build());
            DiagnosisReport report = session.close();             // runs every rule window to its end
            report.getDiagnoses().forEach(d -> System.out.println(d.getId() + " " + d.getErrorCode() + " "
                    + d.getCause() + (d.getRootCauseId() == null ? "" : " <- " + d.getRootCauseId())));
            // --- README example end
            heard = finals;
        } finally {
            System.setOut(stdout);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .isEqualTo("D1 404104 connection-lost\nD2 409002 reconnect-race <- D1\n");
        assertThat(heard).extracting(Diagnosis::getId).containsExactly("D1", "D2");

        String source = Files.readString(Path.of("src/test/java/org/iothubkb/rules/ReadmeEmbeddingExampleTest.java"));
        String example = source.substring(source.indexOf("// --- README example start") + 27,
                source.indexOf("            // --- README example end"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : example.strip().split("\n")) {
            assertThat(readme).as("README quotes the example line").contains(line.strip());
        }
    }
}
