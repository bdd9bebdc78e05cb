package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTML report in a real browser (headless Chromium): the page of every example, written by the built CLI,
 * renders without a console error or an outside request, holds the parts its diagnoses call for, and is
 * screenshotted into {@code target/screenshots}. Skipped without Chromium unless {@code iothubkb.chromium.required}.
 */
class HtmlReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static HeadlessChromium browser;
    private static Path pages;

    @BeforeAll
    static void startTheBrowser() throws Exception {
        browser = HeadlessChromium.start(HeadlessChromium.locateOrSkip());
        pages = Files.createTempDirectory("iothub-kb-html");
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The page for {@code example}, written by {@code diagnose --format html --output}, and its JSON report. */
    private static Path page(String example, String... more) throws Exception {
        Path log = CliProcess.examples().resolve(example);
        Path page = pages.resolve(example + (more.length == 0 ? "" : "." + String.join("-", more)) + ".html");
        String[] args = new String[5 + more.length];
        args[0] = "diagnose";
        args[1] = "--format";
        args[2] = "html";
        args[3] = "--output";
        args[4] = page.toString();
        System.arraycopy(more, 0, args, 5, more.length);
        String[] withLog = java.util.Arrays.copyOf(args, args.length + 1);
        withLog[args.length] = log.toString();
        CliProcess.Result r = CliProcess.run(withLog);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(page).isRegularFile();
        return page;
    }

    private static JsonNode report(String example) throws Exception {
        CliProcess.Result r = CliProcess.run("diagnose", "--format", "json",
                CliProcess.examples().resolve(example).toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static int count(HeadlessChromium.Page p, String selector) {
        return p.evaluate("document.querySelectorAll(" + JSON.valueToTree(selector) + ").length").asInt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reconnect-race.jsonl", "token-renewal.jsonl", "mass-disconnect.jsonl",
        "shared-identity.jsonl", "credentials-rejected.jsonl", "commands-and-methods.jsonl",
        "event-grid-flapping.json"})
    void everyExamplesPageRendersCleanlyFetchesNothingAndDrawsWhatItsDiagnosesCallFor(String example)
            throws Exception {
        Path page = page(example);
        JsonNode report = report(example);
        Set<String> ids = new HashSet<>();
        report.get("diagnoses").forEach(d -> ids.add(d.get("id").asText()));
        int roots = 0;
        int hubWide = 0;
        Set<String> devices = new HashSet<>();
        for (JsonNode d : report.get("diagnoses")) {
            if (d.get("rootCauseId").isNull() || !ids.contains(d.get("rootCauseId").asText())) {
                roots++;
            }
            if ("hub".equals(d.get("scope").asText())) {
                hubWide++;
            } else {
                devices.add(d.get("hub").asText() + "/" + d.get("deviceId").asText());
            }
        }

        try (HeadlessChromium.Page p = browser.newPage()) {
            p.load(page);
            HeadlessChromium.Size shot = p.screenshot(SHOTS.resolve(example + ".png"));

            assertThat(p.problems()).as("console errors, exceptions and failed loads").isEmpty();
            assertThat(p.externalRequests()).as("requests leaving the page").isEmpty();
            assertThat(p.evaluate("document.title").asText()).startsWith("IoT Hub diagnosis: ");
            assertThat(count(p, "article.cause")).isEqualTo(roots);
            assertThat(count(p, "article.device svg.timeline")).isEqualTo(Math.min(devices.size(),
                    HtmlSink.MAX_TIMELINES));
            assertThat(count(p, "svg.fleet")).isEqualTo(hubWide);
            assertThat(count(p, "#causes .kql code")).isGreaterThanOrEqualTo(roots);
            // Every drawing was laid out by the browser with a real size, and every timeline has marks on it.
            assertThat(p.evaluate("Array.from(document.querySelectorAll('svg.timeline, svg.fleet'))"
                    + ".every(s => s.getBoundingClientRect().width > 600 && s.getBoundingClientRect().height > 60)")
                    .asBoolean()).isTrue();
            assertThat(p.evaluate("Array.from(document.querySelectorAll('svg.timeline'))"
                    + ".every(s => s.querySelectorAll('.mark').length > 0 && s.querySelectorAll('.bar').length > 0)")
                    .asBoolean()).isTrue();
            if (report.get("diagnoses").isEmpty()) {
                // A quiet log still gets a whole page, every part saying there is nothing to show.
                assertThat(count(p, "#causes p.none, #fleet p.none, #timelines p.none")).isEqualTo(3);
            }
            // The browser window's width, less a scroll bar when the page is taller than the window.
            assertThat(shot.width()).isBetween(1200, 1280);
            assertThat(shot.height()).isGreaterThan(600);
        }
        assertThat(SHOTS.resolve(example + ".png")).isRegularFile();
    }

    @Test
    void foldsFilterAndCopyWorkInTheBrowserWithoutAnError() throws Exception {
        Path page = page("mass-disconnect.jsonl");
        JsonNode report = report("mass-disconnect.jsonl");
        Set<String> sensor01 = new HashSet<>();
        String sideEffect = null;
        for (JsonNode d : report.get("diagnoses")) {
            if (d.get("deviceId").asText("").startsWith("sensor-01")) {
                sensor01.add(d.get("deviceId").asText());
            }
            if (sideEffect == null && !d.get("rootCauseId").isNull()) {
                sideEffect = d.get("id").asText();
            }
        }
        assertThat(sensor01).isNotEmpty();
        assertThat(sideEffect).isNotNull();

        try (HeadlessChromium.Page p = browser.newPage()) {
            p.load(page);
            assertThat(count(p, "#causes details[open]")).isZero();
            p.evaluate("document.getElementById('expand-all').click()");
            assertThat(count(p, "#causes details:not([open])")).isZero();
            p.evaluate("document.getElementById('collapse-all').click()");
            assertThat(count(p, "#causes details[open]")).isZero();

            // A link to a side effect folded away opens the folds around it (Chromium does this itself; the page's
            // script does it for browsers that do not).
            p.evaluate("location.hash = " + JSON.valueToTree(sideEffect));
            assertThat(p.evaluate("document.getElementById(" + JSON.valueToTree(sideEffect)
                    + ").closest('details').open").asBoolean()).isTrue();

            p.evaluate("const f = document.getElementById('device-filter'); f.value = 'sensor-01';"
                    + " f.dispatchEvent(new Event('input'))");
            assertThat(count(p, "article.device:not(.hidden)")).isEqualTo(sensor01.size());
            p.evaluate("const g = document.getElementById('device-filter'); g.value = '';"
                    + " g.dispatchEvent(new Event('input'))");
            assertThat(count(p, "article.device.hidden")).isZero();

            // A malformed address does not break the page's script.
            p.evaluate("location.hash = '%E0'");
            p.evaluate("1");
            assertThat(p.problems()).isEmpty();

            // Copying may be refused to a page from a file; either way the button must not raise an error.
            p.evaluate("document.querySelector('button.copy').click()");
            p.evaluate("1");
            assertThat(p.problems()).isEmpty();
            p.screenshot(SHOTS.resolve("mass-disconnect.filtered.png"));
        }
    }

    @Test
    void theDutchPageIsDutch() throws Exception {
        Path page = page("reconnect-race.jsonl", "--lang", "nl");
        try (HeadlessChromium.Page p = browser.newPage()) {
            p.load(page);
            assertThat(p.problems()).isEmpty();
            assertThat(p.evaluate("document.documentElement.lang").asText()).isEqualTo("nl");
            assertThat(p.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent).join('|')")
                    .asText()).isEqualTo("Samenvatting|Hoofdoorzaken|Vloot|Tijdlijnen per apparaat|Geweigerde records");
            p.screenshot(SHOTS.resolve("reconnect-race.nl.png"));
        }
    }
}
