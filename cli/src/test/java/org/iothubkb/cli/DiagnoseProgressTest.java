package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose}'s progress line and {@code --quiet}, through {@link Main} with a fake engine and parser. */
class DiagnoseProgressTest {

    private static final String CLEAR = Progress.RETURN + Progress.CLEAR_TO_END;

    @TempDir
    Path dir;

    private final Fakes.Kb kb = new Fakes.Kb(List.of(), List.of());
    private final Fakes.LineParser lines = new Fakes.LineParser("lines", null);
    private Path big;
    private int bigRecords;

    /** Just over {@link Progress#MIN_BYTES}, in long records so that the fake session holds few of them. */
    @BeforeEach
    void bigInput() throws Exception {
        big = dir.resolve("big.log");
        String device = "d".repeat(1020);
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            while (written <= Progress.MIN_BYTES) {
                String line = bigRecords % 100 == 99 ? "broken" : "ok " + device;
                w.write(line);
                w.write('\n');
                written += line.length() + 1;
                bigRecords++;
            }
        }
        assertThat(Files.size(big)).isGreaterThan(Progress.MIN_BYTES);
    }

    /** The start of the summary line, counts as the text report prints them. */
    private String summary() {
        return String.format(Locale.ENGLISH, "Summary: %,d records read", bigRecords);
    }

    @Test
    void aBigInputOnATerminalShowsTheLineAndWipesItBeforeTheReport() {
        Fakes.Run r = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", big.toString());

        assertThat(r.exit).isZero();
        assertThat(r.err).startsWith("\rreading: 0% of 8.0 MiB, 0 records, ").endsWith(CLEAR)
                .as("one line, rewritten in place").doesNotContain("\n");
        assertThat(r.out).as("the report is untouched").doesNotContain("\r", "\u001b")
                .contains(summary());
    }

    @Test
    void theSummaryAfterJsonLinesStartsOnTheWipedLine() {
        Fakes.Run r = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", "--format", "jsonl",
                big.toString());

        assertThat(r.exit).isZero();
        int wiped = r.err.lastIndexOf(CLEAR);
        assertThat(wiped).isPositive();
        assertThat(r.err.substring(wiped + CLEAR.length())).startsWith(summary())
                .doesNotContain("\r");
    }

    @Test
    void quietDrawsNothingAndDropsTheJsonLinesSummary() {
        Fakes.Run text = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", "--quiet", big.toString());
        assertThat(text.exit).isZero();
        assertThat(text.err).isEmpty();
        assertThat(text.out).contains(summary());

        Fakes.Run jsonl = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", "--quiet", "--format", "jsonl",
                big.toString());
        assertThat(jsonl.exit).isZero();
        assertThat(jsonl.err).isEmpty();
    }

    @Test
    void quietNeverHidesErrors() throws Exception {
        String missing = dir.resolve("missing.log").toString();
        Fakes.Run r = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", "--quiet", big.toString(), missing);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).isEqualTo("iothub-kb: cannot read [" + missing + "]: no such file\n");

        Fakes.Run strict = Fakes.Run.onTerminal(kb, List.of(lines), "", "diagnose", "--quiet", "--strict",
                big.toString());
        assertThat(strict.exit).isEqualTo(2);
        assertThat(strict.err).contains("rejected and --strict is set").doesNotContain("\r");
    }

    @Test
    void nothingWhenStderrIsNotATerminal() {
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", big.toString());
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
    }

    @Test
    void nothingForASmallInputOnATerminal() throws Exception {
        Path small = Files.writeString(dir.resolve("small.log"), "ok a\nok b\n");
        Fakes.Run r = Fakes.Run.onTerminal(kb, List.of(lines), "ok c\n", "diagnose", small.toString(), "-");
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
    }

    @Test
    void quietIsInTheHelp() {
        Fakes.Run r = Fakes.Run.of(kb, List.of(lines), "", "diagnose", "--help");
        assertThat(r.out).contains("--quiet");
    }
}
