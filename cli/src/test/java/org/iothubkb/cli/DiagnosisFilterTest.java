package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --since/--until/--device}: which diagnoses are reported, and that their root causes stay. */
class DiagnosisFilterTest {

    private static final Instant T0 = Fakes.T0;

    // A hub-wide drop (no device) at T0, a device's drop under it, the reconnect race under that drop; another
    // device's drop an hour later.
    private final Diagnosis hubDrop = Fakes.diagnosis("D1", "404104", "mass-disconnect", Severity.ERROR, null, T0,
            null);
    private final Diagnosis pressDrop = Fakes.diagnosis("D2", "404104", "connection-lost", Severity.WARNING,
            "press-01", T0.plusSeconds(2), "D1");
    private final Diagnosis pressRace = Fakes.diagnosis("D3", "409002", "reconnect-race", Severity.INFO, "press-01",
            T0.plusSeconds(4), "D2");
    private final Diagnosis pumpLater = Fakes.diagnosis("D4", "404104", "connection-lost", Severity.WARNING,
            "pump-7", T0.plusSeconds(3_600), null);
    private final DiagnosisReport report = new DiagnosisReport(new Summary(100, 2, 1, 40, 4),
            List.of(hubDrop, pressDrop, pressRace, pumpLater), List.of(new Rejection("a.jsonl:3", "bad")));

    private static List<String> ids(DiagnosisReport r) {
        return r.getDiagnoses().stream().map(Diagnosis::getId).toList();
    }

    @Test
    void aDevicePatternKeepsItsDiagnosesAndTheRootCausesTheyPointTo() {
        DiagnosisReport r = new DiagnosisFilter(null, null, List.of("press-*")).apply(report);

        assertThat(ids(r)).containsExactly("D1", "D2", "D3");
        assertThat(r.getSummary().getDiagnoses()).isEqualTo(3);
        // The records were all read: only the diagnoses are selected.
        assertThat(r.getSummary().getRecordsRead()).isEqualTo(102);
        assertThat(r.getSummary().getDevices()).isEqualTo(40);
        assertThat(r.getRejected()).hasSize(1);
    }

    @Test
    void patternsAreShellLikeCaseSensitiveAndRepeatable() {
        assertThat(ids(new DiagnosisFilter(null, null, List.of("pump-?")).apply(report))).containsExactly("D4");
        assertThat(ids(new DiagnosisFilter(null, null, List.of("PRESS-*")).apply(report))).isEmpty();
        assertThat(ids(new DiagnosisFilter(null, null, List.of("pump-7", "press-01")).apply(report)))
                .containsExactly("D1", "D2", "D3", "D4");
        // Regular-expression characters are literal.
        assertThat(DiagnosisFilter.glob("a.b(c)*").matcher("a.b(c)-x").matches()).isTrue();
        assertThat(DiagnosisFilter.glob("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void aTimeWindowKeepsDiagnosesWhoseSpanOverlapsIt() {
        // Fakes' diagnoses last 5 s from their first record.
        DiagnosisFilter lateOnly = new DiagnosisFilter(T0.plusSeconds(60), null, List.of());
        assertThat(ids(lateOnly.apply(report))).containsExactly("D4");
        DiagnosisFilter earlyOnly = new DiagnosisFilter(null, T0.plusSeconds(60), List.of());
        assertThat(ids(earlyOnly.apply(report))).containsExactly("D1", "D2", "D3");
        // Still going on at --since: D1 (T0 .. T0+5s) overlaps [T0+5s, ...).
        assertThat(ids(new DiagnosisFilter(T0.plusSeconds(5), T0.plusSeconds(6), List.of()).apply(report)))
                .containsExactly("D1", "D2", "D3");
        assertThat(ids(new DiagnosisFilter(T0.plusSeconds(10), T0.plusSeconds(20), List.of()).apply(report)))
                .isEmpty();
    }

    @Test
    void timesAreInstantsWithAZoneOrDaysInUtc() {
        assertThat(DiagnosisFilter.parseInstant("since", "2026-11-02T09:00:00+01:00"))
                .isEqualTo(Instant.parse("2026-11-02T08:00:00Z"));
        assertThat(DiagnosisFilter.parseInstant("since", "2026-11-02")).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
        assertThatThrownBy(() -> DiagnosisFilter.parseInstant("since", "yesterday"))
                .hasMessageContaining("--since: [yesterday] is not a time");
        assertThatThrownBy(() -> new DiagnosisFilter(T0, T0, List.of())).hasMessageContaining("must be before");
    }

    @TempDir
    Path dir;

    @Test
    void onTheCommandLine() throws Exception {
        Path a = Files.writeString(dir.resolve("a.jsonl"), "ok a\n");
        Fakes.Kb kb = new Fakes.Kb(report.getDiagnoses(), List.of());
        Fakes.LineParser lines = new Fakes.LineParser("lines", null);

        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--format", "json", "--device", "pump-*",
                "--since", "2026-11-02", a.toString());
        assertThat(r.exit).as(r.err).isZero();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out);
        assertThat(json.get("diagnoses")).singleElement().satisfies(d -> assertThat(d.get("id").asText())
                .isEqualTo("D4"));
        assertThat(json.get("summary").get("diagnoses").asInt()).isEqualTo(1);

        Fakes.Run bad = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--until", "soon", a.toString());
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err).contains("--until: [soon] is not a time");
        assertThat(Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--device", "", a.toString()).exit).isEqualTo(2);
        assertThat(Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--since", "2026-11-03", "--until",
                "2026-11-02", a.toString()).err).contains("must be before");
    }
}
