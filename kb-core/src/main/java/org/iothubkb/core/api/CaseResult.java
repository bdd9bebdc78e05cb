package org.iothubkb.core.api;

import java.nio.file.Path;

/**
 * The outcome of one scenario case: whether the input produced exactly the expected diagnoses, and if not, what
 * differed.
 *
 * @since 0.2
 */
public final class CaseResult {
    private final ScenarioFile.Case scenarioCase;
    private final boolean passed;
    private final String problem;
    private final DiagnosisReport report;

    CaseResult(ScenarioFile.Case scenarioCase, boolean passed, String problem, DiagnosisReport report) {
        this.scenarioCase = scenarioCase;
        this.passed = passed;
        this.problem = problem;
        this.report = report;
    }

    /** The case that ran. */
    public ScenarioFile.Case getCase() {
        return scenarioCase;
    }

    /** The case's name. */
    public String getName() {
        return scenarioCase.getName();
    }

    /** The scenario file the case is in. */
    public Path getFile() {
        return scenarioCase.getFile();
    }

    /**
     * Whether the case passed. A case marked {@code tofix} passes while it still fails as expected, and fails once
     * it starts to pass (so that its mark is removed).
     */
    public boolean isPassed() {
        return passed;
    }

    /**
     * What went wrong, one problem per line ({@code missing …}, {@code unexpected …}, {@code must be absent: …},
     * rejected records, an unreadable input); {@code null} when the case passed. For a {@code tofix} case that
     * passed, what still fails.
     */
    public String getProblem() {
        return problem;
    }

    /** The report the input produced, or {@code null} if the input could not be read. */
    public DiagnosisReport getReport() {
        return report;
    }

    @Override
    public String toString() {
        return (passed ? "passed " : "FAILED ") + getFile() + " › " + getName() + (passed || problem == null ? ""
                : ": " + problem);
    }
}
