package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Proves the browser harness sees what it must: clean pages stay clean, and console errors, thrown errors and
 * outside requests are all reported. The browser tests share one Chromium and skip without one, unless
 * {@code -Diothubkb.chromium.required=true}; the tests of locating and starting use fake browsers and always run.
 */
class HeadlessChromiumTest {

    private static HeadlessChromium browser;

    @TempDir
    Path tmp;

    private static synchronized HeadlessChromium browser() throws IOException {
        if (browser == null) {
            browser = HeadlessChromium.start(HeadlessChromium.locateOrSkip());
        }
        return browser;
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private Path page(String name, String html) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, html);
        return file;
    }

    @Test
    void aCleanPageHasNoProblemsNoOutsideRequestsAndAPngScreenshot() throws Exception {
        Path html = page("clean.html", """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>clean</title>
                <style>body { font-family: sans-serif; } .bar { fill: #369; }</style></head>
                <body><h1>Report</h1>
                <svg width="120" height="40"><rect class="bar" width="100" height="30"/></svg>
                <img alt="dot" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==">
                <script>console.log("fine"); console.warn("only a warning"); document.title = "ready";</script>
                </body></html>
                """);
        try (HeadlessChromium.Page page = browser().newPage()) {
            page.load(html);
            assertThat(page.problems()).isEmpty();
            assertThat(page.externalRequests()).isEmpty();
            assertThat(page.evaluate("document.title").asText()).isEqualTo("ready");

            Path png = tmp.resolve("clean.png");
            HeadlessChromium.Size size = page.screenshot(png);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("a PNG that decodes").isNotNull();
            assertThat(new HeadlessChromium.Size(image.getWidth(), image.getHeight())).isEqualTo(size);
            assertThat(size.width()).isGreaterThanOrEqualTo(120);
            assertThat(size.height()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void theScreenshotCoversTheWholePageNotOnlyTheViewport() throws Exception {
        Path html = page("tall.html", """
                <!doctype html><html><body style="margin:0">
                <div style="height:3000px;background:linear-gradient(#fff,#036)">tall</div>
                </body></html>
                """);
        try (HeadlessChromium.Page page = browser().newPage()) {
            page.load(html);
            int viewport = page.evaluate("window.innerHeight").asInt();
            HeadlessChromium.Size size = page.screenshot(tmp.resolve("tall.png"));
            assertThat(viewport).isLessThan(3000);
            assertThat(size.height()).isGreaterThanOrEqualTo(3000);
            assertThat(ImageIO.read(tmp.resolve("tall.png").toFile()).getHeight()).isEqualTo(size.height());
        }
    }

    @Test
    void consoleErrorsAndFailedAssertionsAreReportedButLogsAndWarningsAreNot() throws Exception {
        Path html = page("console.html", """
                <!doctype html><html><body><script>
                console.log("just a log");
                console.warn("just a warning");
                console.error("x");
                console.assert(1 === 2, "one is not two");
                console.assert(true, "a passing assertion");
                </script></body></html>
                """);
        try (HeadlessChromium.Page page = browser().newPage()) {
            page.load(html);
            List<String> problems = page.problems();
            assertThat(problems).hasSize(2);
            assertThat(problems.get(0)).startsWith("console.error: x [").contains("console.html:4:");
            assertThat(problems.get(1)).startsWith("console.assert: one is not two");
            assertThat(page.externalRequests()).isEmpty();
        }
    }

    @Test
    void uncaughtErrorsAndUnhandledRejectionsAreReported() throws Exception {
        Path html = page("throws.html", """
                <!doctype html><html><body><script>
                Promise.reject(new Error("rejected and never caught"));
                throw new TypeError("boom");
                </script></body></html>
                """);
        try (HeadlessChromium.Page page = browser().newPage()) {
            page.load(html);
            assertThat(page.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("Uncaught TypeError: boom").contains("throws.html:3:"))
                    .anySatisfy(p -> assertThat(p).startsWith("Uncaught (in promise) Error: rejected and never caught"))
                    .hasSize(2);
        }
    }

    @Test
    void outsideRequestsAreRecordedAndFailedAtOnce() throws Exception {
        Files.writeString(tmp.resolve("style.css"), "body { color: red; }");
        Path html = page("fetches.html", """
                <!doctype html><html><head><link rel="stylesheet" href="style.css"></head><body>
                <img src="http://192.0.2.1/a.png" alt="remote">
                <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline">
                <a href="#section">a link to this page</a>
                <script>
                window.fetched = fetch("http://192.0.2.1/data.json").then(() => "answered", e => "failed: " + e.message);
                window.socket = new WebSocket("ws://192.0.2.1/live");
                window.socket.onerror = () => {};
                </script></body></html>
                """);
        try (HeadlessChromium.Page page = browser().newPage()) {
            long started = System.nanoTime();
            page.load(html);
            assertThat(page.evaluate("window.fetched").asText()).startsWith("failed: ");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("blocked at once, not after a network timeout").isLessThan(Duration.ofSeconds(10));
            // A sibling file counts as outside: a self-contained page needs nothing next to it.
            assertThat(page.externalRequests()).containsExactlyInAnyOrder(tmp.resolve("style.css").toUri().toString(),
                    "http://192.0.2.1/a.png", "http://192.0.2.1/data.json", "ws://192.0.2.1/live");
            assertThat(page.problems()).anySatisfy(p -> assertThat(p).startsWith("browser log (network): ")
                    .contains("ERR_BLOCKED_BY_CLIENT").contains("http://192.0.2.1/a.png"));
        }
    }

    @Test
    void evaluateReturnsNumbersStringsBooleansAndStructures() throws Exception {
        try (HeadlessChromium.Page page = browser().newPage()) {
            page.load(page("empty.html", "<!doctype html><title>t</title><p>two words</p>"));
            assertThat(page.evaluate("6 * 7").isNumber()).isTrue();
            assertThat(page.evaluate("6 * 7").asInt()).isEqualTo(42);
            assertThat(page.evaluate("0.5 + 0.25").asDouble()).isEqualTo(0.75);
            assertThat(page.evaluate("document.querySelector('p').textContent").asText()).isEqualTo("two words");
            JsonNode yes = page.evaluate("document.querySelectorAll('p').length === 1");
            assertThat(yes.isBoolean()).isTrue();
            assertThat(yes.asBoolean()).isTrue();
            assertThat(page.evaluate("'a' === 'b'").asBoolean(true)).isFalse();
            assertThat(page.evaluate("({codes: [404001, 401003], ok: true})").toString())
                    .isEqualTo("{\"codes\":[404001,401003],\"ok\":true}");
            assertThat(page.evaluate("Promise.resolve('later')").asText()).isEqualTo("later");
            assertThat(page.evaluate("1 / 0").asText()).isEqualTo("Infinity");
            assertThat(page.evaluate("undefined").isMissingNode()).isTrue();
            assertThatThrownBy(() -> page.evaluate("noSuchThing.length"))
                    .hasMessageContaining("[noSuchThing.length] threw in the page")
                    .hasMessageContaining("ReferenceError: noSuchThing is not defined");
            assertThat(page.problems()).as("evaluate's own errors are not page problems").isEmpty();
        }
    }

    @Test
    void aBrowserThatDiesIsReportedWithItsOutputAndLeavesNoProcess() throws Exception {
        HeadlessChromium own = HeadlessChromium.start(HeadlessChromium.locateOrSkip());
        try (own; HeadlessChromium.Page page = own.newPage()) {
            page.load(page("alive.html", "<!doctype html><p>alive"));
            List<ProcessHandle> tree = ProcessHandle.of(own.pid()).orElseThrow().descendants().toList();
            ProcessHandle.of(own.pid()).orElseThrow().destroyForcibly();
            // Whichever the harness hears first: the process exit or the closed connection.
            assertThatThrownBy(() -> page.evaluate("1"))
                    .hasMessageMatching("(?s).*(exited with code|DevTools connection (closed|failed)).*output tail:.*");
            own.close();
            assertThat(tree).noneMatch(ProcessHandle::isAlive);
        }
    }

    private Path fakeBrowser(String script) throws IOException {
        Path exe = tmp.resolve("fake-chromium");
        Files.writeString(exe, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        return exe;
    }

    @Test
    void aBrowserThatExitsAtStartIsReportedWithItsExitCodeAndOutput() throws Exception {
        Path exe = fakeBrowser("echo \"cannot open display\" >&2; exit 3");
        assertThatThrownBy(() -> HeadlessChromium.start(exe, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                // The exit and the end of the output race; either way the code and the last words are there.
                .hasMessageMatching("(?s).*exit(ed with)? code 3\\b.*output tail:\\s+cannot open display.*")
                .hasMessageContaining("DevTools listening on");
    }

    @Test
    void aBrowserThatNeverListensTimesOutAndIsKilled() throws Exception {
        Path pidFile = tmp.resolve("pid");
        Path exe = fakeBrowser("echo $$ > '" + pidFile + "'; echo \"starting\"; exec sleep 60");
        long started = System.nanoTime();
        assertThatThrownBy(() -> HeadlessChromium.start(exe, Duration.ofSeconds(1)))
                .hasMessageContaining("Waited 1 s for the [DevTools listening on] line")
                .hasMessageContaining("starting");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void locatesAnExplicitBrowserFirstThenThePathInOrder() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        Path chrome = Files.createFile(second.resolve("google-chrome"));
        Path chromium = Files.createFile(second.resolve("chromium-browser"));
        Path notExecutable = Files.createFile(first.resolve("chromium"));
        for (Path exe : List.of(chrome, chromium)) {
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
        }
        String path = first + ":" + second;

        assertThat(HeadlessChromium.locate(null, "unused", path)).contains(chromium);
        assertThat(HeadlessChromium.locate(" ", "unused", path)).contains(chromium);
        assertThat(HeadlessChromium.locate(chrome.toString(), "unused", path)).contains(chrome);
        assertThat(HeadlessChromium.locate(null, "unused", first.toString())).isEmpty();
        assertThat(HeadlessChromium.locate(null, "unused", null)).isEmpty();
        assertThatThrownBy(() -> HeadlessChromium.locate(notExecutable.toString(), "environment variable [X]", path))
                .hasMessageContaining("environment variable [X] names [" + notExecutable + "]")
                .hasMessageContaining("not an executable file");
    }
}
