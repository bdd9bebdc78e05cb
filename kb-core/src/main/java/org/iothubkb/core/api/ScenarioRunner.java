package org.iothubkb.core.api;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.InputFormats;

/**
 * Runs scenario files ({@link ScenarioFile}, {@code cases.json}) against a knowledge base: each case's input goes
 * through a fresh session, and the diagnoses must be exactly the expected ones. The built-in rules are tested this
 * way, and so can a user's own rules be.
 *
 * <pre>{@code
 * KnowledgeBase kb = KnowledgeBase.builder().addRules(Path.of("my-rules")).build();
 * ScenarioRunner runner = new ScenarioRunner(kb, parsers);
 * for (ScenarioResult r : runner.runAll(List.of(Path.of("my-scenarios")))) {
 *     r.getCases().stream().filter(c -> !c.isPassed()).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Each input is read with the parser whose {@link EventParser#sniff} recognises its first bytes (gzip is
 * decompressed first), as the command line does. A case whose input has records the parser rejected fails, with
 * the rejections listed: a scenario must say exactly what it feeds the rules.
 *
 * <p>A runner holds no state between runs; it is as thread-safe as its parsers.
 *
 * @since 0.2
 */
public final class ScenarioRunner {

    private final KnowledgeBase kb;
    private final List<EventParser> parsers;

    /**
     * Creates a runner.
     *
     * @param kb      the rules to test
     * @param parsers the parsers to read case inputs with, in order of preference; not empty
     */
    public ScenarioRunner(KnowledgeBase kb, List<EventParser> parsers) {
        this.kb = Objects.requireNonNull(kb, "kb");
        this.parsers = List.copyOf(parsers);
        if (this.parsers.isEmpty()) {
            throw new IllegalArgumentException("no parser to read the scenarios' inputs with");
        }
    }

    /**
     * The scenario files among {@code paths}: each path is a {@code cases.json} file (whatever its name) or a
     * folder searched recursively for files named {@value ScenarioFile#FILE_NAME}, in path order.
     *
     * @throws KbException if a path does not exist or a folder cannot be read
     */
    public static List<Path> find(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().equals(ScenarioFile.FILE_NAME) && Files.isRegularFile(f))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new KbException("Cannot read scenario folder [" + p + "]: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new KbException("Scenario file or folder [" + p + "] does not exist");
            }
        }
        return out;
    }

    /**
     * Reads every scenario file among {@code paths} (see {@link #find}) and runs its cases.
     *
     * @throws ScenarioFileException if a scenario file is malformed; no case has run then
     */
    public List<ScenarioResult> runAll(List<Path> paths) {
        List<ScenarioFile> files = new ArrayList<>();
        for (Path f : find(paths)) {
            files.add(ScenarioFile.read(f));
        }
        List<ScenarioResult> out = new ArrayList<>();
        for (ScenarioFile f : files) {
            out.add(run(f));
        }
        return out;
    }

    /** Runs every case of {@code file}. */
    public ScenarioResult run(ScenarioFile file) {
        List<CaseResult> results = new ArrayList<>();
        for (ScenarioFile.Case c : file.getCases()) {
            results.add(run(c));
        }
        return new ScenarioResult(file.getPath(), results);
    }

    /** Runs one case: its input through a new session, the report compared with what the case expects. */
    public CaseResult run(ScenarioFile.Case c) {
        Path input = c.getInput();
        if (!Files.isRegularFile(input)) {
            return new CaseResult(c, false, "input file [" + input + "] does not exist", null);
        }
        DiagnosisReport report;
        try {
            report = diagnose(input);
        } catch (IOException e) {
            return new CaseResult(c, false, "cannot read input file [" + input + "]: " + e.getMessage(), null);
        }
        List<String> problems = new ArrayList<>();
        String differs = compare(report, c.getExpect());
        if (differs != null) {
            problems.add(differs);
        }
        for (JsonValue v : c.getAbsent()) {
            // "expect" is exhaustive already; naming the causes a near miss must not give states its intent.
            JsonObject a = (JsonObject) v;
            for (Diagnosis d : report.getDiagnoses()) {
                if (d.getErrorCode().equals(a.getString("errorCode")) && d.getCause().equals(a.getString("cause"))) {
                    problems.add("must be absent: " + d);
                }
            }
        }
        if (c.isToFix()) {
            if (problems.isEmpty()) {
                return new CaseResult(c, false, "marked tofix" + (c.getIssue() != null ? " (" + c.getIssue() + ")"
                        : "") + " but passes now: remove its \"status\"", report);
            }
            return new CaseResult(c, true, String.join("\n", problems), report);
        }
        if (report.getSummary().getRecordsRejected() > 0) {
            StringBuilder sb = new StringBuilder("rejected records in [" + input.getFileName() + "]:");
            report.getRejected().forEach(r -> sb.append("\n  ").append(r));
            problems.add(sb.toString());
        }
        return problems.isEmpty() ? new CaseResult(c, true, null, report)
                : new CaseResult(c, false, String.join("\n", problems), report);
    }

    private DiagnosisReport diagnose(Path input) throws IOException {
        DiagnosisSession session = kb.newSession();
        try (BufferedInputStream in = InputFormats.decompressed(Files.newInputStream(input))) {
            EventParser parser = InputFormats.pick(parsers, InputFormats.head(in));
            parser.parse(in, input.getFileName().toString(), session::submit,
                    (source, reason) -> session.reject(new Rejection(source, reason)));
        } catch (IOException | RuntimeException e) {
            try {
                session.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return session.close();
    }

    /**
     * Compares a report with a case's {@code expect} list.
     *
     * @return {@code null} when the diagnoses are exactly the expected ones, else one line per difference
     */
    public static String compare(DiagnosisReport report, JsonArray expect) {
        List<Diagnosis> left = new ArrayList<>(report.getDiagnoses());
        Map<String, Diagnosis> byId = report.getDiagnoses().stream()
                .collect(Collectors.toMap(Diagnosis::getId, d -> d));
        List<String> problems = new ArrayList<>();
        for (JsonValue v : expect) {
            JsonObject e = (JsonObject) v;
            int count = e.containsKey("count") ? e.getInt("count") : 1;
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

    private static boolean matches(Diagnosis d, JsonObject e, Map<String, Diagnosis> byId) {
        if (!d.getErrorCode().equals(e.getString("errorCode")) || !d.getCause().equals(e.getString("cause"))) {
            return false;
        }
        if (e.containsKey("severity") && !d.getSeverity().id().equals(e.getString("severity"))) {
            return false;
        }
        if (e.containsKey("scope") && !d.getScope().id().equals(e.getString("scope"))) {
            return false;
        }
        if (e.containsKey("deviceId") && !Objects.equals(d.getDeviceId(), textOrNull(e.get("deviceId")))) {
            return false;
        }
        if (e.containsKey("moduleId") && !Objects.equals(d.getModuleId(), textOrNull(e.get("moduleId")))) {
            return false;
        }
        if (e.containsKey("occurrences") && d.getOccurrences() != e.getJsonNumber("occurrences").longValue()) {
            return false;
        }
        if (e.containsKey("confidence") && !d.getConfidence().id().equals(e.getString("confidence"))) {
            return false;
        }
        if (e.containsKey("aliasOf") && !Objects.equals(d.getAliasOf(), textOrNull(e.get("aliasOf")))) {
            return false;
        }
        // Evidence-specific advice (a rule's note), checked by a phrase of the text.
        if (e.containsKey("explanationContains")
                && !d.getExplanation().contains(e.getString("explanationContains"))) {
            return false;
        }
        JsonValue root = e.get("rootCause");
        Diagnosis actualRoot = d.getRootCauseId() == null ? null : byId.get(d.getRootCauseId());
        if (root == null || root == JsonValue.NULL) {
            return actualRoot == null;
        }
        JsonObject r = (JsonObject) root;
        return actualRoot != null && actualRoot.getErrorCode().equals(r.getString("errorCode"))
                && actualRoot.getCause().equals(r.getString("cause"));
    }

    private static String textOrNull(JsonValue v) {
        return v instanceof JsonString ? ((JsonString) v).getString() : null;
    }

    /** The diagnoses and rejections of a report, one per line: what a failed case's reader needs next. */
    public static String describe(DiagnosisReport report) {
        StringBuilder sb = new StringBuilder("Diagnoses produced:\n");
        for (Diagnosis d : report.getDiagnoses()) {
            sb.append("  ").append(d).append("  [rule: ").append(d.getRule()).append("; first ")
                    .append(d.getEvidence().isEmpty() ? "?" : d.getEvidence().get(0).getSource()).append("]\n");
        }
        report.getRejected().forEach(x -> sb.append("  rejected ").append(x).append('\n'));
        return sb.toString();
    }
}
