package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

class TextReportWriterTest {

    private static final Messages EN = Messages.forLocale(Locale.ENGLISH);
    private static final Messages NL = Messages.forLocale(new Locale("nl"));
    private static final Instant T = Fakes.T0;

    private static DiagnosisReport report(List<Diagnosis> ds, List<Rejection> rejected, long rejectedCount) {
        return new DiagnosisReport(new Summary(12, rejectedCount, 1, 3, ds.size()), ds, rejected);
    }

    private static List<String> ids(List<Map.Entry<Diagnosis, Integer>> layout) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Diagnosis, Integer> e : layout) {
            out.add(e.getKey().getId() + "@" + e.getValue());
        }
        return out;
    }

    @Test
    void sideEffectIsNestedUnderItsRoot() {
        Diagnosis drop = Fakes.diagnosis("D1", "404104", "connection-lost", Severity.WARNING, "press-07", T, null);
        Diagnosis race = Fakes.diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "press-07",
                T.plusSeconds(3), "D1");
        String text = TextReportWriter.render(report(List.of(drop, race), List.of(), 0), EN);

        String[] lines = text.split("\n");
        int rootLine = indexOf(lines, "404104");
        int childLine = indexOf(lines, "409002");
        assertThat(rootLine).isZero();
        assertThat(lines[rootLine]).isEqualTo("[WARNING] 404104 Name404104 · cause connection-lost"
                + " · confidence documented");
        assertThat(childLine).isGreaterThan(rootLine);
        // The child is indented below its root, with a tree marker, after the root's evidence.
        assertThat(lines[childLine]).startsWith("   " + TextReportWriter.TREE_MARKER + "[INFO] 409002")
                .contains("reconnect-race");
        assertThat(text.indexOf("log.jsonl:1")).isLessThan(text.indexOf(TextReportWriter.TREE_MARKER));
        // Every line of the child's block is indented deeper than the root's body.
        for (int i = childLine + 1; i < lines.length && !lines[i].isEmpty(); i++) {
            assertThat(lines[i]).startsWith("      ");
        }
        assertThat(text).contains("device press-07 · D2 · 2 occurrences");
    }

    @Test
    void fixesComeBeforeTheExplanationAndEvidenceLast() {
        Diagnosis d = Fakes.diagnosis("D1", "401003", "credentials-rejected", Severity.ERROR, "dev-1", T, null);
        String text = TextReportWriter.render(report(List.of(d), List.of(), 0), EN);
        int fix = text.indexOf("Fix:");
        int first = text.indexOf("1. First fix of D1");
        int second = text.indexOf("2. Second fix of D1");
        int why = text.indexOf("Explanation of D1");
        int evidence = text.indexOf("Evidence:");
        assertThat(fix).isPositive();
        assertThat(first).isGreaterThan(fix);
        assertThat(second).isGreaterThan(first);
        assertThat(why).isGreaterThan(second);
        assertThat(evidence).isGreaterThan(why);
        assertThat(text).contains("log.jsonl:1  2026-11-02T08:30:00.123Z  deviceDisconnect  401003");
        assertThat(text).contains("first seen 2026-11-02T08:30:00.123Z, last seen 2026-11-02T08:30:05.123Z");
    }

    @Test
    void rootsBySeverityThenFirstSeenAndChildrenRecursively() {
        List<Diagnosis> ds = List.of(
                Fakes.diagnosis("D1", "409002", "duplicate-connection", Severity.WARNING, "a", T, null),
                Fakes.diagnosis("D2", "404104", "mass-disconnect", Severity.CRITICAL, null, T.plusSeconds(10), null),
                Fakes.diagnosis("D3", "404104", "service-transient", Severity.WARNING, "b", T.plusSeconds(11), "D2"),
                Fakes.diagnosis("D4", "409002", "reconnect-race", Severity.INFO, "b", T.plusSeconds(12), "D3"),
                Fakes.diagnosis("D5", "401003", "credentials-rejected", Severity.ERROR, "c", T.plusSeconds(1), null),
                Fakes.diagnosis("D6", "404104", "connection-lost", Severity.WARNING, "d", T.minusSeconds(1), null),
                // Points at a diagnosis that is not in the report: shown as a root.
                Fakes.diagnosis("D7", "409002", "reconnect-race", Severity.INFO, "e", T, "D99"));
        assertThat(ids(TextReportWriter.layout(ds)))
                .containsExactly("D2@0", "D3@1", "D4@2", "D5@0", "D6@0", "D1@0", "D7@0");

        String text = TextReportWriter.render(report(ds, List.of(), 0), EN);
        assertThat(text).contains("\n         " + TextReportWriter.TREE_MARKER + "[INFO] 409002");
        assertThat(text).contains("hub hub-1 · D2");
    }

    @Test
    void aCycleOfRootCausesIsStillShownOnce() {
        List<Diagnosis> ds = List.of(
                Fakes.diagnosis("D1", "409002", "x", Severity.INFO, "a", T, "D2"),
                Fakes.diagnosis("D2", "409002", "y", Severity.INFO, "a", T, "D1"),
                Fakes.diagnosis("D3", "409002", "z", Severity.INFO, "a", T, "D3"));
        List<String> layout = ids(TextReportWriter.layout(ds));
        assertThat(layout).hasSize(3);
        assertThat(layout).contains("D3@0");
        assertThat(layout.stream().filter(s -> s.endsWith("@0"))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void repeatedSideEffectsReferToTheFirstOne() {
        List<Diagnosis> ds = List.of(
                Fakes.diagnosis("D1", "404104", "mass-disconnect", Severity.CRITICAL, null, T, null),
                Fakes.diagnosis("D2", "404104", "service-transient", Severity.WARNING, "a", T, "D1"),
                Fakes.diagnosis("D3", "404104", "service-transient", Severity.WARNING, "b", T, "D1"));
        String text = TextReportWriter.render(report(ds, List.of(), 0), EN);
        assertThat(text).contains("First fix of D2").doesNotContain("First fix of D3")
                .contains("(fixes and explanation as for D2)").contains("device b · D3");
    }

    @Test
    void atMostFiveEvidenceLines() {
        List<LogEvent> evidence = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            evidence.add(LogEvent.builder().time(T.plusSeconds(i)).operation("deviceConnect")
                    .source("big.jsonl:" + i).build());
        }
        Diagnosis d = new Diagnosis("D1", "401003", "IoTHubUnauthorized", "sas-token-renewal", Severity.INFO,
                Scope.DEVICE, "hub", "dev", null, "t", "e", List.of("f"), List.of(), T, T.plusSeconds(8), 8, null, "r",
                evidence);
        String text = TextReportWriter.render(report(List.of(d), List.of(), 0), EN);
        assertThat(text).contains("big.jsonl:5").doesNotContain("big.jsonl:6").contains("… 3 more");
        // An info record has no error code: the line ends with the operation.
        assertThat(text).contains("big.jsonl:1  2026-11-02T08:30:01.123Z  deviceConnect\n");
    }

    @Test
    void rejectedRecordsAreCappedAtTenAndCountedExactly() {
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            rejected.add(new Rejection("bad.jsonl:" + i, "no [time]"));
        }
        // The report lists 12 of 1500 rejected records.
        String text = TextReportWriter.render(report(List.of(), rejected, 1500), EN);
        assertThat(text).contains("No problems diagnosed.");
        assertThat(text).contains("Rejected records (1,500):");
        assertThat(text).contains("bad.jsonl:10  no [time]").doesNotContain("bad.jsonl:11");
        assertThat(text).contains("… 1,490 more");
    }

    @Test
    void summaryLineHasAllSixCounts() {
        String line = TextReportWriter.summaryLine(new Summary(10, 2, 3, 4, 5), EN);
        assertThat(line).isEqualTo("Summary: 12 records read, 10 events accepted, 2 records rejected,"
                + " 3 late events, 4 devices, 5 diagnoses");
        assertThat(TextReportWriter.render(report(List.of(), List.of(), 0), EN))
                .endsWith("Summary: 12 records read, 12 events accepted, 0 records rejected, 1 late event,"
                        + " 3 devices, 0 diagnoses\n");
    }

    @Test
    void labelsAreLocalised() {
        Diagnosis drop = Fakes.diagnosis("D1", "404104", "connection-lost", Severity.ERROR, "press-07", T, null);
        Diagnosis race = Fakes.diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "press-07", T, "D1");
        DiagnosisReport r = report(List.of(drop, race), List.of(new Rejection("x:1", "kapot")), 1);
        String en = TextReportWriter.render(r, EN);
        String nl = TextReportWriter.render(r, NL);
        assertThat(nl).isNotEqualTo(en);
        assertThat(nl).contains("[FOUT] 404104", "Oplossing:", "Waarom:", "Bewijs:", "apparaat press-07",
                "oorzaak connection-lost", "Geweigerde records (1):", "Samenvatting: 13 records gelezen");
        assertThat(en).contains("[ERROR] 404104", "Fix:", "Why:", "Evidence:", "device press-07",
                "cause connection-lost", "Rejected records (1):");
        for (String key : List.of("severity.info", "severity.warning", "severity.error", "severity.critical",
                "label.cause", "label.device", "label.hub", "label.occurrences", "label.seen", "label.seenOnce",
                "label.fix", "label.why", "label.evidence", "label.more", "label.sameAs", "none",
                "rejected.header", "summary", "explain.http", "explain.category", "explain.meaning",
                "explain.symptoms", "explain.causes", "explain.rules", "explain.related", "explain.references",
                "list.count", "label.confidence", "label.treatedAs", "confidence.documented", "confidence.sdk",
                "confidence.maintainer", "confidence.inferred", "confidence.documented.definition",
                "confidence.sdk.definition", "confidence.maintainer.definition", "confidence.inferred.definition",
                "explain.httpInferred", "explain.httpInferredNote", "explain.aliasNote", "explain.family",
                "explain.confidence", "list.family", "list.inferred", "list.column.code", "list.column.name",
                "list.column.http", "list.column.causes", "docs.header", "docs.written", "docs.index.title",
                "docs.index.intro", "docs.confidence.title", "docs.generated.regenerate", "docs.httpInferred")) {
            assertThat(EN.get(key, 1, 2, 3, 4, 5, 6)).as(key).doesNotStartWith("!");
            assertThat(NL.get(key, 1, 2, 3, 4, 5, 6)).as(key).doesNotStartWith("!");
        }
    }

    @Test
    void everyDiagnosisShowsItsConfidenceAndAnAliasTheCodeItIsReadAs() {
        Diagnosis offline = Fakes.diagnosis("D1", "404102", "device-offline", Severity.WARNING, "press-07", T, null,
                Confidence.INFERRED, "404103");
        Diagnosis race = Fakes.diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "press-07",
                T.plusSeconds(3), "D1", Confidence.MAINTAINER, null);
        DiagnosisReport r = report(List.of(offline, race), List.of(), 0);

        String[] en = TextReportWriter.render(r, EN).split("\n");
        assertThat(en[0]).isEqualTo("[WARNING] 404102 Name404102 (treated as 404103) · cause device-offline"
                + " · confidence inferred");
        assertThat(en[indexOf(en, "409002")]).isEqualTo("   " + TextReportWriter.TREE_MARKER
                + "[INFO] 409002 Name409002 · cause reconnect-race · confidence maintainer");

        String[] nl = TextReportWriter.render(r, NL).split("\n");
        assertThat(nl[0]).isEqualTo("[WAARSCHUWING] 404102 Name404102 (behandeld als 404103) · oorzaak"
                + " device-offline · zekerheid afgeleid");
        assertThat(nl[indexOf(nl, "409002")]).endsWith("· zekerheid beheerder");
        assertThat(TextReportWriter.render(report(List.of(Fakes.diagnosis("D1", "401003", "x", Severity.INFO,
                "d", T, null, Confidence.SDK, null)), List.of(), 0), NL)).contains("zekerheid sdk");
    }

    @Test
    void englishDoesNotDependOnTheMachinesLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(new Locale("nl"));
            assertThat(Messages.forLocale(Locale.ENGLISH).get("label.fix")).isEqualTo("Fix:");
        } finally {
            Locale.setDefault(before);
        }
    }

    private static int indexOf(String[] lines, String needle) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i;
            }
        }
        return -1;
    }
}
