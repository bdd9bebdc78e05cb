package org.iothubkb.core.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of every case of one scenario file.
 *
 * @since 0.2
 */
public final class ScenarioResult {
    private final Path file;
    private final List<CaseResult> cases;

    ScenarioResult(Path file, List<CaseResult> cases) {
        this.file = file;
        this.cases = List.copyOf(cases);
    }

    /** The scenario file, as given. */
    public Path getFile() {
        return file;
    }

    /** One result per case, in file order. */
    public List<CaseResult> getCases() {
        return cases;
    }

    /** How many cases passed. */
    public int passed() {
        return (int) cases.stream().filter(CaseResult::isPassed).count();
    }

    /** How many cases failed. */
    public int failed() {
        return cases.size() - passed();
    }
}
