package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.drools.base.base.ValueResolver;
import org.drools.core.common.DefaultFactHandle;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.runtime.KieSession;

class RelevanceFilterTest {

    private static final Path SAMPLE = Path.of("src/test/resources/testrules/sample");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static LogEvent event(String category, String code, Long durationMs) {
        return LogEvent.builder().time(T0).hub("hub1").deviceId("d1").category(category).operation("op")
                .level(code == null ? "Information" : "Error").errorCode(code).durationMs(durationMs)
                .source("t:1").build();
    }

    private static boolean relevant(KnowledgeBase kb, LogEvent e) {
        DroolsKnowledgeBase drools = (DroolsKnowledgeBase) kb;
        KieSession session = drools.kieBase().newKieSession();
        try {
            return drools.relevanceFilter().relevant(e, new DefaultFactHandle(), (ValueResolver) session);
        } finally {
            session.dispose();
        }
    }

    private Path rules(String name, String body) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve(name + ".drl"), String.join("\n",
                "package org.iothubkb.test." + name + ";",
                "import org.iothubkb.core.api.LogEvent;",
                "import org.iothubkb.core.spi.Findings;",
                body));
        return folder;
    }

    @Test
    void onlyEventsThatPassSomePatternsOwnTestsAreRelevant() {
        KnowledgeBase kb = KnowledgeBase.builder().builtInRules(false).addRules(SAMPLE).build();
        assertThat(relevant(kb, event("Connections", "900001", null))).isTrue();
        assertThat(relevant(kb, event("Connections", "900000", null))).isTrue();
        assertThat(relevant(kb, event("Connections", "404104", null))).isFalse();
        assertThat(relevant(kb, event("DeviceTelemetry", null, 12L))).isFalse();
    }

    @Test
    void aUserRuleWidensTheFilterByItsOwnTests() throws IOException {
        Path slow = rules("slow", String.join("\n",
                "rule \"helper: slow routing\"",
                "when",
                "    $e : LogEvent( category == \"Routes\", durationMs != null, durationMs >= 500 )",
                "then",
                "end"));
        KnowledgeBase kb = KnowledgeBase.builder().builtInRules(false).addRules(SAMPLE).addRules(slow).build();
        assertThat(relevant(kb, event("Routes", null, 900L))).isTrue();
        assertThat(relevant(kb, event("Routes", null, 20L))).isFalse();
        assertThat(relevant(kb, event("Routes", null, null))).isFalse();
        assertThat(relevant(kb, event("DeviceTelemetry", null, 900L))).isFalse();
    }

    @Test
    void aPatternWithNoTestOnTheEventLetsEverythingThrough() throws IOException {
        Path any = rules("any", String.join("\n",
                "rule \"helper: every event of a device\"",
                "when",
                "    $e : LogEvent( $d : deviceId )",
                "then",
                "end"));
        KnowledgeBase kb = KnowledgeBase.builder().builtInRules(false).addRules(SAMPLE).addRules(any).build();
        assertThat(((DroolsKnowledgeBase) kb).relevanceFilter().passesEverything()).isTrue();
        assertThat(relevant(kb, event("DeviceTelemetry", null, null))).isTrue();
    }

    @Test
    void skippingIrrelevantEventsChangesNoDiagnosis() {
        KnowledgeBase kb = KnowledgeBase.builder().builtInRules(false).addRules(SAMPLE).build();
        List<LogEvent> relevantOnly = new ArrayList<>();
        List<LogEvent> mixed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            LogEvent e = LogEvent.builder().time(T0.plusSeconds(i * 7L)).hub("hub1").deviceId("d" + i % 5)
                    .category("Connections").operation("deviceDisconnect").level("Error")
                    .errorCode(i % 3 == 0 ? "900001" : i % 3 == 1 ? "900002" : "900000").source("t:" + i).build();
            relevantOnly.add(e);
            mixed.add(e);
            mixed.add(LogEvent.builder().time(T0.plusSeconds(i * 7L + 3)).hub("hub1").deviceId("d" + i % 5)
                    .category("D2CTwinOperations").operation("update").level("Information").durationMs(12L)
                    .source("noise:" + i).build());
        }
        assertThat(causes(kb, mixed)).isEqualTo(causes(kb, relevantOnly)).isNotEmpty();
    }

    private static List<String> causes(KnowledgeBase kb, List<LogEvent> events) {
        DiagnosisSession s = kb.newSession();
        events.forEach(s::submit);
        List<String> out = new ArrayList<>();
        for (Diagnosis d : s.close().getDiagnoses()) {
            out.add(d.getId() + " " + d.getErrorCode() + " " + d.getCause() + " " + d.getDeviceId());
        }
        return out;
    }
}
