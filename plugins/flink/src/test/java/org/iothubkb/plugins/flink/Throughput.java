package org.iothubkb.plugins.flink;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
 * Not a test: measures records per second of one plain session (what the CLI runs) and of the job in a local
 * MiniCluster at the given parallelisms, on one file. Run with the test class path:
 * {@code java -cp ... org.iothubkb.plugins.flink.Throughput FILE DEVICE|HUB SESSION|WATERMARK 1 2}.
 */
public final class Throughput {

    private Throughput() {
    }

    public static void main(String[] args) throws Exception {
        java.nio.file.Path file = Paths.get(args[0]).toAbsolutePath();
        long lines;
        try (var s = Files.lines(file)) {
            lines = s.count();
        }
        KnowledgeBase kb = KnowledgeBase.builder().build();
        long t0 = System.nanoTime();
        DiagnosisSession session = kb.newSession(SessionOptions.defaults());
        try (InputStream in = Files.newInputStream(file)) {
            new AzureMonitorLogsParser().parse(in, file.toString(), session::submit,
                    (source, reason) -> session.reject(new Rejection(source, reason)));
        }
        DiagnosisReport report = session.close();
        report(file + ": plain session", lines, System.nanoTime() - t0, report.getDiagnoses().size());
        DiagnosisJob.Partitioning partitioning = DiagnosisJob.Partitioning.valueOf(args[1]);
        DiagnosisJob.EventOrder order = DiagnosisJob.EventOrder.valueOf(args[2]);
        for (int i = 3; i < args.length; i++) {
            int parallelism = Integer.parseInt(args[i]);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            DiagnosisJob.Outputs out = DiagnosisJob.diagnose(env.fromSource(
                    DiagnosisJob.files(List.of(new Path(file.toUri()))), WatermarkStrategy.noWatermarks(), "files")
                    .setParallelism(1), SessionOptions.DEFAULT_MAX_LATENESS, partitioning, null, order);
            long start = System.nanoTime();
            long diagnoses = 0;
            CloseableIterator<String> it = out.diagnoses().executeAndCollect("throughput p" + parallelism);
            try {
                while (it.hasNext()) {
                    it.next();
                    diagnoses++;
                }
            } finally {
                it.close();
            }
            report(file + ": job keyed by " + partitioning + ", ordered by " + order + ", at parallelism " + parallelism
                    + " (MiniCluster start included)", lines,
                    System.nanoTime() - start, diagnoses);
        }
    }

    private static void report(String what, long lines, long nanos, long diagnoses) {
        double seconds = nanos / 1e9;
        System.out.printf("%s: %,d lines in %.1f s = %,.0f lines/s, %,d diagnoses%n", what, lines, seconds,
                lines / seconds, diagnoses);
    }
}
