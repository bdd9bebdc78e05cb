package org.iothubkb.plugins.flink;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: runs one file through a plain session and through the job, and prints the diagnoses only one of
 * them gave. {@code java -cp ... org.iothubkb.plugins.flink.CompareRun FILE PARALLELISM DEVICE|HUB [SESSION|WATERMARK]}.
 */
public final class CompareRun {

    private CompareRun() {
    }

    public static void main(String[] args) throws Exception {
        java.nio.file.Path file = Paths.get(args[0]).toAbsolutePath();
        List<String> expected = DiagnosisJobTest.comparable(DiagnosisJobTest.cliDiagnoses(file));
        List<String> got = DiagnosisJobTest.comparable(
                DiagnosisJobTest.runJob(file, Integer.parseInt(args[1]),
                        DiagnosisJob.Partitioning.valueOf(args[2]),
                        args.length > 3 ? DiagnosisJob.EventOrder.valueOf(args[3]) : DiagnosisJob.EventOrder.SESSION)
                .diagnoses());
        List<String> onlyCli = new ArrayList<>(expected);
        got.forEach(onlyCli::remove);
        List<String> onlyJob = new ArrayList<>(got);
        expected.forEach(onlyJob::remove);
        System.out.println("plain session " + expected.size() + ", job " + got.size());
        onlyCli.forEach(d -> System.out.println("only in the plain session: " + d));
        onlyJob.forEach(d -> System.out.println("only in the job: " + d));
    }
}
