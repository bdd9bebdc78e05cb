package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule-authoring walkthrough, docs/authoring.md, run as written: every {@code console} block's command is run
 * from the repository root with the shaded jar, and its standard output and exit code must be what the page shows.
 * The example files are those in examples/authoring/, which the page quotes.
 */
class AuthoringIT {

    /** A console block: the command on its first line, then its output; {@code ; echo "exit $?"} adds the code. */
    private static final Pattern CONSOLE = Pattern.compile("```console\\n\\$ \\./iothub-kb (.+?)\\n(.*?)```",
            Pattern.DOTALL);
    private static final String ECHO_EXIT = "; echo \"exit $?\"";

    private static Path repo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        CliProcess.jar();
        repo = CliProcess.examples().getParent();
    }

    private static CliProcess.Result cli(String... args) throws Exception {
        return CliProcess.runIn(repo, null, Map.of(), args);
    }

    @TestFactory
    Stream<DynamicTest> everyConsoleBlockOfTheWalkthroughPrintsWhatThePageShows() throws Exception {
        String page = Files.readString(repo.resolve("docs/authoring.md"));
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = CONSOLE.matcher(page);
        while (m.find()) {
            String command = m.group(1);
            String shown = m.group(2);
            tests.add(DynamicTest.dynamicTest(command, () -> {
                boolean withExit = command.endsWith(ECHO_EXIT);
                String args = withExit ? command.substring(0, command.length() - ECHO_EXIT.length()) : command;
                // The walkthrough's commands have no quoted arguments: splitting on spaces is the shell's split.
                CliProcess.Result r = cli(args.split(" "));
                String got = r.out() + (withExit ? "exit " + r.exit() + "\n" : "");
                assertThat(got).as("stdout of '%s' (stderr: %s)", command, r.err()).isEqualTo(shown);
                assertThat(r.err()).as("stderr of '%s'", command).isEmpty();
            }));
        }
        assertThat(tests).as("console blocks in docs/authoring.md").hasSizeGreaterThanOrEqualTo(5);
        return tests.stream();
    }

    @Test
    void validateOnTheGoodFolderIsCleanAndOnTheBrokenOneGivesFileLineColumnAndExit3() throws Exception {
        CliProcess.Result good = cli("validate", "examples/authoring/rules");
        assertThat(good.exit()).as(good.out() + good.err()).isZero();

        CliProcess.Result broken = cli("validate", "examples/authoring/broken");
        assertThat(broken.exit()).isEqualTo(3);
        List<String> lines = broken.out().lines().toList();
        assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty().allSatisfy(l -> assertThat(l)
                .matches("examples/authoring/broken/unstable-link-broken\\.drl:\\d+:\\d+: .+"));
        assertThat(lines.get(lines.size() - 1)).endsWith("in 1 rule file.");
    }

    @Test
    void aFolderWithOneGoodAndOneBrokenRuleFileNamesOnlyTheBrokenOne() throws Exception {
        Path mixed = tmp.resolve("mixed");
        Files.createDirectories(mixed);
        try (Stream<Path> s = Files.list(repo.resolve("examples/authoring/rules"))) {
            for (Path f : s.toList()) {
                Files.copy(f, mixed.resolve(f.getFileName()));
            }
        }
        Files.copy(repo.resolve("examples/authoring/broken/unstable-link-broken.drl"),
                mixed.resolve("unstable-link-broken.drl"));

        CliProcess.Result r = cli("validate", mixed.toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(3);
        List<String> problems = r.out().lines().filter(l -> l.startsWith(mixed.toString())).toList();
        assertThat(problems).isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith(mixed.resolve("unstable-link-broken.drl") + ":"));
        assertThat(r.out()).doesNotContain("unstable-link.drl:").endsWith("in 2 rule files.\n");
    }

    @Test
    void theScenariosPassWithTheRulesAndTheRulesShowUpInDiagnoseAndExplain() throws Exception {
        CliProcess.Result test = cli("test", "--rules", "examples/authoring/rules", "examples/authoring/scenarios");
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).isEqualTo("2 passed, 0 failed\n");

        CliProcess.Result diagnose = cli("diagnose", "--rules", "examples/authoring/rules",
                "examples/authoring/scenarios/unstable-link/keeps-dropping.jsonl");
        assertThat(diagnose.exit()).as(diagnose.err()).isZero();
        assertThat(diagnose.out()).contains("cause unstable-link", "The connection of gate-cam-12 keeps dropping");

        CliProcess.Result explain = cli("explain", "404104", "--rules", "examples/authoring/rules");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("unstable-link").doesNotContain("[iothub.404104.unstable-link.title]");
    }

    @Test
    void testStopsWithExit3WhenTheRulesDoNotCompileAndWith2ForAMalformedScenarioFile() throws Exception {
        CliProcess.Result broken = cli("test", "--rules", "examples/authoring/broken", "examples/authoring/scenarios");
        assertThat(broken.exit()).isEqualTo(3);
        assertThat(broken.err()).contains("unstable-link-broken.drl").contains("line 16");

        Path bad = tmp.resolve("cases.json");
        Files.writeString(bad, "{\n  \"cases\": [\n    {\"name\": \"x\", \"inptu\": \"a.jsonl\", \"expect\": []}\n  ]\n}\n");
        CliProcess.Result malformed = cli("test", bad.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err()).contains(bad + ":3:").contains("unknown field [inptu]");
    }
}
