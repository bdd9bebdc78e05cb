package org.iothubkb.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.iothubkb.core.internal.FactsParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario runner against the engine's own test rules (testrules/sample: 900001 is "stuck" unless a 900000
 * follows within a minute, then "recovered"; 900002 within 30 s after a 900001 is its "echo"), inputs as event facts.
 */
class ScenarioRunnerTest {

    private static KnowledgeBase kb;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        kb = KnowledgeBase.builder().builtInRules(false).addRules(Path.of("src/test/resources/testrules/sample"))
                .build();
    }

    private static String fact(int second, String device, String code) {
        return "{\"time\": \"2026-11-30T10:00:" + String.format("%02d", second) + "Z\", \"hub\": \"hub1\", \"deviceId\": \""
                + device + "\", \"errorCode\": \"" + code + "\"}\n";
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Map<String, CaseResult> run(Path casesFile) {
        ScenarioResult r = new ScenarioRunner(kb, List.of(new FactsParser())).run(ScenarioFile.read(casesFile));
        return r.getCases().stream().collect(Collectors.toMap(CaseResult::getName, c -> c));
    }

    @Test
    void casesWhoseDiagnosesAreExactlyTheExpectedOnesPass() throws IOException {
        write("a-stuck.jsonl", fact(0, "a", "900001"));
        write("two-stuck.jsonl", fact(0, "a", "900001") + fact(5, "b", "900001"));
        write("recovered.jsonl", fact(0, "a", "900001") + fact(20, "a", "900000"));
        write("echo.jsonl", fact(0, "a", "900001") + fact(10, "a", "900002"));
        Path cases = write("cases.json", """
                {
                  "code": "900001",
                  "cases": [
                    {"name": "pass", "input": "a-stuck.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck", "severity": "error", "scope": "device",
                                 "deviceId": "a", "moduleId": null, "occurrences": 1, "confidence": "documented",
                                 "aliasOf": null, "explanationContains": "did not recover", "rootCause": null}]},
                    {"name": "count", "input": "two-stuck.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck", "count": 2}]},
                    {"name": "absent", "input": "recovered.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "recovered"}],
                     "absent": [{"errorCode": "900001", "cause": "stuck"}]},
                    {"name": "root", "input": "echo.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck"},
                                {"errorCode": "900002", "cause": "echo",
                                 "rootCause": {"errorCode": "900001", "cause": "stuck"}}]},
                    {"name": "tofix", "input": "a-stuck.jsonl", "status": "tofix", "issue": "#7",
                     "expect": [{"errorCode": "900001", "cause": "recovered"}]}
                  ]
                }
                """);

        Map<String, CaseResult> r = run(cases);

        assertThat(r).hasSize(5);
        assertThat(r.values()).allSatisfy(c -> assertThat(c.isPassed()).as(c.toString()).isTrue());
        assertThat(r.get("pass").getProblem()).isNull();
        // A known failure passes while it still fails, and says what still fails.
        assertThat(r.get("tofix").getProblem()).contains("missing", "unexpected");
        assertThat(r.get("tofix").getFile()).isEqualTo(cases);
    }

    @Test
    void eachWayOfFailingIsNamed() throws IOException {
        write("a-stuck.jsonl", fact(0, "a", "900001"));
        write("two-stuck.jsonl", fact(0, "a", "900001") + fact(5, "b", "900001"));
        write("bad-record.jsonl", fact(0, "a", "900001") + "{\"time\": \"yesterday\", \"deviceId\": \"a\"}\n");
        Path cases = write("cases.json", """
                {
                  "codes": ["900001"],
                  "cases": [
                    {"name": "missing", "input": "a-stuck.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck", "deviceId": "zz"}]},
                    {"name": "unexpected", "input": "a-stuck.jsonl", "expect": []},
                    {"name": "count", "input": "two-stuck.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck", "count": 3}]},
                    {"name": "absent", "input": "a-stuck.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck"}],
                     "absent": [{"errorCode": "900001", "cause": "stuck"}]},
                    {"name": "tofix", "input": "a-stuck.jsonl", "status": "tofix",
                     "expect": [{"errorCode": "900001", "cause": "stuck"}]},
                    {"name": "rejected", "input": "bad-record.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck"}]},
                    {"name": "no input", "input": "nowhere.jsonl", "expect": []}
                  ]
                }
                """);

        Map<String, CaseResult> r = run(cases);

        assertThat(r.values()).allSatisfy(c -> assertThat(c.isPassed()).as(c.getName()).isFalse());
        assertThat(r.get("missing").getProblem()).startsWith("missing {\"errorCode\":\"900001\"")
                .contains("\"deviceId\":\"zz\"").contains("unexpected D1 900001/stuck error device a x1");
        assertThat(r.get("unexpected").getProblem()).isEqualTo("unexpected D1 900001/stuck error device a x1");
        assertThat(r.get("count").getProblem()).startsWith("missing (3 of 3) ");
        assertThat(r.get("absent").getProblem()).isEqualTo("must be absent: D1 900001/stuck error device a x1");
        assertThat(r.get("tofix").getProblem()).contains("marked tofix", "passes now");
        assertThat(r.get("rejected").getProblem()).startsWith("rejected records in [bad-record.jsonl]:")
                .contains("bad-record.jsonl:2");
        assertThat(r.get("no input").getProblem()).contains("nowhere.jsonl", "does not exist");
        assertThat(r.get("no input").getReport()).isNull();
    }

    @Test
    void foldersAreSearchedForCasesJson() throws IOException {
        write("one/a.jsonl", fact(0, "a", "900001"));
        write("one/cases.json", "{\"code\": \"900001\", \"cases\": [{\"name\": \"x\", \"input\": \"a.jsonl\","
                + " \"expect\": [{\"errorCode\": \"900001\", \"cause\": \"stuck\"}]}]}");
        write("two/deeper/cases.json", "{\"cases\": []}");
        write("two/deeper/notes.json", "{}");

        List<ScenarioResult> results = new ScenarioRunner(kb, List.of(new FactsParser())).runAll(List.of(dir));

        assertThat(results).extracting(r -> dir.relativize(r.getFile()).toString().replace('\\', '/'))
                .containsExactly("one/cases.json", "two/deeper/cases.json");
        assertThat(results.get(0).passed()).isEqualTo(1);
        assertThat(results.get(0).failed()).isZero();
        assertThatThrownBy(() -> ScenarioRunner.find(List.of(dir.resolve("nope"))))
                .isInstanceOf(KbException.class).hasMessageContaining("nope");
    }

    @Test
    void invalidJsonIsReportedWithFileLineAndColumn() throws IOException {
        Path cases = write("cases.json", "{\n  \"cases\": [\n    {\"name\": \"x\",, \"input\": \"a.jsonl\"}\n  ]\n}\n");
        assertThatThrownBy(() -> ScenarioFile.read(cases))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith(cases + ":3:")
                .hasMessageContaining("not valid JSON")
                .satisfies(e -> assertThat(((ScenarioFileException) e).getLine()).isEqualTo(3));
    }

    @Test
    void aMisspeltOrMissingFieldNamesTheCaseAndItsLine() throws IOException {
        Path misspelt = write("misspelt.json", """
                {
                  "code": "900001",
                  "cases": [
                    {"name": "fine", "input": "a.jsonl", "expect": []},
                    {"name": "typo", "input": "a.jsonl",
                     "expect": [{"errorCode": "900001", "cause": "stuck", "severty": "error"}]}
                  ]
                }
                """);
        assertThatThrownBy(() -> ScenarioFile.read(misspelt)).isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith(misspelt + ":5:")
                .hasMessageContaining("case \"typo\": expect[0]: unknown field [severty]");

        Path noCause = write("nocause.json", "{\"cases\": [{\"name\": \"n\", \"input\": \"a.jsonl\","
                + " \"expect\": [{\"errorCode\": \"900001\"}]}]}");
        assertThatThrownBy(() -> ScenarioFile.read(noCause)).hasMessageContaining("expect[0] has no \"cause\"");

        Path badSeverity = write("severity.json", "{\"cases\": [{\"name\": \"n\", \"input\": \"a.jsonl\","
                + " \"expect\": [{\"errorCode\": \"900001\", \"cause\": \"stuck\", \"severity\": \"fatal\"}]}]}");
        assertThatThrownBy(() -> ScenarioFile.read(badSeverity)).hasMessageContaining("fatal");

        Path noCases = write("nocases.json", "{\"code\": \"900001\"}");
        assertThatThrownBy(() -> ScenarioFile.read(noCases)).hasMessageContaining("no \"cases\" array");

        Path array = write("array.json", "[]");
        assertThatThrownBy(() -> ScenarioFile.read(array)).hasMessageStartingWith(array + ":1:");

        Path status = write("status.json", "{\"cases\": [{\"name\": \"n\", \"input\": \"a.jsonl\", \"expect\": [],"
                + " \"status\": \"skip\"}]}");
        assertThatThrownBy(() -> ScenarioFile.read(status)).hasMessageContaining("unknown status [skip]");
    }

    @Test
    void aRunnerNeedsAParser() {
        assertThatThrownBy(() -> new ScenarioRunner(kb, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
