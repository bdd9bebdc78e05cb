package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

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
        try {
            // --- README example start
            KnowledgeBase kb = KnowledgeBase.builder().locale(Locale.ENGLISH).build();   // once per process; thread-safe
            DiagnosisSession session = kb.newSession(SessionOptions.defaults().withMaxLateness(Duration.ofMinutes(2)));
            session.submit(LogEvent.builder()
                    .time(Instant.parse("2026-11-02T08:30:00.123Z")).hub("FACTORY-HUB-WEU").deviceId("press-07")
                    .category("Connections").operation("deviceDisconnect").level("Error")
                    .errorCode("404104").errorName("DeviceConnectionClosedRemotely").source("my-tool:1").build());
            DiagnosisReport report = session.close();          // runs every rule window to its end
            report.getDiagnoses().forEach(d -> System.out.println(d.getId() + " " + d.getErrorCode() + " " + d.getCause()));
            // --- README example end
        } finally {
            System.setOut(stdout);
        }
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo("D1 404104 connection-lost\n");

        String source = Files.readString(Path.of("src/test/java/org/iothubkb/rules/ReadmeEmbeddingExampleTest.java"));
        String example = source.substring(source.indexOf("// --- README example start") + 27,
                source.indexOf("            // --- README example end"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : example.strip().split("\n")) {
            assertThat(readme).as("README quotes the example line").contains(line.strip());
        }
    }
}
