package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --format html}: the page's parts, what they are drawn from, and that nothing from a log can reach its
 * markup or make it load anything. The page in a real browser: {@code HtmlReportIT}.
 */
class HtmlSinkTest {

    private static final Messages EN = Messages.forLocale(Locale.ENGLISH);
    private static DiagnosisReport massReport;
    private static DeviceActivity massActivity;

    @BeforeAll
    static void diagnoseTheMassDisconnectExample() throws Exception {
        KnowledgeBase kb = KnowledgeBase.builder().build();
        massActivity = DeviceActivity.ofInput();
        DiagnosisSession session = massActivity.recording(kb.newSession(SessionOptions.defaults()));
        Path log = Path.of(System.getProperty("iothubkb.examples", "../examples"), "mass-disconnect.jsonl");
        InputMerger.merge(List.of(InputMerger.feed(new Inputs.Input(log.toString(), log),
                List.of(new AzureMonitorLogsParser()), java.io.InputStream.nullInputStream(), Progress.off())),
                session);
        massReport = session.close();
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aHubIncidentGetsItsFleetChartAndEveryAffectedDeviceATimeline() {
        String html = HtmlSink.render(massReport, massActivity, EN);
        List<Diagnosis> ds = massReport.getDiagnoses();
        long hubScope = ds.stream().filter(d -> d.getScope() == Scope.HUB).count();
        long devices = ds.stream().filter(d -> d.getDeviceId() != null).map(Diagnosis::getDeviceId).distinct()
                .count();
        assertThat(hubScope).isEqualTo(1);
        assertThat(devices).isEqualTo(30);

        assertThat(count(html, "<svg class=\"fleet\"")).isEqualTo(1);
        assertThat(count(html, "<article class=\"device\"")).isEqualTo(30);
        // The incident's minute: the 30 devices that dropped at 09:00, each counted once.
        assertThat(html).contains("data-max=\"30\"");
        // Every timeline shows the hub incident as a band and an arrow from it to the device's own diagnosis.
        assertThat(count(html, "class=\"band-label\"")).isEqualTo(30);
        assertThat(count(html, "<path class=\"chain\" marker-end")).isEqualTo(30);
        // One root-cause section (the incident), with all 30 side effects folded under it.
        assertThat(count(html, "<article class=\"cause ")).isEqualTo(1);
        assertThat(html).contains("data-effects=\"30\"", "<summary>Side effects (30)</summary>");
        // A KQL query for the root and one per kind of side effect (404104 and 500001 service-transient).
        assertThat(count(html, "<div class=\"kql\">")).isEqualTo(3);
        assertThat(html).contains("summarize Devices = dcount(tostring(parse_json(properties_s).deviceId))");
        assertThat(html).contains("<span class=\"n\" data-severity=\"critical\">1</span>",
                "<span class=\"n\" data-severity=\"warning\">30</span>");
        assertThat(html).doesNotContain("!html.", "!kql.", "!md.");
    }

    @Test
    void timelinesHoldEveryConnectDisconnectAndErrorOfTheirDeviceInTheWindow() {
        String html = HtmlSink.render(massReport, massActivity, EN);
        Matcher m = Pattern.compile("data-device=\"([^\"]+)\".*?data-marks=\"(\\d+)\"", Pattern.DOTALL).matcher(html);
        int timelines = 0;
        while (m.find()) {
            timelines++;
            String device = m.group(1);
            String hub = massReport.getDiagnoses().stream().filter(d -> device.equals(d.getDeviceId()))
                    .findFirst().orElseThrow().getHub();
            int kept = massActivity.marks(hub, device).size();
            // Drawn, plus the note's count of those outside the window, is all the device's records.
            Matcher note = Pattern.compile("data-device=\"" + Pattern.quote(device)
                    + "\".*?</svg></div>\\n(?:<p class=\"note\">(\\d+) records?)?", Pattern.DOTALL).matcher(html);
            assertThat(note.find()).isTrue();
            int outside = note.group(1) == null ? 0 : Integer.parseInt(note.group(1));
            assertThat(Integer.parseInt(m.group(2)) + outside).as(device).isEqualTo(kept);
            assertThat(kept).as(device).isPositive();
        }
        assertThat(timelines).isEqualTo(30);
    }

    @Test
    void textFromTheLogCannotBecomeMarkupAndThePageLoadsNothing() {
        String evil = "<script>alert('x')</script>\"&";
        LogEvent e = LogEvent.builder().time(Fakes.T0).hub("hub<b>").deviceId(evil).category("Connections")
                .operation("deviceDisconnect").errorCode("404104").source("a<i>.jsonl:1").build();
        Diagnosis d = new Diagnosis("D1", "404104", "N<n>", "connection-lost", Severity.WARNING, Scope.DEVICE,
                "hub<b>", evil, null, "title " + evil, "why " + evil, List.of("fix " + evil),
                List.of("https://example.org/a\"b", "javascript:alert(1)"), Fakes.T0, Fakes.T0, 1, null, "rule",
                List.of(e));
        DiagnosisReport report = new DiagnosisReport(new Summary(1, 1, 0, 1, 1), List.of(d),
                List.of(new Rejection("b.jsonl:2", "not JSON: [" + evil + "]")));
        String html = HtmlSink.render(report, DeviceActivity.fromEvidence(report), EN);

        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).doesNotContain("<b>", "<i>", "<n>", "alert('x')", "href=\"javascript:")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;",
                        "href=\"https://example.org/a&quot;b\"");
        // Self-contained: no element loads anything, and the only URLs are links to references.
        assertThat(html).doesNotContainPattern("(?i)<(img|link|iframe|object|embed|audio|video|source)\\b")
                .doesNotContainPattern("(?i)\\bsrc\\s*=").doesNotContain("@import").doesNotContainPattern(
                        "url\\((?!#arrow-)");
        List<String> urls = new ArrayList<>();
        Matcher m = Pattern.compile("https?://[^\"<\\s]+").matcher(html);
        while (m.find()) {
            urls.add(m.group());
        }
        assertThat(urls).allMatch(u -> u.startsWith("https://example.org/"));
    }

    @Test
    void withoutARecordingThePageSaysItDrewFromTheEvidence() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlSink().write(massReport, Locale.ENGLISH, out);
        String html = out.toString(StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
                .contains("Drawn from the diagnoses&#39; evidence only");
        assertThat(HtmlSink.render(massReport, massActivity, EN)).doesNotContain("Drawn from the diagnoses");
    }

    @Test
    void dutch() {
        String html = HtmlSink.render(massReport, massActivity, Messages.forLocale(Locale.forLanguageTag("nl")));
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"nl\">").contains("<h2>Samenvatting</h2>",
                "Tijdlijnen per apparaat", "De oplossing controleren in Log Analytics (KQL)", "// Vallen er nog");
        assertThat(html).doesNotContain("!html.", "!kql.", "!md.", "Device timelines");
    }

    @Test
    void anEmptyReportSaysSoInEveryPart() {
        DiagnosisReport empty = new DiagnosisReport(new Summary(0, 0, 0, 0, 0), List.of(), List.of());
        String html = HtmlSink.render(empty, DeviceActivity.ofInput(), EN);
        assertThat(html).contains("No problems diagnosed.", "No hub-wide incident was diagnosed.",
                "No device has a problem of its own.", "No record was rejected.");
        assertThat(html).doesNotContain("<svg class=\"timeline\"", "id=\"device-filter\"");
    }

    @Test
    void timelinesAreCappedMostSevereFirstAndTheRestCounted() {
        List<Diagnosis> ds = new ArrayList<>();
        for (int i = 1; i <= HtmlSink.MAX_TIMELINES + 5; i++) {
            ds.add(Fakes.diagnosis("D" + i, "404104", "connection-lost", i == 104 ? Severity.CRITICAL
                    : Severity.WARNING, "dev-" + i, Fakes.T0.plusSeconds(i), null));
        }
        DiagnosisReport report = new DiagnosisReport(new Summary(105, 0, 0, 105, 105), ds, List.of());
        String html = HtmlSink.render(report, DeviceActivity.fromEvidence(report), EN);
        assertThat(count(html, "<article class=\"device\"")).isEqualTo(HtmlSink.MAX_TIMELINES);
        assertThat(html).contains("Timelines are drawn for 100 of the 105 affected devices");
        // The critical one comes first, though it began late.
        assertThat(html.indexOf("data-device=\"dev-104\"")).isLessThan(html.indexOf("data-device=\"dev-1\""));
        assertThat(html).doesNotContain("data-device=\"dev-105\"");
    }

    @Test
    void marksOnTheSamePixelAreDrawnOnceAndCounted() {
        DeviceActivity a = DeviceActivity.ofInput();
        List<LogEvent> evidence = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            LogEvent e = LogEvent.builder().time(Fakes.T0.plusMillis(i)).hub("hub-1").deviceId("busy")
                    .category("Connections").operation("deviceDisconnect").errorCode("404104").level("Error")
                    .source("log.jsonl:" + (i + 1)).build();
            a.record(e);
            evidence.add(e);
        }
        Diagnosis d = new Diagnosis("D1", "404104", "N", "connection-lost", Severity.WARNING, Scope.DEVICE, "hub-1",
                "busy", null, "t", "e", List.of("f"), List.of(), Fakes.T0, Fakes.T0.plusMillis(499), 500, null, "r",
                evidence.subList(0, Diagnosis.MAX_EVIDENCE));
        String html = HtmlSink.render(new DiagnosisReport(new Summary(500, 0, 0, 1, 1), List.of(d), List.of()), a,
                EN);
        String svg = html.substring(html.indexOf("<svg class=\"timeline\""), html.indexOf("</svg>",
                html.indexOf("<svg class=\"timeline\"")));
        assertThat(svg).contains("data-marks=\"500\"");
        // Half a second on a 750-pixel axis of at least ten seconds: a handful of pixels, one mark each.
        int drawn = count(svg, "<path class=\"mark disconnect failed\"");
        assertThat(drawn).isBetween(1, 50);
        Matcher more = Pattern.compile("and (\\d+) more of the same at this point").matcher(svg);
        int folded = 0;
        while (more.find()) {
            folded += Integer.parseInt(more.group(1));
        }
        assertThat(drawn + folded).isEqualTo(500);
    }

    @Test
    void aLongIncidentsBarsCoverSeveralMinutesAndCountEachDeviceOnce() {
        // One device drops every minute for 400 minutes: 420 minutes with the margins, more than 360 bars.
        DeviceActivity a = DeviceActivity.ofInput();
        List<LogEvent> drops = new ArrayList<>();
        for (int m = 0; m < 400; m++) {
            LogEvent e = LogEvent.builder().time(Fakes.T0.plusSeconds(60L * m)).hub("h<1>").deviceId("d1")
                    .category("Connections").operation("deviceDisconnect").errorCode("404104").source("l:" + m)
                    .build();
            a.record(e);
            drops.add(e);
        }
        Diagnosis incident = new Diagnosis("D1", "404104", "N", "mass-disconnect", Severity.CRITICAL, Scope.HUB,
                "h<1>", null, null, "title <b>", "e", List.of(), List.of(), Fakes.T0, Fakes.T0.plusSeconds(60L * 399),
                1, null, "r", drops.subList(0, 20));
        String html = HtmlSink.render(new DiagnosisReport(new Summary(400, 0, 0, 1, 1), List.of(incident), List.of()),
                a, EN);
        assertThat(html).contains("counted once per 2 minutes", "data-bars=\"210\"", "data-max=\"1\"",
                "1 device dropped in these 2 minutes", "Devices of hub h&lt;1&gt; that dropped")
                .doesNotContain("h<1>", "<b>", "2 devices dropped");
    }

    @Test
    void styleAndScriptCannotEndTheirBlockEarly() {
        assertThat(HtmlSink.resource("report.css")).doesNotContain("</");
        assertThat(HtmlSink.resource("report.js")).doesNotContain("</").contains("'use strict'");
    }
}
