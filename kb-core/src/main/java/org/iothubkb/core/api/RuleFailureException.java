package org.iothubkb.core.api;

import java.util.List;

/**
 * A rule's consequence threw while the session ran: a defect in that rule, not in the input. It names the rule, where
 * it is declared, and the records the rule had matched, so the author can reproduce it with those lines. The session is closed: what it concluded before is not a complete answer.
 *
 * @since 0.1
 */
public class RuleFailureException extends KbException {
    private static final long serialVersionUID = 1L;

    private final String ruleName;
    private final String ruleFile;
    private final transient List<String> sources;

    /**
     * Creates the exception.
     *
     * @param ruleName the rule's name
     * @param ruleFile where the rule is declared: {@code file:line} for a rule file given by the user, the resource
     *                 Drools knows it by otherwise, or {@code null} if unknown
     * @param sources the {@code file:line} of each record the rule had matched, in the order of its patterns
     * @param cause what the consequence threw
     */
    public RuleFailureException(String ruleName, String ruleFile, List<String> sources, Throwable cause) {
        super("Rule [" + ruleName + "]" + (ruleFile == null ? "" : " in [" + ruleFile + "]")
                + " failed in its consequence" + (sources.isEmpty() ? "" : " on " + sources) + ": " + cause, cause);
        this.ruleName = ruleName;
        this.ruleFile = ruleFile;
        this.sources = List.copyOf(sources);
    }

    /** The rule's name. */
    public String getRuleName() { return ruleName; }

    /** Where the rule is declared ({@code file:line} for the user's rule files), or {@code null} if unknown. */
    public String getRuleFile() { return ruleFile; }

    /** The {@code file:line} of each record the rule had matched. */
    public List<String> getSources() { return sources; }
}
