package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

/** {@code --format markdown}: a section per root cause, side effects in its table, text made inert. */
class MarkdownSinkTest {

    private final Diagnosis drop = Fakes.diagnosis("D1", "404104", "connection-lost", Severity.WARNING,
            "press_01|a", Fakes.T0, null);
    private final Diagnosis race = Fakes.diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "press_01|a",
            Fakes.T0.plusSeconds(3), "D1");
    private final Diagnosis other = Fakes.diagnosis("D3", "429001", "device-burst", Severity.WARNING, "pump-7",
            Fakes.T0.plusSeconds(60), null);
    private final DiagnosisReport report = new DiagnosisReport(new Summary(20, 1, 0, 2, 3),
            List.of(drop, race, other), List.of(new Rejection("a.jsonl:7", "line is not JSON: [<b>x</b>]")));

    private String render(Locale locale) {
        return MarkdownSink.render(report, Messages.forLocale(locale));
    }

    @Test
    void oneSectionPerRootCauseWithItsSideEffectsInATable() {
        String md = render(Locale.ENGLISH);

        assertThat(md).startsWith("# IoT Hub diagnosis\n\nSummary: 21 records read,");
        // Roots by severity, then time: the drop and the burst (both warnings), the race only under the drop.
        assertThat(md).contains("## 1. 404104 Name404104: connection-lost (WARNING)",
                "## 2. 429001 Name429001: device-burst (WARNING)").doesNotContain("## 3.");
        String first = md.substring(md.indexOf("## 1."), md.indexOf("## 2."));
        assertThat(first).contains("**Side effects (1):**", "| 409002 Name409002 | reconnect-race |",
                "- [ ] First fix of D1", "- [ ] Second fix of D1", "**Why:** Explanation of D1",
                "- <https://example.org/404104>", "```text\n");
        assertThat(md.substring(md.indexOf("## 2."))).doesNotContain("reconnect-race");
        assertThat(md).contains("## Rejected records (1)", "- `a.jsonl:7`: line is not JSON: \\[\\<b\\>x\\</b\\>\\]");
    }

    @Test
    void deviceIdsAndTextsCannotBreakTheTableOrStartFormatting() {
        String md = render(Locale.ENGLISH);
        // The device id holds an underscore and a pipe: both escaped in the cell, so the row keeps its two columns.
        assertThat(md).contains("| Device | press\\_01\\|a |");
        assertThat(MarkdownSink.text("a*b `c` [d](e) <script>")).isEqualTo("a\\*b \\`c\\` \\[d\\](e) \\<script\\>");
        assertThat(MarkdownSink.cell("x|y\nz")).isEqualTo("x\\|y z");
    }

    @Test
    void dutchHeadingsAndLabels() {
        String md = render(Locale.forLanguageTag("nl"));
        assertThat(md).startsWith("# IoT Hub-diagnose\n").contains("**Gevolgen (1):**", "**Oplossing:**",
                "| Apparaat |", "## Geweigerde records (1)");
        assertThat(md).isNotEqualTo(render(Locale.ENGLISH));
    }
}
