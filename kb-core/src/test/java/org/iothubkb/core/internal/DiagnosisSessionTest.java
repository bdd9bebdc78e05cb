package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.RuleFailureException;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiagnosisSessionTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static KnowledgeBase kb;

    @BeforeAll
    static void build() {
        kb = KnowledgeBase.builder().builtInRules(false).addRules(Path.of("src/test/resources/testrules/sample"))
                .build();
    }

    private static LogEvent ev(int seconds, String device, String code) {
        return LogEvent.builder().time(T0.plusSeconds(seconds)).hub("hub1").deviceId(device).errorCode(code)
                .category("Connections").operation("deviceDisconnect").level("Error").source("t:" + seconds).build();
    }

    private static DiagnosisReport run(List<LogEvent> events, SessionOptions options) {
        DiagnosisSession s = kb.newSession(options);
        events.forEach(s::submit);
        return s.close();
    }

    @Test
    void absenceIsDecidedWhenTheClockPassesTheWindowEvenAtEndOfInput() {
        DiagnosisReport r = run(List.of(ev(0, "a", "900001")), SessionOptions.defaults());
        assertThat(r.getDiagnoses()).singleElement().satisfies(d -> {
            assertThat(d.getCause()).isEqualTo("stuck");
            assertThat(d.getSeverity()).isEqualTo(Severity.ERROR);
            assertThat(d.getTitle()).isEqualTo("Device a stayed down");
            assertThat(d.getExplanation()).isEqualTo("Device a on hub hub1 failed 1 time(s) and did not recover.");
            assertThat(d.getFixes()).containsExactly("Restart a.");
            assertThat(d.getReferences()).containsExactly("https://example.org/900001");
        });
    }

    @Test
    void aFollowUpInsideTheWindowPreventsTheAbsenceRule() {
        DiagnosisReport r = run(List.of(ev(0, "a", "900001"), ev(59, "a", "900000")), SessionOptions.defaults());
        assertThat(r.getDiagnoses()).extracting(Diagnosis::getCause).containsExactly("recovered");
    }

    @Test
    void aSideEffectIsLinkedToItsRootEvenWhenTheRootIsDecidedLater() {
        // The echo's rule fires at once; the failure's "stuck" is only known a minute later.
        DiagnosisReport r = run(List.of(ev(0, "a", "900001"), ev(5, "a", "900002")), SessionOptions.defaults());
        assertThat(r.getDiagnoses()).hasSize(2);
        Diagnosis root = r.getDiagnoses().get(0);
        Diagnosis echo = r.getDiagnoses().get(1);
        assertThat(root.getId()).isEqualTo("D1");
        assertThat(root.getCause()).isEqualTo("stuck");
        assertThat(echo.getCause()).isEqualTo("echo");
        assertThat(echo.getRootCauseId()).isEqualTo("D1");
    }

    @Test
    void occurrencesAreFoldedAndCountedExactlyWhileEvidenceIsCapped() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(ev(i * 120, "a", "900001"));
        }
        DiagnosisReport r = run(events, SessionOptions.defaults());
        assertThat(r.getDiagnoses()).singleElement().satisfies(d -> {
            assertThat(d.getOccurrences()).isEqualTo(30);
            assertThat(d.getEvidence()).hasSize(Diagnosis.MAX_EVIDENCE);
            assertThat(d.getFirstSeen()).isEqualTo(T0);
            assertThat(d.getLastSeen()).isEqualTo(T0.plusSeconds(29 * 120));
            assertThat(d.getEvidence().get(0).getSource()).isEqualTo("t:0");
        });
    }

    @Test
    void shufflingWithinTheAllowedLatenessGivesTheSameDiagnoses() {
        List<LogEvent> ordered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String device = "d" + (i % 4);
            ordered.add(ev(i * 20, device, i % 3 == 0 ? "900001" : i % 3 == 1 ? "900002" : "900000"));
        }
        String expected = describe(run(ordered, SessionOptions.defaults()));
        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            List<LogEvent> shuffled = shuffleWithin(ordered, 5, random);
            DiagnosisReport r = run(shuffled, SessionOptions.defaults().withMaxLateness(Duration.ofMinutes(2)));
            assertThat(describe(r)).isEqualTo(expected);
            assertThat(r.getSummary().getLateEvents()).isZero();
        }
    }

    @Test
    void aReportThatDoesNotListDiagnosesStillCountsThemAndTheListenerGetsEveryOne() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Three hours apart, so that most become final while the input is still being read.
            events.add(ev(i * 3 * 3600, "d" + (i % 3), "900001"));
        }
        List<String> heard = new ArrayList<>();
        DiagnosisReport listed = run(events, SessionOptions.defaults());
        DiagnosisReport counted = run(events, SessionOptions.defaults().withDiagnosesInReport(false)
                .withListener(d -> heard.add(d.getId() + " " + d.getCause() + " " + d.getDeviceId())));

        assertThat(counted.getDiagnoses()).isEmpty();
        assertThat(counted.getSummary().getDiagnoses()).isEqualTo(listed.getSummary().getDiagnoses()).isEqualTo(30);
        assertThat(heard).containsExactlyInAnyOrderElementsOf(listed.getDiagnoses().stream()
                .map(d -> d.getId() + " " + d.getCause() + " " + d.getDeviceId()).collect(Collectors.toList()));
    }

    @Test
    void eventsLaterThanTheAllowedLatenessAreCountedAndStillProcessed() {
        List<LogEvent> events = List.of(ev(0, "a", "900000"), ev(600, "b", "900000"), ev(100, "c", "900001"));
        DiagnosisReport r = run(events, SessionOptions.defaults());
        assertThat(r.getSummary().getLateEvents()).isEqualTo(1);
        assertThat(r.getDiagnoses()).extracting(Diagnosis::getDeviceId).containsExactly("c");
    }

    @Test
    void rulesFireOnlyOnceEveryEventOfAnInstantIsInEvenAtTheHousekeepingBoundary() {
        // 9,999 events, then two at the same millisecond: the 10,000th release used to trigger housekeeping that
        // fired the rules between the two.
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 9_999; i++) {
            events.add(LogEvent.builder().time(T0.plusMillis(i)).hub("hub1").deviceId("filler").source("f:" + i)
                    .build());
        }
        Instant t = T0.plusSeconds(60);
        events.add(LogEvent.builder().time(t).hub("hub1").deviceId("a").errorCode("900003").source("t:1").build());
        events.add(LogEvent.builder().time(t).hub("hub1").deviceId("a").errorCode("900001").source("t:2").build());
        events.add(ev(61, "a", "900000"));
        DiagnosisReport r = run(events, SessionOptions.defaults());
        assertThat(r.getDiagnoses()).extracting(Diagnosis::getCause).containsExactly("recovered");
    }

    @Test
    void theSameDeviceIdOnAnotherHubOrAsAModuleIsAnotherIdentity() {
        LogEvent fail = ev(0, "a", "900001");
        LogEvent otherHub = fail.toBuilder().time(T0.plusSeconds(1)).hub("hub2").errorCode("900003").source("t:2")
                .build();
        LogEvent module = fail.toBuilder().time(T0.plusSeconds(2)).moduleId("m").errorCode("900003").source("t:3")
                .build();
        DiagnosisReport r = run(List.of(fail, otherHub, module), SessionOptions.defaults());
        assertThat(r.getDiagnoses()).extracting(d -> d.getCause() + " " + d.getHub() + "/" + d.getDeviceId() + "/"
                + d.getModuleId()).containsExactly("stuck hub1/a/null", "lonely hub2/a/null", "lonely hub1/a/m");
        assertThat(r.getSummary().getDevices()).isEqualTo(2);
    }

    @Test
    void evidenceKeepsTheEarliestRecordsAndTheRuleOfTheWorstOccurrence() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(ev(i * 120, "a", "900001"));
            if (i % 2 == 1) {
                events.add(ev(i * 120 + 30, "a", "900000"));
            }
        }
        DiagnosisReport r = run(events, SessionOptions.defaults());
        Diagnosis stuck = r.getDiagnoses().stream().filter(d -> d.getCause().equals("stuck")).findFirst().orElseThrow();
        assertThat(stuck.getOccurrences()).isEqualTo(13);
        assertThat(stuck.getEvidence()).hasSize(13);
        assertThat(stuck.getRule()).isEqualTo("900001 Fail: no recovery within a minute");
    }

    @Test
    void countsAddUpWithRejectedRecords() {
        DiagnosisSession s = kb.newSession();
        s.submit(ev(0, "a", "900000"));
        s.submit(ev(1, "b", "900000"));
        s.reject(new Rejection("f.json:3", "missing field [time]"));
        DiagnosisReport r = s.close();
        assertThat(r.getSummary().getRecordsRead()).isEqualTo(3);
        assertThat(r.getSummary().getEventsAccepted()).isEqualTo(2);
        assertThat(r.getSummary().getRecordsRejected()).isEqualTo(1);
        assertThat(r.getSummary().getDevices()).isEqualTo(2);
        assertThat(r.getRejected()).extracting(Rejection::getSource).containsExactly("f.json:3");
        assertThat(s.close()).isSameAs(r);
        assertThatThrownBy(() -> s.submit(ev(2, "a", "900000"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textsFallBackToEnglishKeyByKey() {
        KnowledgeBase nl = KnowledgeBase.builder().locale(Locale.forLanguageTag("nl")).builtInRules(false)
                .addRules(Path.of("src/test/resources/testrules/sample")).build();
        DiagnosisSession s = nl.newSession();
        s.submit(ev(0, "a", "900001"));
        Diagnosis d = s.close().getDiagnoses().get(0);
        assertThat(d.getTitle()).isEqualTo("Apparaat a bleef onbereikbaar");
        assertThat(d.getFixes()).containsExactly("Restart a.");
    }

    @Test
    void ruleFilesCompileUnderATurkishDefaultLocale() {
        // Drools lower-cases kmodule enum names in the default locale; in Turkish 'I' becomes a dotless 'ı'.
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            KnowledgeBase tr = KnowledgeBase.builder().builtInRules(false)
                    .addRules(Path.of("src/test/resources/testrules/sample")).build();
            assertThat(tr.ruleCount()).isEqualTo(4);
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aRuleFileThatDoesNotCompileIsReportedWithFileAndLine() {
        assertThatThrownBy(() -> KnowledgeBase.builder().builtInRules(false)
                .addRules(Path.of("src/test/resources/testrules/broken")).build())
                .isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("broken.drl")
                .satisfies(e -> assertThat(((RuleBuildException) e).getProblems())
                        .anySatisfy(p -> assertThat(p.getLine()).isEqualTo(7)));
    }

    @Test
    void everyRejectionIsCountedThoughTheListIsCapped() {
        DiagnosisSession s = kb.newSession(SessionOptions.defaults());
        int rejections = DiagnosisSession.MAX_REJECTIONS_LISTED + 1_500;
        int events = 0;
        for (int i = 0; i < rejections; i++) {
            s.reject(new Rejection("bad.jsonl:" + (i + 1), "line is not JSON"));
            if (i % 25 == 0) {
                s.submit(ev(i, "d" + i, null));
                events++;
            }
        }

        DiagnosisReport r = s.close();

        assertThat(r.getSummary().getRecordsRejected()).isEqualTo(rejections);
        assertThat(r.getSummary().getEventsAccepted()).isEqualTo(events);
        assertThat(r.getSummary().getRecordsRead()).isEqualTo(rejections + events);
        assertThat(r.getRejected()).hasSize(DiagnosisSession.MAX_REJECTIONS_LISTED)
                .first().extracting(Rejection::getSource).isEqualTo("bad.jsonl:1");
    }

    @Test
    void aConsequenceThatThrowsNamesTheRuleItsFileAndTheMatchedRecordsAndTheSessionStaysFailed() {
        KnowledgeBase throwing = KnowledgeBase.builder().builtInRules(false)
                .addRules(Path.of("src/test/resources/testrules/throws")).build();
        DiagnosisSession s = throwing.newSession(SessionOptions.defaults());
        s.submit(ev(0, "d1", "404104"));
        s.submit(ev(5, "d2", "404104"));
        s.submit(ev(20, "d1", "404104"));

        RuleFailureException failure = catchThrowableOfType(RuleFailureException.class, s::close);

        assertThat(failure.getRuleName()).isEqualTo("helper: throws on a second drop");
        assertThat(failure.getRuleFile()).isEqualTo(Path.of("src/test/resources/testrules/throws/throws.drl") + ":6");
        assertThat(failure.getSources()).containsExactlyInAnyOrder("t:0", "t:20");
        assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("deliberate defect");
        assertThat(failure.getMessage()).contains("helper: throws on a second drop", "throws.drl:6", "t:0", "t:20",
                "deliberate defect");
        // Not a partial report on a second try: the same failure, and no more events are taken.
        assertThatThrownBy(s::close).isSameAs(failure);
        assertThatThrownBy(() -> s.submit(ev(30, "d3", "404104"))).isInstanceOf(IllegalStateException.class)
                .hasCause(failure);
    }

    @Test
    void aConditionThatThrowsNamesTheRuleItsFileAndTheRecordsItWasMatching() {
        KnowledgeBase throwing = KnowledgeBase.builder().builtInRules(false)
                .addRules(Path.of("src/test/resources/testrules/condition")).build();
        DiagnosisSession s = throwing.newSession(SessionOptions.defaults());
        s.submit(ev(0, "d1", "404104"));
        s.submit(ev(5, "d2", "not-a-number"));

        RuleFailureException failure = catchThrowableOfType(RuleFailureException.class, s::close);

        assertThat(failure.getPart()).isEqualTo(RuleFailureException.Part.CONDITION);
        assertThat(failure.getRuleName()).isEqualTo("helper: numeric codes only");
        assertThat(failure.getRuleFile()).isEqualTo(Path.of("src/test/resources/testrules/condition/condition.drl")
                + ":6");
        // Conditions are evaluated when the rules fire, a second of event time at once: t:0 was fired alone.
        assertThat(failure.getSources()).containsExactly("t:5");
        assertThat(failure.getCause()).isInstanceOf(NumberFormatException.class);
        assertThat(failure.getMessage()).contains("failed in its condition on [t:5]", "NumberFormatException");
        assertThatThrownBy(s::close).isSameAs(failure);
    }

    @Test
    void catalogueComesFromRuleMetadataAndBundles() {
        assertThat(kb.codes()).extracting(c -> c.getCode()).containsExactly("900001", "900002", "900003");
        var fail = kb.code("900001").orElseThrow();
        assertThat(fail.getName()).isEqualTo("Fail");
        assertThat(fail.getMeaning()).isEqualTo("Test failure.");
        assertThat(fail.getSymptoms()).containsExactly("Shows up in tests.");
        assertThat(fail.getCauses()).extracting(c -> c.getCause()).containsExactly("recovered", "stuck");
        assertThat(kb.code("123456")).isEmpty();
    }

    private static List<LogEvent> shuffleWithin(List<LogEvent> ordered, int block, Random random) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i += block) {
            List<LogEvent> part = new ArrayList<>(ordered.subList(i, Math.min(ordered.size(), i + block)));
            Collections.shuffle(part, random);
            out.addAll(part);
        }
        return out;
    }

    private static String describe(DiagnosisReport r) {
        return r.getDiagnoses().stream().map(Diagnosis::toString).collect(Collectors.joining("\n"));
    }
}
