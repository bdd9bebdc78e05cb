package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.iothubkb.core.api.CaseResult;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.ScenarioFile;
import org.iothubkb.core.api.ScenarioRunner;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario under {@code src/test/resources/scenarios/<category>/<code>-<Name>/cases.json} through
 * the rules, twice: once with the executable model compiled at build time (what the CLI ships) and once with the
 * same DRL compiled at run time (what users' rule files go through), with the {@link ScenarioRunner} that
 * {@code iothub-kb test} uses too. Each case lists every diagnosis its input must produce; a missing or an
 * unexpected diagnosis fails it.
 */
class ScenarioTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Path RULE_SOURCES = Path.of("src/main/resources");
    private static final List<EventParser> PARSERS = List.of(new AzureMonitorLogsParser());

    private static KnowledgeBase compiled;
    private static KnowledgeBase runtimeDrl;

    static synchronized KnowledgeBase compiled() {
        if (compiled == null) {
            compiled = KnowledgeBase.builder().locale(Locale.ENGLISH).build();
        }
        return compiled;
    }

    static synchronized KnowledgeBase runtimeDrl() {
        if (runtimeDrl == null) {
            runtimeDrl = KnowledgeBase.builder().locale(Locale.ENGLISH).builtInRules(false).addRules(RULE_SOURCES).build();
        }
        return runtimeDrl;
    }

    @TestFactory
    Stream<DynamicNode> scenariosWithTheExecutableModel() {
        return scenarios("executable model", ScenarioTest::compiled);
    }

    @TestFactory
    Stream<DynamicNode> scenariosWithRunTimeDrl() {
        return scenarios("run-time DRL", ScenarioTest::runtimeDrl);
    }

    private Stream<DynamicNode> scenarios(String engine, Supplier<KnowledgeBase> kb) {
        List<Path> files = ScenarioRunner.find(List.of(SCENARIOS));
        assertThat(files).as("scenario files under %s", SCENARIOS).isNotEmpty();
        List<DynamicNode> containers = new ArrayList<>();
        for (Path casesFile : files) {
            ScenarioFile scenarios = ScenarioFile.read(casesFile);
            String code = String.join(",", scenarios.getCodes());
            List<DynamicNode> tests = new ArrayList<>();
            for (ScenarioFile.Case c : scenarios.getCases()) {
                tests.add(DynamicTest.dynamicTest(code + " › " + c.getName(), () -> runCase(kb.get(), c)));
            }
            containers.add(DynamicContainer.dynamicContainer(engine + ": " + SCENARIOS.relativize(casesFile.getParent()),
                    tests));
        }
        return containers.stream();
    }

    /** The codes a scenario file is about: its {@code code}, or the {@code codes} of a catalogue file. */
    static List<String> codesOf(Path casesFile) {
        return ScenarioFile.read(casesFile).getCodes();
    }

    private static void runCase(KnowledgeBase kb, ScenarioFile.Case c) throws IOException {
        CaseResult result = new ScenarioRunner(kb, PARSERS).run(c);
        if (!result.isPassed()) {
            fail(result.getProblem() + "\nCase: " + c.getName() + "\nInput: " + c.getInput() + "\n"
                    + (result.getReport() == null ? "" : ScenarioRunner.describe(result.getReport()))
                    + "\n" + numbered(c.getInput()));
        }
    }

    private static String numbered(Path input) throws IOException {
        if (!Files.isRegularFile(input)) {
            return "";
        }
        List<String> lines = Files.readAllLines(input);
        StringBuilder sb = new StringBuilder("Input lines:\n");
        for (int i = 0; i < lines.size() && i < 60; i++) {
            String l = lines.get(i);
            sb.append(String.format("%4d  %s%n", i + 1, l.length() > 160 ? l.substring(0, 160) + "…" : l));
        }
        return sb.toString();
    }
}
