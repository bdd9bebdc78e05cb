package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iothub-kb bench} on small inputs: what it prints and how it treats its arguments, not how fast it is. */
class BenchRunnerTest {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void countsTakeThousandAndMillionSuffixes() {
        assertThat(BenchRunner.count("--records", "10M")).isEqualTo(10_000_000);
        assertThat(BenchRunner.count("--records", "250k")).isEqualTo(250_000);
        assertThat(BenchRunner.count("--records", "1234")).isEqualTo(1_234);
        assertThatThrownBy(() -> BenchRunner.count("--records", "lots"))
                .hasMessage("option [--records] needs a count, not [lots]");
    }

    @Test
    void badArgumentsExitTwoWithTheUsage() {
        Result r = bench("--records", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("must be at least 1", "usage: iothub-kb bench");
        assertThat(bench("--colour", "red").err).contains("unknown option [--colour]");
        assertThat(bench("--runs").err).contains("option [--runs] needs a value");
    }

    @Test
    void aRunPrintsBothRatesTheirRatioHeapAndWhatWasFound() throws Exception {
        Path file = dir.resolve("fleet.jsonl");
        Result r = bench("--records", "4000", "--devices", "300", "--runs", "2", "--heap-every", "2k", "--file",
                file.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("input: " + file + ": 4,000 records", "knowledge base: ", "run 1: parse-only ",
                "run 2: parse-only ", "heap after GC: 2k=", "median of 2: parse-only ");
        assertThat(r.out).containsPattern("diagnose [0-9,]+ records/s \\| ratio [0-9.]+ \\| peak heap [0-9]+ MiB"
                + " \\| [0-9,]+ diagnoses");
        assertThat(r.out).contains("404104 connection-lost");
        // A file named with --file is kept, and measured as it is on the next run.
        assertThat(Files.readAllLines(file)).hasSize(4_000);
        assertThat(bench("--runs", "1", "--parse-only", "--file", file.toString()).out)
                .contains("(" + Benchmark.mib(Files.size(file)) + ", reused)", "median of 1: parse-only ")
                .doesNotContain("diagnose");
    }

    @Test
    void helpIsReachableThroughTheCommandLine() {
        assertThat(bench("--help").out).startsWith("usage: iothub-kb bench");
        Fakes.Run r = Fakes.Run.of(new Fakes.Kb(List.of(), List.of()), List.of(), "", "bench", "--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--records N");
    }
}
