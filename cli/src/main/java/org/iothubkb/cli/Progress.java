package org.iothubkb.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The progress line {@code diagnose} keeps rewriting on standard error while it reads big inputs: the share of the
 * input bytes read, the records read, records per second and the time left.
 *
 * <p>It is only ever drawn on a terminal, so scripts and pipes never see it, and only for inputs of at least
 * {@value #MIN_BYTES} bytes, so quick runs stay quiet. Bytes are counted as read from the files (compressed, for
 * gzip) so that the share is measured against the files' sizes; standard input has no known size, so only the
 * records and the rate are shown for it. The inputs' threads share the counters; a daemon thread draws the line
 * at most {@code 1000 / }{@value #REFRESH_MILLIS} times a second, so the readers pay one counter increment per
 * record and per block read, nothing more.
 */
final class Progress implements AutoCloseable {

    /** The input size from which the line is drawn: smaller inputs are read before it would help. */
    static final long MIN_BYTES = 8L << 20;

    /** Time between two drawings of the line. */
    static final long REFRESH_MILLIS = 250;

    /** Environment variable forcing the line on ({@code always}) or off ({@code never}) wherever stderr goes. */
    static final String OVERRIDE_ENV = "IOTHUB_KB_PROGRESS";

    /** Moves the cursor to the start of the line; the line is then rewritten over the last one. */
    static final String RETURN = "\r";

    /** ANSI "erase to end of line": wipes what is left of a longer previous line. */
    static final String CLEAR_TO_END = "\u001b[K";

    private static final Progress OFF = new Progress(null, System::nanoTime, 0, false);

    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final long knownBytes;
    private final boolean sizeKnown;
    private final long startNanos;
    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private volatile boolean closed;
    private boolean drawn;
    private Thread timer;

    /**
     * A progress line drawn on {@code err}.
     *
     * @param err        where the line is drawn; {@code null} for none (nothing is counted then)
     * @param nanoTime   the clock, in nanoseconds
     * @param knownBytes the summed size of the inputs whose size is known
     * @param sizeKnown  whether every input's size is known, i.e. none is standard input or a pipe
     */
    Progress(PrintStream err, LongSupplier nanoTime, long knownBytes, boolean sizeKnown) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.knownBytes = knownBytes;
        this.sizeKnown = sizeKnown;
        this.startNanos = nanoTime.getAsLong();
    }

    /** A progress that counts nothing and draws nothing. */
    static Progress off() {
        return OFF;
    }

    /**
     * The progress of one {@code diagnose} run over {@code inputs}: off with {@code --quiet} or when stderr is not
     * a terminal.
     */
    static Progress forInputs(Iterable<Inputs.Input> inputs, boolean quiet, boolean stderrIsTerminal,
                              PrintStream err) {
        if (quiet || !stderrIsTerminal) {
            return off();
        }
        long known = 0;
        boolean allKnown = true;
        for (Inputs.Input input : inputs) {
            long size = input.isStdin() ? -1 : sizeOf(input.path());
            if (size < 0) {
                allKnown = false;
            } else {
                known += size;
            }
        }
        return new Progress(err, System::nanoTime, known, allKnown);
    }

    /** The size of a regular file, else -1: a named pipe or process substitution reports 0 but has more. */
    private static long sizeOf(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.size(path) : -1;
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /** Whether anything is counted and may be drawn; readers skip the counting when not. */
    boolean enabled() {
        return err != null;
    }

    /** Counts one record read, accepted or rejected. */
    void record() {
        records.increment();
    }

    /** The records counted so far. */
    long recordsRead() {
        return records.sum();
    }

    /** The bytes counted so far, as read from the files. */
    long bytesRead() {
        return bytes.sum();
    }

    /** {@code raw} counting the bytes read through it, or {@code raw} itself when this progress is off. */
    InputStream counting(InputStream raw) {
        return enabled() ? new Counting(raw) : raw;
    }

    /** Draws the line now if the input is big enough, then every {@value #REFRESH_MILLIS} ms until closed. */
    void start() {
        if (!enabled()) {
            return;
        }
        // At once, so that a big input shows it is being read even if it is read within the first interval.
        draw();
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(REFRESH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                draw();
            }
        }, "iothub-kb-progress");
        t.setDaemon(true);
        synchronized (this) {
            timer = t;
        }
        t.start();
    }

    /** Draws the line, unless closed or the input is (so far) too small to bother. */
    synchronized void draw() {
        if (closed || !enabled()) {
            return;
        }
        long read = bytesRead();
        if (knownBytes < MIN_BYTES && read < MIN_BYTES) {
            return;
        }
        err.print(RETURN + line(recordsRead(), read, nanoTime.getAsLong() - startNanos) + CLEAR_TO_END);
        err.flush();
        drawn = true;
    }

    /** Stops drawing and wipes the line, so that what is printed next starts on a clean line. */
    @Override
    public synchronized void close() {
        if (closed || !enabled()) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.interrupt();
        }
        if (drawn) {
            err.print(RETURN + CLEAR_TO_END);
            err.flush();
        }
    }

    /** The text of the line after {@code elapsedNanos}, without the control characters. */
    String line(long recordCount, long bytesRead, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        long rate = seconds > 0 ? Math.round(recordCount / seconds) : 0;
        String counts = recordCount + " records, " + rate + " records/s";
        if (!sizeKnown) {
            return "reading: " + counts;
        }
        long percent = knownBytes == 0 ? 100 : Math.min(100, bytesRead * 100 / knownBytes);
        String eta;
        if (bytesRead >= knownBytes) {
            eta = "0s";
        } else if (bytesRead == 0 || elapsedNanos <= 0) {
            eta = "?";
        } else {
            // The average byte rate so far: steadier than the last interval's.
            double left = (knownBytes - bytesRead) * (double) elapsedNanos / bytesRead;
            eta = eta(Math.round(left / 1e9));
        }
        return "reading: " + percent + "% of " + mebibytes(knownBytes) + ", " + counts + ", ETA " + eta;
    }

    /** {@code 45s}, {@code 3m05s} or {@code 2h07m}. */
    static String eta(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private static String mebibytes(long n) {
        return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Is standard error a terminal?

    /**
     * Whether standard error is a terminal the line may be drawn on.
     *
     * <p>{@value #OVERRIDE_ENV}={@code always} or {@code never} decides alone. Otherwise {@code TERM=dumb} means
     * no: such a terminal cannot erase a line. Otherwise, where the system says what file descriptor 2 is (Linux's
     * {@code /proc/self/fd/2}), it must be a terminal device; this is the one check that looks at stderr itself,
     * and it lets {@code diagnose big.log > report.txt} show the line. Elsewhere Java's console is the answer,
     * which exists only when standard input and output are a terminal.
     *
     * @param env         the environment variables
     * @param hasConsole  whether {@link System#console()} is not {@code null}
     * @param stderrTarget what file descriptor 2 points to, e.g. {@code /dev/pts/3}, or {@code null} if unknown
     */
    static boolean stderrIsTerminal(Map<String, String> env, boolean hasConsole, String stderrTarget) {
        String override = env.getOrDefault(OVERRIDE_ENV, "").trim().toLowerCase(Locale.ROOT);
        if (override.equals("always")) {
            return true;
        }
        if (override.equals("never")) {
            return false;
        }
        if ("dumb".equals(env.get("TERM"))) {
            return false;
        }
        if (stderrTarget != null) {
            return stderrTarget.startsWith("/dev/pts/") || stderrTarget.startsWith("/dev/tty")
                    || stderrTarget.equals("/dev/console");
        }
        return hasConsole;
    }

    /** This process's answer to {@link #stderrIsTerminal(Map, boolean, String)}. */
    static boolean stderrIsTerminal() {
        return stderrIsTerminal(System.getenv(), System.console() != null, stderrTarget());
    }

    /** What file descriptor 2 points to, where {@code /proc} says; else {@code null}. */
    private static String stderrTarget() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException | InvalidPathException e) {
            return null;
        }
    }

    /** Counts the bytes read through it; marks are refused so that nothing is counted twice. */
    private final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                bytes.increment();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                bytes.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            if (skipped > 0) {
                bytes.add(skipped);
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
            // refused: see markSupported
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }
    }
}
