package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line parsing and usage errors: none of these may build the knowledge base. */
class MainUsageTest {

    private static final Function<Locale, KnowledgeBase> NO_KB = locale -> {
        throw new AssertionError("the knowledge base must not be built for a usage error");
    };

    private static Fakes.Run run(String... args) {
        return Fakes.Run.of(NO_KB, List.of(new Fakes.LineParser("lines", null)), "", args);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                                        | no command given                | Try 'iothub-kb --help'.",
            "frobnicate                                | unknown command [frobnicate]    | Try 'iothub-kb --help'.",
            "--frob                                    | unknown option [--frob]         | Try 'iothub-kb --help'.",
            "diagnose                                  | no input                        | Try 'iothub-kb diagnose --help'.",
            "validate                                  | no rule files given             | Try 'iothub-kb validate --help'.",
            "validate --rules x y                      | --rules                         | Try 'iothub-kb validate --help'.",
            "diagnose --bogus x                        | --bogus                         | Try 'iothub-kb diagnose --help'.",
            "diagnose --format xml x                   | unknown format [xml]            | Try 'iothub-kb diagnose --help'.",
            "diagnose --format                         | format                          | Try 'iothub-kb diagnose --help'.",
            "diagnose --lang fr x                      | unknown language [fr]           | Try 'iothub-kb diagnose --help'.",
            "diagnose --max-lateness soon x            | --max-lateness                  | Try 'iothub-kb diagnose --help'.",
            "diagnose --max-lateness -5s x             | --max-lateness                  | Try 'iothub-kb diagnose --help'.",
            "diagnose --fail-on fatal x                | unknown severity [fatal]        | Try 'iothub-kb diagnose --help'.",
            "diagnose - -                              | only once                       | Try 'iothub-kb diagnose --help'.",
            "diagnose --form json x                    | --form                          | Try 'iothub-kb diagnose --help'.",
            "explain                                   | no error code                   | Try 'iothub-kb explain --help'.",
            "explain 404104 409002                     | one error code at a time        | Try 'iothub-kb explain --help'.",
            "explain --format jsonl 404104             | unknown format [jsonl]          | Try 'iothub-kb explain --help'.",
            "explain --strict 404104                   | --strict                        | Try 'iothub-kb explain --help'.",
            "list extra                                | unexpected argument [extra]     | Try 'iothub-kb list --help'.",
            "list --format yaml                        | unknown format [yaml]           | Try 'iothub-kb list --help'.",
            "help frobnicate                           | no help on [frobnicate]         | Try 'iothub-kb --help'.",
            "docs                                      | no output directory             | Try 'iothub-kb docs --help'.",
            "docs --output                             | output                          | Try 'iothub-kb docs --help'.",
            "docs --output out extra                   | unexpected argument [extra]     | Try 'iothub-kb docs --help'.",
            "docs --output out --format json           | --format                        | Try 'iothub-kb docs --help'.",
            "docs --output out --lang de               | unknown language [de]           | Try 'iothub-kb docs --help'.",
    })
    void usageErrorsExitWithTwoAndPointAtTheHelp(String args, String reason, String hint) {
        Fakes.Run r = run(args.isEmpty() ? new String[0] : args.split(" "));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        String[] lines = r.err.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("iothub-kb: ").contains(reason);
        assertThat(lines[1]).isEqualTo(hint);
    }

    @Test
    void generalHelpListsTheCommands() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Fakes.Run r = run(args);
            assertThat(r.exit).isZero();
            assertThat(r.err).isEmpty();
            assertThat(r.out).contains("diagnose", "explain", "list", "docs --output DIR", "--version");
        }
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        Fakes.Run diagnose = run("diagnose", "--help");
        assertThat(diagnose.exit).isZero();
        assertThat(diagnose.out).contains("Usage: iothub-kb diagnose", "--format", "--lang", "--max-lateness",
                "--fail-on", "--strict", "--verbose", "jsonl");
        Fakes.Run explain = run("explain", "-h");
        assertThat(explain.out).contains("Usage: iothub-kb explain", "--format", "--lang")
                .doesNotContain("--max-lateness");
        Fakes.Run list = run("help", "list");
        assertThat(list.exit).isZero();
        assertThat(list.out).contains("Usage: iothub-kb list");
        Fakes.Run docs = run("docs", "--help");
        assertThat(docs.exit).isZero();
        assertThat(docs.out).contains("Usage: iothub-kb docs --output DIR", "--output", "--lang",
                "--output docs/rules'").doesNotContain("--format");
        // --help wins over missing arguments.
        assertThat(run("explain", "--help").exit).isZero();
    }

    @Test
    void version() {
        Fakes.Run r = run("--version");
        assertThat(r.exit).isZero();
        assertThat(r.out).startsWith("iothub-kb ").endsWith("\n");
    }

    @Test
    void missingFileExitsWithTwoNamingIt(@TempDir Path dir) {
        String missing = dir.resolve("nope.jsonl").toString();
        Fakes.Run r = run("diagnose", missing);
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip()).doesNotContain("\n").contains(missing).contains("no such file");
    }

    @Test
    void directoryExitsWithTwoNamingIt(@TempDir Path dir) throws Exception {
        Path ok = Files.writeString(dir.resolve("ok.jsonl"), "ok a\n");
        Fakes.Run r = run("diagnose", ok.toString(), dir.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip()).doesNotContain("\n").contains(dir.toString()).contains("directory");
    }

    @Test
    void parsesEveryDiagnoseOption() throws Exception {
        Invocation inv = Main.parse(new String[] {"diagnose", "--format", "jsonl", "--lang", "nl",
                "--max-lateness", "90s", "--fail-on", "warning", "--strict", "--verbose", "a.jsonl", "-",
                "b.jsonl.gz"});
        assertThat(inv.command()).isEqualTo(Invocation.Command.DIAGNOSE);
        assertThat(inv.sink()).isEqualTo("jsonl");
        assertThat(inv.locale().getLanguage()).isEqualTo("nl");
        assertThat(inv.maxLateness()).isEqualTo(Duration.ofSeconds(90));
        assertThat(inv.failOn()).isEqualTo(Severity.WARNING);
        assertThat(inv.strict()).isTrue();
        assertThat(inv.verbose()).isTrue();
        assertThat(inv.inputs()).containsExactly("a.jsonl", "-", "b.jsonl.gz");
        assertThat(inv.help()).isFalse();
    }

    @Test
    void parsesTheRuleAndPluginOptions() throws Exception {
        Invocation inv = Main.parse(new String[] {"diagnose", "--rules", "mine", "--rules=theirs", "--plugins",
                "p1", "--input-format", "facts", "--format", "acme-csv", "x"});
        assertThat(inv.rules()).containsExactly("mine", "theirs");
        assertThat(inv.plugins()).containsExactly("p1");
        assertThat(inv.inputFormat()).isEqualTo("facts");
        assertThat(inv.sink()).isEqualTo("acme-csv");
        assertThat(Main.parse(new String[] {"explain", "--rules", "mine", "404104"}).rules()).containsExactly("mine");
        assertThat(Main.parse(new String[] {"plugins", "--plugins", "p", "--format", "json"}).plugins())
                .containsExactly("p");
    }

    @Test
    void diagnoseDefaults() throws Exception {
        Invocation inv = Main.parse(new String[] {"diagnose", "x"});
        assertThat(inv.sink()).isEqualTo("text");
        assertThat(inv.inputFormat()).isNull();
        assertThat(inv.rules()).isEmpty();
        assertThat(inv.plugins()).isEmpty();
        assertThat(inv.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(inv.maxLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(inv.failOn()).isNull();
        assertThat(inv.strict()).isFalse();
        assertThat(inv.verbose()).isFalse();
    }

    @Test
    void optionsMayFollowTheFilesAndEqualsSignsWork() throws Exception {
        Invocation inv = Main.parse(new String[] {"diagnose", "a", "--format=json", "--max-lateness=PT2M", "b"});
        assertThat(inv.inputs()).containsExactly("a", "b");
        assertThat(inv.sink()).isEqualTo("json");
        assertThat(inv.maxLateness()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void explainAndList() throws Exception {
        Invocation explain = Main.parse(new String[] {"explain", "404104", "--format", "json", "--lang", "NL"});
        assertThat(explain.code()).isEqualTo("404104");
        assertThat(explain.format()).isEqualTo(Invocation.Format.JSON);
        assertThat(explain.locale().getLanguage()).isEqualTo("nl");
        Invocation list = Main.parse(new String[] {"list", "--format", "json"});
        assertThat(list.command()).isEqualTo(Invocation.Command.LIST);
        assertThat(list.format()).isEqualTo(Invocation.Format.JSON);
        Invocation docs = Main.parse(new String[] {"docs", "--lang", "nl", "--output", "docs/rules/nl"});
        assertThat(docs.command()).isEqualTo(Invocation.Command.DOCS);
        assertThat(docs.output()).isEqualTo("docs/rules/nl");
        assertThat(docs.locale().getLanguage()).isEqualTo("nl");
    }

    @Test
    void invocationIsImmutable() throws Exception {
        Invocation inv = Main.parse(new String[] {"diagnose", "a"});
        assertThatThrownBy(() -> inv.inputs().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
