package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line: when it is drawn, what it says against a fake clock, and that it is wiped at the end. */
class ProgressTest {

    private static final long MIB = 1L << 20;
    private static final String CLEAR = Progress.RETURN + Progress.CLEAR_TO_END;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Progress progress(long knownBytes, boolean sizeKnown) {
        return new Progress(err, nanos::get, knownBytes, sizeKnown);
    }

    private void advanceSeconds(long s) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    /** Reads {@code n} bytes through the progress's counting stream, as a parser would. */
    private static void read(Progress p, long n) throws Exception {
        try (InputStream in = p.counting(new Zeros(n))) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static void records(Progress p, int n) {
        for (int i = 0; i < n; i++) {
            p.record();
        }
    }

    private Path bigFile(String name) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(new byte[(int) Progress.MIN_BYTES]);
        }
        return p;
    }

    @Test
    void nothingWhenStderrIsNotATerminal() throws Exception {
        Path big = bigFile("big.log");
        Progress p = Progress.forInputs(List.of(new Inputs.Input(big.toString(), big)), false, false, err);

        assertThat(p.enabled()).isFalse();
        p.start();
        p.draw();
        p.close();
        assertThat(err()).isEmpty();
    }

    @Test
    void nothingWithQuiet() throws Exception {
        Path big = bigFile("big.log");
        Progress p = Progress.forInputs(List.of(new Inputs.Input(big.toString(), big)), true, true, err);

        assertThat(p.enabled()).isFalse();
        p.start();
        p.draw();
        p.close();
        assertThat(err()).isEmpty();
    }

    @Test
    void nothingForSmallInputsEvenOnATerminal() throws Exception {
        Progress p = progress(Progress.MIN_BYTES - 1, true);
        p.start();
        read(p, Progress.MIN_BYTES - 1);
        records(p, 1000);
        advanceSeconds(5);
        p.draw();
        p.close();
        assertThat(err()).isEmpty();
    }

    @Test
    void theSizeIsTheFilesSummedAndUnknownWithStandardInputOrAPipe() throws Exception {
        Path big = bigFile("big.log");
        Path small = Files.writeString(dir.resolve("small.log"), "0123456789");
        List<Inputs.Input> files = List.of(new Inputs.Input(big.toString(), big),
                new Inputs.Input(small.toString(), small));

        Progress known = Progress.forInputs(files, false, true, err);
        assertThat(known.line(0, 0, 0)).startsWith("reading: 0% of 8.0 MiB");

        Progress withStdin = Progress.forInputs(List.of(new Inputs.Input(big.toString(), big),
                new Inputs.Input("-", null)), false, true, err);
        assertThat(withStdin.line(0, 0, 0)).isEqualTo("reading: 0 records, 0 records/s");
    }

    @Test
    void theLineSaysShareRecordsRateAndTimeLeft() throws Exception {
        Progress p = progress(100 * MIB, true);
        p.start();
        assertThat(err()).isEqualTo("\rreading: 0% of 100.0 MiB, 0 records, 0 records/s, ETA ?\u001b[K");

        read(p, 25 * MIB);
        records(p, 50_000);
        advanceSeconds(10);
        p.draw();
        // 25 MiB in 10 s: the remaining 75 MiB take 30 s more.
        assertThat(err()).endsWith("\rreading: 25% of 100.0 MiB, 50000 records, 5000 records/s, ETA 30s\u001b[K");

        read(p, 75 * MIB);
        records(p, 150_000);
        advanceSeconds(30);
        p.draw();
        assertThat(err()).endsWith("\rreading: 100% of 100.0 MiB, 200000 records, 5000 records/s, ETA 0s\u001b[K");
        p.close();
        assertThat(err()).doesNotContain("\n");
    }

    @Test
    void standardInputShowsRecordsAndRateOnlyOnceItHasGivenEnough() throws Exception {
        Progress p = progress(0, false);
        p.start();
        read(p, Progress.MIN_BYTES - 1);
        records(p, 10);
        advanceSeconds(1);
        p.draw();
        assertThat(err()).as("under the threshold so far").isEmpty();

        read(p, 1);
        records(p, 30);
        advanceSeconds(1);
        p.draw();
        assertThat(err()).isEqualTo("\rreading: 40 records, 20 records/s\u001b[K");
    }

    @Test
    void closingWipesTheLineAndStopsDrawing() throws Exception {
        Progress p = progress(Progress.MIN_BYTES, true);
        p.start();
        read(p, MIB);
        p.draw();
        p.close();
        String afterClose = err();
        assertThat(afterClose).endsWith(CLEAR);

        p.draw();
        p.close();
        assertThat(err()).as("nothing after close").isEqualTo(afterClose);
    }

    @Test
    void closingWithoutHavingDrawnPrintsNothing() {
        Progress p = progress(0, false);
        p.start();
        p.close();
        assertThat(err()).isEmpty();
    }

    @Test
    void theTimerRedrawsTheLineWhileOpen() throws Exception {
        Progress p = new Progress(err, System::nanoTime, 100 * MIB, true);
        p.start();
        read(p, MIB);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!err().contains("1% of") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.close();
        assertThat(err()).contains("\rreading: 1% of 100.0 MiB").endsWith(CLEAR);
    }

    @Test
    void gzipIsCountedInFileBytesNotDecompressedBytes() throws Exception {
        Path gz = dir.resolve("half-noise.log.gz");
        byte[] noise = new byte[(int) MIB];
        new Random(5).nextBytes(noise);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 4; i++) {
                out.write(noise);
                out.write(new byte[(int) MIB]);
            }
        }
        Progress p = progress(Files.size(gz), true);
        try (InputStream in = Inputs.open(new Inputs.Input(gz.toString(), gz), InputStream.nullInputStream(), p)) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(8 * MIB);
        }
        assertThat(p.bytesRead()).isEqualTo(Files.size(gz)).isLessThan(8 * MIB);
    }

    @Test
    void recordsAreCountedOncePerEventOrRejectionAcrossInputs() throws Exception {
        Path a = Files.writeString(dir.resolve("a.log"), "ok a\nbroken\nok b\n");
        Path b = Files.writeString(dir.resolve("b.log"), "ok c\n");
        Progress p = progress(0, true);
        Fakes.LineParser lines = new Fakes.LineParser("lines", null);
        List<InputMerger.Feed> feeds = List.of(
                InputMerger.feed(new Inputs.Input(a.toString(), a), List.of(lines), InputStream.nullInputStream(), p),
                InputMerger.feed(new Inputs.Input(b.toString(), b), List.of(lines), InputStream.nullInputStream(), p));
        Fakes.Kb kb = new Fakes.Kb(List.of(), List.of());
        InputMerger.merge(feeds, kb.newSession(org.iothubkb.core.api.SessionOptions.defaults()));

        assertThat(kb.submitted).hasSize(3);
        assertThat(kb.rejected).hasSize(1);
        assertThat(p.recordsRead()).isEqualTo(4);
        assertThat(p.bytesRead()).isEqualTo(Files.size(a) + Files.size(b));
    }

    @Test
    void timeLeftIsReadable() {
        assertThat(Progress.eta(0)).isEqualTo("0s");
        assertThat(Progress.eta(59)).isEqualTo("59s");
        assertThat(Progress.eta(65)).isEqualTo("1m05s");
        assertThat(Progress.eta(3599)).isEqualTo("59m59s");
        assertThat(Progress.eta(2 * 3600 + 7 * 60 + 30)).isEqualTo("2h07m");
    }

    @Test
    void stderrIsATerminalOnlyWhenItIsOneOrTheOverrideSaysSo() {
        Map<String, String> none = Map.of();
        assertThat(Progress.stderrIsTerminal(none, true, "/dev/pts/3")).isTrue();
        assertThat(Progress.stderrIsTerminal(none, false, "/dev/pts/3")).as("stdout redirected: fine").isTrue();
        assertThat(Progress.stderrIsTerminal(none, false, "/dev/tty1")).isTrue();
        assertThat(Progress.stderrIsTerminal(none, true, "pipe:[81231]")).as("2>&1 | less").isFalse();
        assertThat(Progress.stderrIsTerminal(none, true, "/home/u/err.log")).as("2> err.log").isFalse();
        assertThat(Progress.stderrIsTerminal(none, true, "/dev/null")).isFalse();
        assertThat(Progress.stderrIsTerminal(none, true, null)).as("no /proc: the console decides").isTrue();
        assertThat(Progress.stderrIsTerminal(none, false, null)).isFalse();

        assertThat(Progress.stderrIsTerminal(Map.of("TERM", "dumb"), true, "/dev/pts/3")).isFalse();
        assertThat(Progress.stderrIsTerminal(Map.of("TERM", "xterm-256color"), true, "/dev/pts/3")).isTrue();

        assertThat(Progress.stderrIsTerminal(Map.of(Progress.OVERRIDE_ENV, "always", "TERM", "dumb"), false,
                "pipe:[1]")).isTrue();
        assertThat(Progress.stderrIsTerminal(Map.of(Progress.OVERRIDE_ENV, "Never"), true, "/dev/pts/3")).isFalse();
        assertThat(Progress.stderrIsTerminal(Map.of(Progress.OVERRIDE_ENV, "auto"), true, "/dev/pts/3")).isTrue();
    }

    /** {@code n} zero bytes, without holding them. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long n) {
            left = n;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
