package org.iothubkb.cli;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.spi.EventParser;

/**
 * Measures, for one generated file in one process, how fast records are parsed alone and how fast they are
 * diagnosed with every built-in rule, how much heap that takes, and what was found.
 *
 * <p>Each run parses the file once with a parser that only counts, then diagnoses it once; the first run warms the
 * JIT as much as the rest, so the median over the runs is the figure to quote. Heap after a full GC is sampled
 * every {@code heapEvery} records during the diagnose run (the pause is not counted in its time), which shows
 * whether memory stays flat as the input grows.
 */
final class Benchmark {

    /** The settings of one benchmark. */
    record Settings(LogGenerator.Options generator, int runs, long heapEvery, Path file, boolean keepFile,
            boolean parseOnly) {
    }

    /** The figures of one run. */
    record Run(long records, double parseSeconds, double diagnoseSeconds, long peakHeapBytes,
            long diagnoses, List<long[]> heapAfterGc, Map<String, Long> diagnosesByCode) {

        double parseRate() {
            return records / parseSeconds;
        }

        double diagnoseRate() {
            return diagnoseSeconds > 0 ? records / diagnoseSeconds : 0;
        }
    }

    private final Settings settings;
    private final EventParser parser;
    private final PrintStream out;

    Benchmark(Settings settings, EventParser parser, PrintStream out) {
        this.settings = settings;
        this.parser = parser;
        this.out = out;
    }

    /** Generates the file if needed, runs the measurements and prints them; returns the runs. */
    List<Run> run() throws IOException, InputException {
        Path file = settings.file();
        boolean generated = false;
        if (!Files.exists(file)) {
            generate(file);
            generated = true;
        } else {
            out.printf(Locale.ROOT, "input: %s (%s, reused)%n", file, mib(Files.size(file)));
        }
        try {
            out.printf(Locale.ROOT, "JVM: %s %s, %d cores, max heap %s, GC %s%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    mib(Runtime.getRuntime().maxMemory()), collectors());
            long buildStart = System.nanoTime();
            KnowledgeBase kb = settings.parseOnly() ? null : KnowledgeBase.builder().build();
            if (kb != null) {
                out.printf(Locale.ROOT, "knowledge base: %d rules, built in %.2f s%n", kb.ruleCount(),
                        seconds(System.nanoTime() - buildStart));
            }
            List<Run> runs = new ArrayList<>();
            for (int i = 1; i <= settings.runs(); i++) {
                Run run = once(file, kb);
                runs.add(run);
                printRun(i, run);
            }
            printSummary(runs);
            return runs;
        } finally {
            if (generated && !settings.keepFile()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void generate(Path file) throws IOException {
        long start = System.nanoTime();
        LogGenerator.Stats stats;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8), 1 << 16)) {
            stats = new LogGenerator(settings.generator()).write(w);
        }
        out.printf(Locale.ROOT, "input: %s: %,d records (%.1f %% errors, %,d error episodes, %,d hub-wide drops)"
                        + " over %,d devices, seed %d, %s, generated in %.1f s%n", file, stats.records(),
                100 * stats.errorShare(), stats.episodes(), stats.hubIncidents(), settings.generator().devices(),
                settings.generator().seed(), mib(Files.size(file)), seconds(System.nanoTime() - start));
        out.flush();
    }

    private Run once(Path file, KnowledgeBase kb) throws IOException, InputException {
        long[] count = new long[1];
        long start = System.nanoTime();
        try (InputStream in = open(file)) {
            parser.parse(in, file.getFileName().toString(), e -> count[0]++, (where, why) -> count[0]++);
        }
        double parseSeconds = seconds(System.nanoTime() - start);
        if (kb == null) {
            return new Run(count[0], parseSeconds, 0, 0, 0, List.of(), Map.of());
        }
        System.gc();
        resetPeaks();
        List<long[]> heap = new ArrayList<>();
        long[] paused = new long[1];
        long[] seen = new long[1];
        // Diagnoses are counted as they become final and not kept: what is measured is the engine's own memory,
        // which must not grow with the input (a report that lists every diagnosis grows with what it finds).
        Map<String, Long> byCode = new TreeMap<>();
        DiagnosisSession session = kb.newSession(SessionOptions.defaults().withDiagnosesInReport(false)
                .withListener(d -> byCode.merge(d.getErrorCode() + " " + d.getCause(), 1L, Long::sum)));
        DiagnosisSession sampled = new DiagnosisSession() {
            @Override
            public void submit(LogEvent e) {
                session.submit(e);
                if (++seen[0] % settings.heapEvery() == 0) {
                    long t = System.nanoTime();
                    heap.add(new long[] {seen[0], liveHeap()});
                    paused[0] += System.nanoTime() - t;
                }
            }

            @Override
            public void reject(org.iothubkb.core.api.Rejection rejection) {
                session.reject(rejection);
            }

            @Override
            public DiagnosisReport close() {
                return session.close();
            }
        };
        start = System.nanoTime();
        // The diagnose command's own pipeline: the parser on a thread of its own, the rules on this one.
        InputMerger.merge(List.of(InputMerger.feed(new Inputs.Input(file.toString(), file), List.of(parser),
                InputStream.nullInputStream(), Progress.off())), sampled);
        DiagnosisReport report = session.close();
        double diagnoseSeconds = seconds(System.nanoTime() - start - paused[0]);
        long peak = peakHeap();
        return new Run(report.getSummary().getRecordsRead(), parseSeconds, diagnoseSeconds, peak,
                report.getSummary().getDiagnoses(), heap, byCode);
    }

    private void printRun(int i, Run run) {
        if (settings.parseOnly()) {
            out.printf(Locale.ROOT, "run %d: parse-only %,.0f records/s (%.2f s)%n", i, run.parseRate(),
                    run.parseSeconds());
            return;
        }
        out.printf(Locale.ROOT, "run %d: parse-only %,.0f records/s (%.2f s); diagnose %,.0f records/s (%.2f s);"
                        + " ratio %.2f; peak heap %s; %,d diagnoses%n", i, run.parseRate(), run.parseSeconds(),
                run.diagnoseRate(), run.diagnoseSeconds(), run.diagnoseRate() / run.parseRate(),
                mib(run.peakHeapBytes()), run.diagnoses());
        if (!run.heapAfterGc().isEmpty()) {
            StringBuilder b = new StringBuilder("       heap after GC:");
            for (long[] sample : run.heapAfterGc()) {
                b.append(' ').append(records(sample[0])).append('=').append(mib(sample[1]));
            }
            out.println(b);
        }
        out.flush();
    }

    private void printSummary(List<Run> runs) {
        double parse = median(runs.stream().mapToDouble(Run::parseRate).toArray());
        if (settings.parseOnly()) {
            out.printf(Locale.ROOT, "median of %d: parse-only %,.0f records/s%n", runs.size(), parse);
            return;
        }
        double diagnose = median(runs.stream().mapToDouble(Run::diagnoseRate).toArray());
        double ratio = median(runs.stream().mapToDouble(r -> r.diagnoseRate() / r.parseRate()).toArray());
        double peak = median(runs.stream().mapToDouble(Run::peakHeapBytes).toArray());
        Run last = runs.get(runs.size() - 1);
        out.printf(Locale.ROOT, "median of %d: parse-only %,.0f records/s | diagnose %,.0f records/s | ratio %.2f"
                + " | peak heap %s | %,d diagnoses%n", runs.size(), parse, diagnose, ratio, mib((long) peak),
                last.diagnoses());
        StringBuilder b = new StringBuilder("diagnoses by code and cause:");
        last.diagnosesByCode().forEach((k, v) -> b.append(String.format(Locale.ROOT, "%n  %-48s %,d", k, v)));
        out.println(b);
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    private static long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String collectors() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> names.add(gc.getName()));
        return String.join("+", names);
    }

    /** 3000 as 3k, 2000000 as 2M: the marks of the heap samples. */
    static String records(long n) {
        return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1_000 == 0 ? n / 1_000 + "k" : String.valueOf(n);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
