package org.iothubkb.plugins.flink;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;

/**
 * Not a test: measures records per second of one plain session (what the CLI runs) and of the job as {@code main}
 * builds it (file replay, {@link DiagnosisJob#replay}) in a local MiniCluster at the given parallelisms, each
 * {@code RUNS} times, and prints every run and the median. Run with the test class path:
 * {@code java -cp ... org.iothubkb.plugins.flink.Throughput FILE DEVICE|HUB SESSION|WATERMARK RUNS 1 2}.
 */
public final class Throughput {

    private Throughput() {
    }

    public static void main(String[] args) throws Exception {
        java.nio.file.Path file = Paths.get(args[0]).toAbsolutePath();
        DiagnosisJob.Partitioning partitioning = DiagnosisJob.Partitioning.valueOf(args[1]);
        DiagnosisJob.EventOrder order = DiagnosisJob.EventOrder.valueOf(args[2]);
        int runs = Integer.parseInt(args[3]);
        long lines;
        try (var s = Files.lines(file)) {
            lines = s.count();
        }
        KnowledgeBase kb = KnowledgeBase.builder().build();
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            long t0 = System.nanoTime();
            DiagnosisSession session = kb.newSession(SessionOptions.defaults());
            try (InputStream in = Files.newInputStream(file)) {
                new AzureMonitorLogsParser().parse(in, file.toString(), session::submit,
                        (source, reason) -> session.reject(new Rejection(source, reason)));
            }
            DiagnosisReport report = session.close();
            rates.add(report("plain session, run " + run, lines, System.nanoTime() - t0,
                    report.getDiagnoses().size()));
        }
        median("plain session", rates);
        for (int i = 4; i < args.length; i++) {
            int parallelism = Integer.parseInt(args[i]);
            rates.clear();
            for (int run = 1; run <= runs; run++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(parallelism);
                DiagnosisJob.Outputs out = DiagnosisJob.replay(env, List.of(new Path(file.toUri())),
                        SessionOptions.DEFAULT_MAX_LATENESS, partitioning, order);
                long start = System.nanoTime();
                long diagnoses = 0;
                try (CloseableIterator<String> it = out.diagnoses().executeAndCollect("throughput p" + parallelism)) {
                    while (it.hasNext()) {
                        it.next();
                        diagnoses++;
                    }
                }
                rates.add(report("job keyed by " + partitioning + ", ordered by " + order + ", parallelism "
                        + parallelism + ", run " + run + " (MiniCluster start included)", lines,
                        System.nanoTime() - start, diagnoses));
            }
            median("job keyed by " + partitioning + " at parallelism " + parallelism, rates);
        }
    }

    private static double report(String what, long lines, long nanos, long diagnoses) {
        double seconds = nanos / 1e9;
        System.out.printf("%s: %,d lines in %.1f s = %,.0f lines/s, %,d diagnoses%n", what, lines, seconds,
                lines / seconds, diagnoses);
        return lines / seconds;
    }

    private static void median(String what, List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        System.out.printf("MEDIAN %s: %,.0f lines/s over %d runs%n", what, sorted.get(sorted.size() / 2),
                sorted.size());
    }
}
