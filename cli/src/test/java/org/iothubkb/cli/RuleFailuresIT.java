package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's rule file with a defect, through the built CLI: one that does not compile, one that names a field
 * events do not have, one whose consequence throws. The first two stop {@code diagnose} with exit 3 before any input
 * is read (nothing runs with half the rules); the third stops it with exit 3 naming the rule, its file and the
 * record it had matched.
 */
class RuleFailuresIT {

    @TempDir
    static Path tmp;

    /** A gzip input cut in half: reading it would print a message of its own. */
    private static Path truncated;

    @BeforeAll
    static void files() throws IOException {
        CliProcess.jar();
        Path whole = tmp.resolve("whole.gz");
        try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(whole))) {
            gz.write(Files.readAllBytes(CliProcess.examples().resolve("mass-disconnect.jsonl")));
        }
        byte[] bytes = Files.readAllBytes(whole);
        truncated = Files.write(tmp.resolve("truncated.jsonl.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static Path ruleFolder(String name, String drl) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(name));
        Files.writeString(folder.resolve(name + ".drl"), "package com.example.faulty;\n\n"
                + "import org.iothubkb.core.api.LogEvent;\n\n" + drl);
        return folder;
    }

    @Test
    void aRuleFileThatDoesNotCompileStopsTheRunBeforeAnyInputIsRead() throws Exception {
        Path broken = CliProcess.examples().resolve("authoring/broken");

        CliProcess.Result r = CliProcess.run("diagnose", "--rules", broken.toString(), truncated.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("unstable-link-broken.drl", "line 16").doesNotContain("truncated.jsonl.gz");
    }

    @Test
    void aFieldEventsDoNotHaveIsReportedAtItsLineByValidateAndStopsDiagnose() throws Exception {
        Path folder = ruleFolder("unknown-field", """
                rule "helper: a field that does not exist"
                when
                    $e : LogEvent( colour == "red" )
                then
                end
                """);
        Path file = folder.resolve("unknown-field.drl");

        CliProcess.Result validate = CliProcess.run("validate", folder.toString());
        assertThat(validate.exit()).isEqualTo(3);
        assertThat(validate.out()).startsWith(file + ":7:").contains("colour");

        CliProcess.Result diagnose = CliProcess.run("diagnose", "--rules", folder.toString(), truncated.toString());
        assertThat(diagnose.exit()).isEqualTo(3);
        assertThat(diagnose.out()).isEmpty();
        assertThat(diagnose.err()).contains(file.toString(), "line 7", "colour").doesNotContain("truncated");
    }

    @Test
    void aConsequenceThatThrowsIsReportedWithTheRuleItsFileAndTheRecord() throws Exception {
        Path folder = ruleFolder("throws", """
                // A defect: the consequence throws on the first 404104 it meets.
                rule "helper: a consequence that throws"
                when
                    $e : LogEvent( errorCode == "404104" )
                then
                    throw new IllegalStateException("deliberate defect");
                end
                """);
        Path input = CliProcess.examples().resolve("reconnect-race.jsonl");
        int line = 1 + Files.readAllLines(input).stream().takeWhile(l -> !l.contains("404104")).toList().size();

        CliProcess.Result r = CliProcess.run("diagnose", "--format", "json", "--rules", folder.toString(),
                input.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).as("no report: it would be incomplete").isEmpty();
        assertThat(r.err().lines()).hasSize(1);
        // The rule is declared on line 6 of its file: package, blank, import, blank, comment, rule.
        assertThat(r.err()).contains("Rule [helper: a consequence that throws] in [" + folder.resolve("throws.drl")
                + ":6]",
                input + ":" + line, "IllegalStateException: deliberate defect");
    }
}
