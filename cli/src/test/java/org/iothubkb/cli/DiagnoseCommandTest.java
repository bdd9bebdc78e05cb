package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.spi.EventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose} against a fake engine and parser: inputs, parser choice, outputs and exit codes. */
class DiagnoseCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final Diagnosis drop = Fakes.diagnosis("D1", "404104", "connection-lost", Severity.WARNING, "a",
            Fakes.T0, null);
    private final Diagnosis race = Fakes.diagnosis("D2", "409002", "reconnect-race", Severity.INFO, "a",
            Fakes.T0.plusSeconds(3), "D1");
    private final Fakes.Kb kb = new Fakes.Kb(List.of(drop, race), List.of());
    private final Fakes.LineParser lines = new Fakes.LineParser("lines", null);

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path gzip(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void allInputsGoIntoOneSessionWithTheirSourceNames() throws Exception {
        Path a = file("a.jsonl", "ok a\nbroken\n");
        Path b = gzip("b.log", "ok b\nok c\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "ok d\n", "diagnose", "--max-lateness", "90s",
                a.toString(), "-", b.toString());

        assertThat(r.exit).isZero();
        // Inputs are parsed side by side, so the parsers start in any order; events are merged by time, ties
        // in command-line order.
        assertThat(lines.sources).containsExactlyInAnyOrder(a.toString(), "<stdin>", b.toString());
        assertThat(kb.submitted).extracting(e -> e.getSource())
                .containsExactly(a + ":1", "<stdin>:1", b + ":1", b + ":2");
        assertThat(kb.rejected).extracting(x -> x.getSource()).containsExactly(a + ":2");
        assertThat(kb.lastOptions.getMaxLateness()).isEqualTo(Duration.ofSeconds(90));
        assertThat(r.out).contains("Summary: 5 records read, 4 events accepted, 1 record rejected");
        assertThat(r.err).isEmpty();
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotItsName() throws Exception {
        Path disguised = gzip("plain-looking.jsonl", "ok a\n");
        Path plainGz = file("not-really.gz", "ok b\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", disguised.toString(), plainGz.toString());
        assertThat(r.exit).isZero();
        assertThat(kb.submitted).extracting(e -> e.getDeviceId()).containsExactly("a", "b");
        assertThat(kb.rejected).isEmpty();
    }

    @Test
    void gzipOnStandardInput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write("ok z\n".getBytes(StandardCharsets.UTF_8));
        }
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        Env env = new Env(new java.io.ByteArrayInputStream(bytes.toByteArray()),
                new java.io.PrintStream(o, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(e, true, StandardCharsets.UTF_8), rules -> kb.factory().apply(rules.locale()),
                locations -> Fakes.registry(List.of(lines)));
        assertThat(new Main(env).run(new String[] {"diagnose", "-"})).isZero();
        assertThat(kb.submitted).extracting(x -> x.getSource()).containsExactly("<stdin>:1");
    }

    @Test
    void theParserThatRecognisesTheInputIsPicked() throws Exception {
        Fakes.LineParser first = new Fakes.LineParser("first", "#first");
        Fakes.LineParser second = new Fakes.LineParser("second", "#second");
        Path forSecond = file("x.log", "#second\nok a\n");
        Path forNone = file("y.log", "ok b\n");
        Fakes.Run r = Fakes.Run.of(kb, List.<EventParser>of(first, second), "", "diagnose",
                forSecond.toString(), forNone.toString());
        assertThat(r.exit).isZero();
        assertThat(second.sources).containsExactly(forSecond.toString());
        // Nobody recognises y.log: the first parser gets it.
        assertThat(first.sources).containsExactly(forNone.toString());
    }

    @Test
    void corruptGzipIsAnUnreadableInput() throws Exception {
        Path bad = dir.resolve("bad.gz");
        Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", bad.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip()).doesNotContain("\n").contains(bad.toString());
    }

    @Test
    void jsonIsOneObject() throws Exception {
        Path a = file("a.jsonl", "ok a\nbroken\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--format", "json", a.toString());
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
        JsonNode json = MAPPER.readTree(r.out);
        assertThat(json.get("summary").get("recordsRead").asLong()).isEqualTo(2);
        assertThat(json.get("diagnoses")).hasSize(2);
        assertThat(json.get("rejected").get(0).get("source").asText()).isEqualTo(a + ":2");
    }

    @Test
    void jsonLinesOnStdoutSummaryOnStderr() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--format", "jsonl", a.toString());
        assertThat(r.exit).isZero();
        String[] out = r.out.split("\n");
        assertThat(out).hasSize(2);
        assertThat(MAPPER.readTree(out[0]).get("id").asText()).isEqualTo("D1");
        assertThat(MAPPER.readTree(out[1]).get("rootCauseId").asText()).isEqualTo("D1");
        assertThat(r.err.split("\n")).hasSize(1);
        assertThat(r.err).startsWith("Summary: 1 record read");
    }

    @Test
    void dutchBuildsTheKnowledgeBaseInDutch() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--lang", "nl", a.toString());
        assertThat(kb.builtWith).isEqualTo(new Locale("nl"));
        assertThat(r.out).contains("Samenvatting:", "Oplossing:");
    }

    @Test
    void failOnThreshold() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        assertThat(Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--fail-on", "warning", a.toString()).exit)
                .isEqualTo(1);
        assertThat(Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--fail-on", "error", a.toString()).exit)
                .isZero();
        Fakes.Run withOutput = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--fail-on", "info",
                "--format", "json", a.toString());
        assertThat(withOutput.exit).isEqualTo(1);
        assertThat(MAPPER.readTree(withOutput.out).get("diagnoses")).hasSize(2);
    }

    @Test
    void strictFailsOnARejectedRecordButStillReports() throws Exception {
        Path bad = file("bad.jsonl", "ok a\nbroken\n");
        Path good = file("good.jsonl", "ok a\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--strict", bad.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).contains("Rejected records (1):", bad + ":2");
        assertThat(r.err).contains("rejected", "--strict");
        assertThat(Fakes.Run.of(new Fakes.Kb(List.of(), List.of()), List.of(lines), "", "diagnose", "--strict",
                good.toString()).exit).isZero();
        assertThat(Fakes.Run.of(new Fakes.Kb(List.of(), List.of()), List.of(lines), "", "diagnose",
                bad.toString()).exit).isZero();
    }

    @Test
    void rulesThatDoNotBuildExitWithThree() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        RuleBuildException broken = new RuleBuildException(List.of(
                new RuleBuildException.Problem("org/iothubkb/rules/x.drl", 12, 4, "unexpected token"),
                new RuleBuildException.Problem("org/iothubkb/rules/y.drl", 0, 0, "no rules")));
        Fakes.Run r = Fakes.Run.of(locale -> {
            throw broken;
        }, List.of(lines), "", "diagnose", a.toString());
        assertThat(r.exit).isEqualTo(3);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("rules failed to build", "x.drl", "line 12", "unexpected token", "y.drl");
        assertThat(lines.sources).as("no input is read with half the rules").isEmpty();
    }

    @Test
    void unexpectedExceptionsExitWithFourOnOneLine() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        Fakes.Run r = Fakes.Run.of(locale -> {
            throw new IllegalStateException("boom\nsecond line");
        }, List.of(lines), "", "diagnose", a.toString());
        assertThat(r.exit).isEqualTo(4);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip()).doesNotContain("\n").contains("boom second line");

        Fakes.Run verbose = Fakes.Run.of(locale -> {
            throw new IllegalStateException("boom");
        }, List.of(lines), "", "diagnose", "--verbose", a.toString());
        assertThat(verbose.exit).isEqualTo(4);
        assertThat(verbose.err).contains("at org.iothubkb.cli");
    }

    @Test
    void noParserIsAnUnexpectedError() throws Exception {
        Path a = file("a.jsonl", "ok a\n");
        Fakes.Run r = Fakes.Run.of(kb, List.of(), "", "diagnose", a.toString());
        assertThat(r.exit).isEqualTo(4);
        assertThat(r.err).contains("no input parser");
    }

    @Test
    void emptyInputIsFineButNamedInAWarning() throws Exception {
        Path empty = file("empty.jsonl", "");
        Fakes.Run r = Fakes.Run.of(new Fakes.Kb(List.of(), List.of()), List.of(lines), "", "diagnose",
                empty.toString());
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("No problems diagnosed.", "Summary: 0 records read");
        assertThat(r.err).isEqualTo("iothub-kb: warning: [" + empty + "]: empty, no records in it\n");
    }

    @Test
    void aParserThatThrowsLosesOnlyTheRestOfItsInputAndSaysWhere() throws Exception {
        Path a = file("a.jsonl", "ok a\nok b\nboom\nok c\n");
        Path b = file("b.jsonl", "ok d\nnot ok\n");

        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--format", "json", a.toString(),
                b.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(kb.submitted).extracting(LogEvent::getDeviceId).containsExactlyInAnyOrder("a", "b", "d");
        assertThat(kb.rejected).extracting(Rejection::getSource).containsExactlyInAnyOrder(b + ":2", a.toString());
        Rejection broke = kb.rejected.stream().filter(x -> x.getSource().equals(a.toString())).findFirst()
                .orElseThrow();
        assertThat(broke.getReason()).contains("the [lines] parser", "IllegalStateException: parser bug at line 3",
                "records up to " + a + ":2 were read, none after it");
        assertThat(r.err.lines()).containsExactly("iothub-kb: warning: [" + a + "]: " + broke.getReason());
        // The report is whole: the other input's diagnoses and the counts are there.
        assertThat(MAPPER.readTree(r.out).get("diagnoses")).hasSize(2);
    }

    @Test
    void aParserWhosePluginMissesAClassLosesOnlyItsInputAndOutOfMemoryStopsTheRunWithoutHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Path a = file("a.jsonl", "ok a\nlinkage\nok b\n");
            Path b = file("b.jsonl", "ok c\n");
            Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", a.toString(), b.toString());
            assertThat(r.exit).as(r.err).isZero();
            assertThat(kb.submitted).extracting(LogEvent::getDeviceId).containsExactlyInAnyOrder("a", "c");
            assertThat(r.err).contains("NoClassDefFoundError: com/example/Missing", "records up to " + a + ":1");

            Path c = file("c.jsonl", "ok d\noom\n");
            Fakes.Run oom = Fakes.Run.of(kb, List.of(lines), "", "diagnose", c.toString(), b.toString());
            assertThat(oom.exit).isEqualTo(4);
            assertThat(oom.out).isEmpty();
            assertThat(oom.err).contains("OutOfMemoryError: simulated");
        });
    }

    @Test
    void anOutputFormatThatThrowsIsNamedAndTheCountsAreStillPrinted() throws Exception {
        Path a = file("a.jsonl", "ok a\nnot ok\n");
        org.iothubkb.core.spi.DiagnosisSink broken = new org.iothubkb.core.spi.DiagnosisSink() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void write(org.iothubkb.core.api.DiagnosisReport report, Locale locale,
                    OutputStream out) throws IOException {
                out.write("half a report".getBytes(StandardCharsets.UTF_8));
                throw new IllegalStateException("sink bug");
            }
        };

        Fakes.Run r = Fakes.Run.of(kb, List.of(lines, broken), "", "diagnose", "--format", "broken", a.toString());

        assertThat(r.exit).isEqualTo(4);
        assertThat(r.err.lines()).containsExactly(
                "iothub-kb: output format [broken] (" + broken.getClass().getName()
                        + ") failed: java.lang.IllegalStateException: sink bug",
                "Summary: 2 records read, 1 event accepted, 1 record rejected, 0 late events, 1 device, 2 diagnoses");
    }

    @Test
    void aTruncatedGzipKeepsWhatItsIntactPartHolds() throws Exception {
        StringBuilder text = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 4_000; i++) {
            text.append("ok device-").append(random.nextInt(1_000_000)).append('\n');
        }
        Path whole = gzip("whole.gz", text.toString());
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", cut.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(kb.submitted.size()).isBetween(1_000, 3_000);
        assertThat(kb.rejected).singleElement().satisfies(x -> {
            assertThat(x.getSource()).isEqualTo(cut.toString());
            assertThat(x.getReason()).contains("gzip data ends early", "records up to " + cut + ":");
        });
        assertThat(r.err.lines()).singleElement().asString().startsWith("iothub-kb: warning: [" + cut + "]: ");
        assertThat(Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--strict", cut.toString()).exit).isEqualTo(2);
    }
}
