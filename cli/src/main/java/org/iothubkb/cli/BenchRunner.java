package org.iothubkb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;


/**
 * {@code iothub-kb bench}: generates a resource log and measures parse-only and full diagnose throughput on it,
 * through the same input pipeline as {@code diagnose}.
 * See {@code docs/performance.md}.
 */
final class BenchRunner {

    static final String USAGE = String.join("\n",
            "usage: iothub-kb bench [--records N] [--devices N] [--seed N] [--runs N] [--heap-every N]",
            "                       [--file PATH [--keep]] [--no-hub-drop] [--parse-only]",
            "  --records N     records to generate (default 1000000; suffixes k and M work: 10M)",
            "  --devices N     devices in the fleet (default 10000)",
            "  --seed N        generator seed (default 42); the same seed gives the same file",
            "  --runs N        measured runs, each parse-only then diagnose (default 3); the median is printed",
            "  --heap-every N  print the heap after a full GC every N records of a diagnose run (default 1M)",
            "  --file PATH     where the generated file goes (default a temporary file, deleted after);",
            "                  an existing file is measured as it is",
            "  --keep          keep the generated file",
            "  --no-hub-drop   leave out the hub-wide drop (a quarter of the fleet within a minute) that runs of",
            "                  200k records or more otherwise hold",
            "  --parse-only    measure parsing alone",
            "Run the JVM with the heap you want to test, e.g. IOTHUB_KB_JAVA_OPTS=-Xmx256m ./iothub-kb bench.");

    private BenchRunner() {
    }

    /** Runs the benchmark; returns the exit code (0, or 2 for bad arguments, 1 for an I/O failure). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        long records = 1_000_000;
        int devices = 10_000;
        long seed = 42;
        int runs = 3;
        long heapEvery = 1_000_000;
        Path file = null;
        boolean keep = false;
        boolean parseOnly = false;
        boolean hubDrops = true;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--records" -> records = count(a, value(args, ++i, a));
                    case "--devices" -> devices = Math.toIntExact(count(a, value(args, ++i, a)));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--runs" -> runs = Math.toIntExact(count(a, value(args, ++i, a)));
                    case "--heap-every" -> heapEvery = count(a, value(args, ++i, a));
                    case "--file" -> file = Path.of(value(args, ++i, a));
                    case "--keep" -> keep = true;
                    case "--parse-only" -> parseOnly = true;
                    case "--no-hub-drop" -> hubDrops = false;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option [" + a + "]");
                }
            }
            if (records < 1 || devices < 1 || runs < 1 || heapEvery < 1) {
                throw new IllegalArgumentException("--records, --devices, --runs and --heap-every must be at least 1");
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            err.println("iothub-kb bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            boolean temporary = file == null;
            if (temporary) {
                file = Files.createTempFile("iothub-kb-bench-", ".jsonl");
                Files.delete(file);
            }
            LogGenerator.Options generator = LogGenerator.Options.of(records, devices, seed);
            Benchmark.Settings settings = new Benchmark.Settings(hubDrops ? generator : generator.withoutHubDrops(),
                    runs, heapEvery, file, keep || !temporary, parseOnly);
            new Benchmark(settings, new org.iothubkb.plugins.azure.AzureMonitorLogsParser(), out).run();
            return 0;
        } catch (IOException | InputException e) {
            err.println("iothub-kb bench: " + e.getMessage());
            return 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option [" + option + "] needs a value");
        }
        return args[i];
    }

    /** A positive count, with an optional k (thousand) or M (million) suffix. */
    static long count(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long scale = 1;
        if (t.endsWith("k")) {
            scale = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            scale = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), scale);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option [" + option + "] needs a count, not [" + text + "]");
        }
    }
}
