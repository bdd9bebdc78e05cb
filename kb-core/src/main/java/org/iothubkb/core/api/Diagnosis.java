package org.iothubkb.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the knowledge base concluded: one cause of one error code for one device (or hub), with every
 * occurrence of it in the input folded together.
 *
 * <p>Diagnoses are grouped by (scope, hub, device, error code, cause, root cause). {@link #getOccurrences()} is
 * exact; {@link #getEvidence()} keeps the first {@value #MAX_EVIDENCE} records. Texts are in the locale the
 * {@link KnowledgeBase} was built with. Immutable.
 *
 * @since 0.1
 */
public final class Diagnosis {

    /** How many evidence records a diagnosis keeps at most. */
    public static final int MAX_EVIDENCE = 20;

    private final String id;
    private final String errorCode;
    private final String errorName;
    private final String cause;
    private final Severity severity;
    private final Scope scope;
    private final String hub;
    private final String deviceId;
    private final String moduleId;
    private final String title;
    private final String explanation;
    private final List<String> fixes;
    private final List<String> references;
    private final Instant firstSeen;
    private final Instant lastSeen;
    private final long occurrences;
    private final String rootCauseId;
    private final String rule;
    private final List<LogEvent> evidence;
    private final Confidence confidence;
    private final String aliasOf;

    /**
     * Creates a diagnosis; used by the engine, and by tools that rebuild diagnoses from JSON.
     * Lists are copied; {@code rootCauseId}, {@code deviceId}, {@code moduleId} and {@code errorName} may be
     * {@code null}.
     */
    public Diagnosis(String id, String errorCode, String errorName, String cause, Severity severity, Scope scope,
                     String hub, String deviceId, String moduleId, String title, String explanation, List<String> fixes,
                     List<String> references, Instant firstSeen, Instant lastSeen, long occurrences,
                     String rootCauseId, String rule, List<LogEvent> evidence) {
        this(id, errorCode, errorName, cause, severity, scope, hub, deviceId, moduleId, title, explanation, fixes,
                references, firstSeen, lastSeen, occurrences, rootCauseId, rule, evidence, Confidence.DOCUMENTED, null);
    }

    /**
     * Creates a diagnosis with its confidence and, for a code the catalogue treats as another one (404102 as
     * 404103), the code whose rules and texts were used. {@code aliasOf} may be {@code null}.
     *
     * @since 0.2
     */
    public Diagnosis(String id, String errorCode, String errorName, String cause, Severity severity, Scope scope,
                     String hub, String deviceId, String moduleId, String title, String explanation, List<String> fixes,
                     List<String> references, Instant firstSeen, Instant lastSeen, long occurrences,
                     String rootCauseId, String rule, List<LogEvent> evidence, Confidence confidence,
                     String aliasOf) {
        this.confidence = Objects.requireNonNull(confidence, "confidence");
        this.aliasOf = aliasOf;
        this.id = Objects.requireNonNull(id, "id");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.errorName = errorName;
        this.cause = Objects.requireNonNull(cause, "cause");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.hub = hub;
        this.deviceId = deviceId;
        this.moduleId = moduleId;
        this.title = Objects.requireNonNull(title, "title");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.fixes = List.copyOf(fixes);
        this.references = List.copyOf(references);
        this.firstSeen = Objects.requireNonNull(firstSeen, "firstSeen");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
        this.occurrences = occurrences;
        this.rootCauseId = rootCauseId;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.evidence = List.copyOf(evidence);
    }

    /** Short id unique within one run, e.g. {@code D3}; ids follow first-seen order. */
    public String getId() { return id; }
    /** The IoT Hub error code diagnosed, e.g. {@code 409002}. */
    public String getErrorCode() { return errorCode; }
    /** The code's symbolic name, e.g. {@code LinkCreationConflict}. */
    public String getErrorName() { return errorName; }
    /** The cause id, e.g. {@code reconnect-race}; stable across releases. */
    public String getCause() { return cause; }
    /** The highest severity among the occurrences. */
    public Severity getSeverity() { return severity; }
    /** Device or hub. */
    public Scope getScope() { return scope; }
    /** The hub name, when the records carried one. */
    public String getHub() { return hub; }
    /** The device, or {@code null} for hub scope. */
    public String getDeviceId() { return deviceId; }
    /** The module, when the diagnosis is about a module identity of the device; else {@code null}. */
    public String getModuleId() { return moduleId; }
    /** One-line title, localised. */
    public String getTitle() { return title; }
    /** What happened and why, localised. */
    public String getExplanation() { return explanation; }
    /** What to do, most useful first, localised; never {@code null}. */
    public List<String> getFixes() { return fixes; }
    /** Documentation links behind the diagnosis. */
    public List<String> getReferences() { return references; }
    /** Time of the first occurrence. */
    public Instant getFirstSeen() { return firstSeen; }
    /** Time of the last occurrence. */
    public Instant getLastSeen() { return lastSeen; }
    /** Exact number of occurrences. */
    public long getOccurrences() { return occurrences; }
    /** The id of the diagnosis this one is a side effect of, or {@code null} if it is a root. */
    public String getRootCauseId() { return rootCauseId; }
    /** The name of the rule that concluded it (the first occurrence's rule). */
    public String getRule() { return rule; }
    /** The first {@value #MAX_EVIDENCE} records behind it, in time order. */
    public List<LogEvent> getEvidence() { return evidence; }
    /** How well established the cause is (the concluding rule's {@code @confidence}). @since 0.2 */
    public Confidence getConfidence() { return confidence; }
    /**
     * The code whose rules and texts explain this one when the catalogue treats {@link #getErrorCode()} as
     * another code (e.g. {@code 404103} for a logged {@code 404102}); else {@code null}. @since 0.2
     */
    public String getAliasOf() { return aliasOf; }

    @Override
    public String toString() {
        return id + " " + errorCode + "/" + cause + " " + severity.id() + " " + scope.id()
                + (deviceId != null ? " " + deviceId : "") + " x" + occurrences
                + (rootCauseId != null ? " <- " + rootCauseId : "");
    }
}
