package org.iothubkb.core.api;

import java.util.List;

/**
 * A rule threw while the session ran, in a condition or in its consequence: a defect in that rule, not in the
 * input. It names the rule, where it is declared, and the records involved, so the author can reproduce it with
 * those lines. The session that threw it has failed: what it concluded before is not a complete answer, so
 * {@link DiagnosisSession#close()} throws this exception again instead of returning a report.
 *
 * @since 0.1
 */
public class RuleFailureException extends KbException {
    private static final long serialVersionUID = 1L;

    /** The part of the rule that threw. */
    public enum Part {
        /** A condition (a constraint of a pattern), evaluated when a fact was inserted or matched. */
        CONDITION,
        /** The consequence ({@code then}), run when the rule fired. */
        CONSEQUENCE
    }

    private final String ruleName;
    private final String ruleFile;
    private final Part part;
    private final List<String> sources;

    /**
     * Creates the exception for a consequence that threw.
     *
     * @param ruleName the rule's name
     * @param ruleFile where the rule is declared, see {@link #getRuleFile()}, or {@code null} if unknown
     * @param sources the {@code file:line} of each record the rule had matched, in the order of its patterns
     * @param cause what the consequence threw
     */
    public RuleFailureException(String ruleName, String ruleFile, List<String> sources, Throwable cause) {
        this(ruleName, ruleFile, Part.CONSEQUENCE, sources, cause);
    }

    /**
     * Creates the exception.
     *
     * @param ruleName the rule's name
     * @param ruleFile where the rule is declared, see {@link #getRuleFile()}, or {@code null} if unknown
     * @param part the part of the rule that threw
     * @param sources the {@code file:line} of the records involved, see {@link #getSources()}; may be empty
     * @param cause what the rule threw
     */
    public RuleFailureException(String ruleName, String ruleFile, Part part, List<String> sources,
                                Throwable cause) {
        super("Rule [" + ruleName + "]" + (ruleFile == null ? "" : " in [" + ruleFile + "]") + " failed in its "
                + (part == Part.CONDITION ? "condition" : "consequence") + on(part, sources) + ": " + cause, cause);
        this.ruleName = ruleName;
        this.ruleFile = ruleFile;
        this.part = part;
        this.sources = List.copyOf(sources);
    }

    private static String on(Part part, List<String> sources) {
        if (sources.isEmpty()) {
            return "";
        }
        return part == Part.CONDITION && sources.size() == 2
                ? " on a record from [" + sources.get(0) + "] to [" + sources.get(1) + "]" : " on " + sources;
    }

    /** @return the rule's name */
    public String getRuleName() { return ruleName; }

    /**
     * @return where the rule is declared: {@code file:line} for a rule file given to the knowledge base builder;
     *         for a built-in rule or a rule pack, the resource path the rule engine knows it by; {@code null} if
     *         unknown
     */
    public String getRuleFile() { return ruleFile; }

    /** @return the part of the rule that threw */
    public Part getPart() { return part; }

    /**
     * @return the {@code file:line} of the records involved: for a consequence, those the rule had matched; for a
     *         condition, the first and the last record of the batch being matched when it threw (conditions are
     *         evaluated when the rules fire, about a second of event time at once), or the one record if the
     *         batch held one; may be empty
     */
    public List<String> getSources() { return sources; }
}
