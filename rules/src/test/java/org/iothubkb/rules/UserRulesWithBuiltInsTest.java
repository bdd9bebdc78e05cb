package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.SessionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's DRL folder compiled at run time and added to the pre-compiled built-in rules. */
class UserRulesWithBuiltInsTest {

    static final Path DOORS = Path.of("src/test/resources/user-rules/doors");

    private static LogEvent drop(String device, String time) {
        return LogEvent.builder().time(Instant.parse(time)).hub("HUB").deviceId(device).category("Connections")
                .operation("deviceDisconnect").level("Error").errorCode("404104")
                .errorName("DeviceConnectionClosedRemotely").source("test:" + device).build();
    }

    @Test
    void userRulesReactToBuiltInFindingsInTheSameSession() {
        KnowledgeBase kb = KnowledgeBase.builder().addRules(DOORS).build();
        assertThat(kb.code("404104").orElseThrow().getCauses()).extracting(c -> c.getCause())
                .contains("connection-lost", "door-sensor-offline");
        // explain: the user's cause of a built-in code is told with the user's texts.
        assertThat(kb.code("404104").orElseThrow().getCauses()).filteredOn(c -> c.getCause().equals("door-sensor-offline"))
                .singleElement().satisfies(c -> {
                    assertThat(c.getTitle()).isEqualTo("Door sensor <device> is offline");
                    assertThat(c.getFixes()).containsExactly("Send someone to check the door on site.");
                });

        DiagnosisSession session = kb.newSession();
        session.submit(drop("door-3", "2026-11-02T08:30:00Z"));
        session.submit(drop("pump-1", "2026-11-02T08:40:00Z"));
        DiagnosisReport report = session.close();

        List<String> got = new ArrayList<>();
        report.getDiagnoses().forEach(d -> got.add(d.getDeviceId() + " " + d.getCause() + " root="
                + d.getRootCauseId()));
        assertThat(got).containsExactly("door-3 connection-lost root=null", "door-3 door-sensor-offline root=D1",
                "pump-1 connection-lost root=null");
        Diagnosis door = report.getDiagnoses().get(1);
        assertThat(door.getTitle()).isEqualTo("Door sensor door-3 is offline");
        assertThat(door.getFixes()).containsExactly("Send someone to check the door on site.");
    }

    @Test
    void userTextsFollowTheLocale() {
        KnowledgeBase kb = KnowledgeBase.builder().locale(Locale.forLanguageTag("nl")).addRules(DOORS).build();
        DiagnosisSession session = kb.newSession();
        session.submit(drop("door-3", "2026-11-02T08:30:00Z"));
        assertThat(session.close().getDiagnoses()).extracting(Diagnosis::getTitle)
                .contains("Deursensor door-3 is offline");
    }

    @Test
    void aBrokenUserFileFailsTheWholeBuildWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.copy(DOORS.resolve("door-sensors.drl"), dir.resolve("good.drl"));
        Files.writeString(dir.resolve("broken.drl"), "package com.example.broken;\n\nrule \"half a rule\"\nwhen\n"
                + "    $e : NoSuchFact( )\nthen\nend\n");
        assertThatThrownBy(() -> KnowledgeBase.builder().addRules(dir).build())
                .isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).getProblems())
                        .allSatisfy(p -> assertThat(p.getPath()).endsWith("broken.drl"))
                        .anySatisfy(p -> assertThat(p.getLine()).isEqualTo(5)));
    }

    @Test
    void aUserFileThatClashesWithTheBuiltInsIsABuildProblemNamingTheFile(@TempDir Path dir) throws Exception {
        // Compiles on its own, but its use of java.util.List clashes with the built-ins' type declarations.
        Files.writeString(dir.resolve("bursts.drl"), "package com.example.bursts;\n"
                + "import java.util.List;\nimport org.iothubkb.core.api.LogEvent;\n"
                + "rule \"three drops\"\nwhen\n"
                + "    $l : List( size >= 3 ) from accumulate( $e : LogEvent( errorCode == \"404104\" ), collectList( $e ) )\n"
                + "then\nend\n");
        assertThatThrownBy(() -> KnowledgeBase.builder().addRules(dir).build())
                .isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).getProblems())
                        .allSatisfy(p -> assertThat(p.getPath()).endsWith("bursts.drl")));
    }

    @Test
    void builtInsAloneAreUnchangedByAnEarlierBuildWithUserRules() {
        KnowledgeBase.builder().addRules(DOORS).build().newSession().close();
        KnowledgeBase plain = KnowledgeBase.builder().build();
        assertThat(plain.code("404104").orElseThrow().getCauses()).extracting(c -> c.getCause())
                .doesNotContain("door-sensor-offline");
        DiagnosisSession session = plain.newSession(SessionOptions.defaults());
        session.submit(drop("door-3", "2026-11-02T08:30:00Z"));
        assertThat(session.close().getDiagnoses()).hasSize(1);
    }
}
