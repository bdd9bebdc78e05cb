package org.iothubkb.core.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A small seeded fuzzing harness on plain JUnit: each property runs a fixed number of trials, every trial with its
 * own seed (printed when it fails, so it can be replayed alone), under a time limit that turns a hang into a
 * failure. Self-contained checks on one input are shrunk before they are reported.
 *
 * <p>Budget: {@code -Dfuzz.scale=N} multiplies every trial count (the {@code fuzz} Maven profile sets it);
 * {@code -Dfuzz.seed} changes the base seed; {@code -Dfuzz.trial=NAME:I} runs only trial {@code I} of property
 * {@code NAME}. (jqwik was the first choice; from 1.10 on its maintainer asks that it not be used by AI coding
 * agents, which write much of this project, so this harness stands in for it.)
 */
public final class Fuzz {

    public static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
    public static final int SCALE = Math.max(1, Integer.getInteger("fuzz.scale", 1));
    public static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("fuzz.timeLimitSeconds", 60));
    private static final String ONLY = System.getProperty("fuzz.trial", "");
    private static final int MAX_SHRINK_STEPS = 2_000;

    /** Totals of the properties run in this JVM, printed after each property. */
    public static long totalTrials;
    public static long totalRecords;
    public static long totalEvents;
    public static long totalRejections;

    private static ExecutorService worker = newWorker();

    private Fuzz() {
    }

    /** One trial: generates its input from {@code random}, checks it, and returns how many records it generated. */
    public interface Trial {
        long run(Random random) throws Exception;
    }

    /** Runs {@code trials × fuzz.scale} trials of the property {@code name}; fails on the first that fails. */
    public static void property(String name, int trials, Trial trial) {
        property(name, trials, true, trial);
    }

    /** As {@link #property(String, int, Trial)}; {@code scaled = false} keeps a costly property at its count. */
    public static void property(String name, int trials, boolean scaled, Trial trial) {
        int n = scaled ? trials * SCALE : trials;
        long records = 0;
        long events = totalEvents;
        long rejections = totalRejections;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!ONLY.isEmpty() && !ONLY.equals(name + ":" + i)) {
                continue;
            }
            long seed = seedOf(name, i);
            try {
                records += trial.run(new Random(seed));
            } catch (Throwable e) {
                throw new AssertionError("fuzz property [" + name + "] failed at trial " + i + " (seed " + seed
                        + "; replay with -Dfuzz.trial=" + name + ":" + i + "): " + e.getMessage(), e);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        totalTrials += n;
        totalRecords += records;
        System.out.printf("fuzz [%s]: %d trials, %d records generated, %d events, %d rejections, %d ms"
                + " (all so far: %d trials, %d records)%n", name, n, records, totalEvents - events,
                totalRejections - rejections, ms, totalTrials, totalRecords);
    }

    /** Counts what a parse produced, for the totals. */
    public static void tally(int events, int rejections) {
        totalEvents += events;
        totalRejections += rejections;
    }

    private static long seedOf(String name, int trial) {
        long h = SEED * 0x9E3779B97F4A7C15L + name.hashCode();
        return h * 1_000_003L + trial;
    }

    /** Runs {@code task} under {@link #TIME_LIMIT}; a hang, or an error of any kind, fails with its cause. */
    public static <T> T inTime(Supplier<T> task) {
        Future<T> f = worker.submit(task::get);
        try {
            return f.get(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker(); // the stuck thread is left behind, as a daemon
            throw new AssertionError("did not finish within " + TIME_LIMIT.toSeconds() + " s (hang?)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AssertionError) {
                throw (AssertionError) cause;
            }
            throw new AssertionError("threw " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Runs {@code check} on {@code input}; if it fails, shrinks the input (dropping ever smaller chunks while the
     * check still fails) and reports the smallest failing input found with the first failure as the cause.
     */
    public static void checkShrinking(byte[] input, Consumer<byte[]> check) {
        AssertionError first;
        try {
            check.accept(input);
            return;
        } catch (AssertionError | RuntimeException e) {
            first = e instanceof AssertionError ? (AssertionError) e : new AssertionError(e.toString(), e);
        }
        if (first.getMessage() != null && first.getMessage().contains("(hang?)")) {
            throw new AssertionError("on input " + show(input) + ": " + first.getMessage(), first);
        }
        byte[] smallest = input;
        String smallestFailure = first.getMessage();
        int steps = 0;
        for (int chunk = Math.max(1, input.length / 2); chunk >= 1 && steps < MAX_SHRINK_STEPS; chunk /= 2) {
            for (int at = 0; at < smallest.length && steps < MAX_SHRINK_STEPS; ) {
                byte[] smaller = without(smallest, at, Math.min(chunk, smallest.length - at));
                steps++;
                try {
                    check.accept(smaller);
                    at += chunk;
                } catch (AssertionError | RuntimeException e) {
                    if (e.getMessage() != null && e.getMessage().contains("(hang?)")) {
                        at += chunk;
                        continue;
                    }
                    smallest = smaller;
                    smallestFailure = e.getMessage();
                }
            }
        }
        throw new AssertionError("shrunk to " + smallest.length + " of " + input.length + " bytes: "
                + show(smallest) + " fails with: " + smallestFailure, first);
    }

    private static byte[] without(byte[] b, int at, int n) {
        byte[] out = Arrays.copyOf(b, b.length - n);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    /** The input as a Java string literal body, cut at 2,000 characters. */
    public static String show(byte[] input) {
        StringBuilder s = new StringBuilder("\"");
        String text = new String(input, 0, Math.min(input.length, 2_000), StandardCharsets.ISO_8859_1);
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c >= ' ' && c < 0x7F) {
                s.append(c);
            } else {
                s.append(String.format("\\x%02X", (int) c));
            }
        }
        return s.append(input.length > 2_000 ? "\"…" : "\"").toString();
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            // a large stack is not given on purpose: the parser must not need one
            Thread t = new Thread(r, "fuzz-trial");
            t.setDaemon(true);
            return t;
        });
    }

    // ---- building blocks for inputs ----

    /** Bytes a mutation inserts: JSON structure, text, and byte sequences that are not valid UTF-8. */
    public static final byte[][] INSERTS = {
        b("{"), b("}"), b("["), b("]"), b("\""), b(","), b(":"), b("\\"), b(" "), b("\n"), b("\t"), b("\r"),
        b("x"), b("0"), b("-"), b("1e999999"), b("null"), b("true"), b("\\u0000"), b("\\ud800"), b("\\\""),
        {0}, {(byte) 0xC3, 0x28}, {(byte) 0xA0}, {(byte) 0xE2, 0x28, (byte) 0xA1}, {(byte) 0xF0, 0x28, (byte) 0x8C},
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE},
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80},
    };

    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code input} with 1 to {@code max} random mutations: bytes replaced, ranges deleted, inserted or
     * duplicated, neighbours swapped. With {@code keepLines} no newline is added.
     */
    public static byte[] mutate(byte[] input, Random r, int max, boolean keepLines) {
        byte[] b = input;
        for (int k = 1 + r.nextInt(max); k > 0; k--) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0: // replace one byte
                    if (b.length > 0) {
                        b = b.clone();
                        b[at] = r.nextBoolean() ? (byte) r.nextInt(256) : INSERTS[r.nextInt(12)][0];
                    }
                    break;
                case 1: // delete a range
                    b = without(b, at, Math.min(b.length - at, 1 + r.nextInt(r.nextBoolean() ? 4 : 64)));
                    break;
                case 2: // insert
                    b = insert(b, at, INSERTS[r.nextInt(INSERTS.length)]);
                    break;
                case 3: // duplicate a range
                    int n = Math.min(b.length - at, 1 + r.nextInt(80));
                    b = insert(b, Math.min(b.length, at + n), Arrays.copyOfRange(b, at, at + n));
                    break;
                default: // swap neighbours
                    if (at + 1 < b.length) {
                        b = b.clone();
                        byte t = b[at];
                        b[at] = b[at + 1];
                        b[at + 1] = t;
                    }
            }
            if (keepLines) {
                b = sameLines(b);
            }
        }
        return b;
    }

    /** {@code mutated} with its newlines turned to spaces: the mutation stays on the line it was made on. */
    private static byte[] sameLines(byte[] mutated) {
        byte[] out = mutated.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == '\n') {
                out[i] = ' ';
            }
        }
        return out;
    }

    public static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] out = new byte[b.length + what.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(b, at, out, at + what.length, b.length - at);
        return out;
    }

    public static int count(byte[] b, byte what) {
        int n = 0;
        for (byte x : b) {
            n += x == what ? 1 : 0;
        }
        return n;
    }

    /** Random bytes, mostly JSON-ish so that the parser gets past the first byte now and then. */
    public static byte[] randomBytes(Random r, int maxLength) {
        int n = r.nextInt(maxLength + 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 8);
        while (out.size() < n) {
            if (r.nextInt(4) == 0) {
                out.write(r.nextInt(256));
            } else {
                out.writeBytes(INSERTS[r.nextInt(INSERTS.length)]);
            }
        }
        return out.toByteArray();
    }

    /** {@code plain} gzip-compressed. */
    public static byte[] gzip(byte[] plain) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JSON string literal (quotes included) of {@code text}, escaped as JSON requires. */
    public static String quote(String text) {
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < ' ') {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
