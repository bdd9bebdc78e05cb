package org.iothubkb.core.api;

import java.util.List;

/**
 * What the knowledge base knows about one cause of an error code, read from the rules' metadata and message
 * bundles.
 *
 * @since 0.1
 */
public final class CauseInfo {
    private final String cause;
    private final Severity severity;
    private final List<String> rules;
    private final String title;
    private final String explanation;
    private final List<String> fixes;
    private final Confidence confidence;

    /** Creates a cause description; lists are copied. */
    public CauseInfo(String cause, Severity severity, List<String> rules, String title, String explanation,
                     List<String> fixes) {
        this(cause, severity, rules, title, explanation, fixes, Confidence.DOCUMENTED);
    }

    /** Creates a cause description with its confidence; lists are copied. @since 0.2 */
    public CauseInfo(String cause, Severity severity, List<String> rules, String title, String explanation,
                     List<String> fixes, Confidence confidence) {
        this.confidence = confidence;
        this.cause = cause;
        this.severity = severity;
        this.rules = List.copyOf(rules);
        this.title = title;
        this.explanation = explanation;
        this.fixes = List.copyOf(fixes);
    }

    /** The cause id, e.g. {@code sas-token-renewal}. */
    public String getCause() { return cause; }
    /** The cause's usual severity (the lowest among its rules). */
    public Severity getSeverity() { return severity; }
    /** The names of the rules that conclude this cause. */
    public List<String> getRules() { return rules; }
    /** Localised title. */
    public String getTitle() { return title; }
    /** Localised explanation. */
    public String getExplanation() { return explanation; }
    /** Localised fixes, most useful first. */
    public List<String> getFixes() { return fixes; }
    /**
     * How well established the cause is: the strongest {@code @confidence} among its rules (a diagnosis carries
     * the confidence of the rule that concluded it, which may be weaker when that rule reads weaker evidence).
     * Causes an alias code borrows from the code it is read as are {@link Confidence#INFERRED}. @since 0.2
     */
    public Confidence getConfidence() { return confidence; }
}
