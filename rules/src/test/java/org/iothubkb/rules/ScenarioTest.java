package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario under {@code src/test/resources/scenarios/<category>/<code>-<Name>/cases.json} through
 * the rules, twice: once with the executable model compiled at build time (what the CLI ships) and once with the
 * same DRL compiled at run time (what users' rule files go through). Each case lists every diagnosis its input
 * must produce; a missing or an unexpected diagnosis fails it.
 */
class ScenarioTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Path RULE_SOURCES = Path.of("src/main/resources");
    private static final ObjectMapper JSON = new ObjectMapper();

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
    Stream<DynamicNode> scenariosWithTheExecutableModel() throws IOException {
        return scenarios("executable model", ScenarioTest::compiled);
    }

    @TestFactory
    Stream<DynamicNode> scenariosWithRunTimeDrl() throws IOException {
        return scenarios("run-time DRL", ScenarioTest::runtimeDrl);
    }

    private Stream<DynamicNode> scenarios(String engine, java.util.function.Supplier<KnowledgeBase> kb)
            throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SCENARIOS)) {
            files = s.filter(p -> p.getFileName().toString().equals("cases.json")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("scenario files under %s", SCENARIOS).isNotEmpty();
        List<DynamicNode> containers = new ArrayList<>();
        for (Path casesFile : files) {
            JsonNode root = JSON.readTree(casesFile.toFile());
            String code = String.join(",", codesOf(root));
            List<DynamicNode> tests = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                String name = c.path("name").asText();
                tests.add(DynamicTest.dynamicTest(code + " › " + name,
                        () -> runCase(kb.get(), casesFile.getParent(), c)));
            }
            containers.add(DynamicContainer.dynamicContainer(engine + ": " + SCENARIOS.relativize(casesFile.getParent()),
                    tests));
        }
        return containers.stream();
    }

    /** The codes a scenario file is about: its {@code code}, or the {@code codes} of a catalogue file. */
    static List<String> codesOf(JsonNode root) {
        List<String> out = new ArrayList<>();
        if (root.hasNonNull("code")) {
            out.add(root.get("code").asText());
        }
        root.path("codes").forEach(c -> out.add(c.asText()));
        return out;
    }

    static DiagnosisReport run(KnowledgeBase kb, Path input) throws IOException {
        DiagnosisSession session = kb.newSession();
        EventParser parser = new AzureMonitorLogsParser();
        try (InputStream in = Files.newInputStream(input)) {
            parser.parse(in, input.getFileName().toString(), session::submit,
                    (source, reason) -> session.reject(new Rejection(source, reason)));
        }
        return session.close();
    }

    private static void runCase(KnowledgeBase kb, Path folder, JsonNode c) throws IOException {
        Path input = folder.resolve(c.path("input").asText());
        DiagnosisReport report = run(kb, input);
        boolean toFix = "tofix".equals(c.path("status").asText(null));
        String problem = compare(report, c.path("expect"));
        for (JsonNode a : c.path("absent")) {
            // A near miss names the causes it must not give; "expect" is exhaustive, this states the intent.
            for (Diagnosis d : report.getDiagnoses()) {
                if (d.getErrorCode().equals(a.path("errorCode").asText()) && d.getCause().equals(a.path("cause").asText())) {
                    problem = (problem == null ? "" : problem + "\n") + "must be absent: " + d;
                }
            }
        }
        if (toFix) {
            if (problem == null) {
                fail("Case is marked tofix (" + c.path("issue").asText("?") + ") but now passes: promote it");
            }
            return;
        }
        if (problem != null) {
            fail(problem + "\nCase: " + c.path("name").asText() + "\nInput: " + input + "\n" + describe(report)
                    + "\n" + numbered(input));
        }
        assertThat(report.getSummary().getRecordsRejected()).as("rejected records in %s: %s", input,
                report.getRejected()).isZero();
    }

    /** Returns null when the diagnoses are exactly the expected ones, else what differs. */
    static String compare(DiagnosisReport report, JsonNode expect) {
        List<Diagnosis> left = new ArrayList<>(report.getDiagnoses());
        Map<String, Diagnosis> byId = report.getDiagnoses().stream()
                .collect(Collectors.toMap(Diagnosis::getId, d -> d));
        List<String> problems = new ArrayList<>();
        for (JsonNode e : expect) {
            int count = e.path("count").asInt(1);
            for (int i = 0; i < count; i++) {
                Diagnosis match = null;
                for (Iterator<Diagnosis> it = left.iterator(); it.hasNext(); ) {
                    Diagnosis d = it.next();
                    if (matches(d, e, byId)) {
                        match = d;
                        it.remove();
                        break;
                    }
                }
                if (match == null) {
                    problems.add("missing " + (count > 1 ? "(" + (i + 1) + " of " + count + ") " : "") + e);
                    break;
                }
            }
        }
        left.forEach(d -> problems.add("unexpected " + d));
        return problems.isEmpty() ? null : String.join("\n", problems);
    }

    private static boolean matches(Diagnosis d, JsonNode e, Map<String, Diagnosis> byId) {
        if (!d.getErrorCode().equals(e.path("errorCode").asText()) || !d.getCause().equals(e.path("cause").asText())) {
            return false;
        }
        if (e.has("severity") && !d.getSeverity().id().equals(e.get("severity").asText())) {
            return false;
        }
        if (e.has("scope") && !d.getScope().id().equals(e.get("scope").asText())) {
            return false;
        }
        if (e.has("deviceId") && !Objects.equals(d.getDeviceId(), textOrNull(e.get("deviceId")))) {
            return false;
        }
        if (e.has("moduleId") && !Objects.equals(d.getModuleId(), textOrNull(e.get("moduleId")))) {
            return false;
        }
        if (e.has("occurrences") && d.getOccurrences() != e.get("occurrences").asLong()) {
            return false;
        }
        if (e.has("confidence") && !d.getConfidence().id().equals(e.get("confidence").asText())) {
            return false;
        }
        if (e.has("aliasOf") && !Objects.equals(d.getAliasOf(), textOrNull(e.get("aliasOf")))) {
            return false;
        }
        // Evidence-specific advice (a rule's note), checked by a phrase of the English text.
        if (e.has("explanationContains") && !d.getExplanation().contains(e.get("explanationContains").asText())) {
            return false;
        }
        JsonNode root = e.get("rootCause");
        Diagnosis actualRoot = d.getRootCauseId() == null ? null : byId.get(d.getRootCauseId());
        if (root == null || root.isNull()) {
            return actualRoot == null;
        }
        return actualRoot != null && actualRoot.getErrorCode().equals(root.path("errorCode").asText())
                && actualRoot.getCause().equals(root.path("cause").asText());
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static String describe(DiagnosisReport r) {
        StringBuilder sb = new StringBuilder("Diagnoses produced:\n");
        for (Diagnosis d : r.getDiagnoses()) {
            sb.append("  ").append(d).append("  [rule: ").append(d.getRule()).append("; first ")
                    .append(d.getEvidence().get(0).getSource()).append("]\n");
        }
        r.getRejected().forEach(x -> sb.append("  rejected ").append(x).append('\n'));
        return sb.toString();
    }

    private static String numbered(Path input) throws IOException {
        List<String> lines = Files.readAllLines(input);
        StringBuilder sb = new StringBuilder("Input lines:\n");
        for (int i = 0; i < lines.size() && i < 60; i++) {
            String l = lines.get(i);
            sb.append(String.format("%4d  %s%n", i + 1, l.length() > 160 ? l.substring(0, 160) + "…" : l));
        }
        return sb.toString();
    }
}
