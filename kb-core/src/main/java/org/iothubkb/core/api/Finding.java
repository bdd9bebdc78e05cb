package org.iothubkb.core.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One occurrence of a cause, as a rule concluded it: the fact a rule consequence inserts.
 *
 * <p>A finding is about one trigger {@link LogEvent} (for hub-scope findings, the event that completed the
 * pattern) and may point at what caused it: either another finding ({@link #getRootCause()}) or an earlier
 * event whose own finding is the root cause ({@link #getRootEvent()}). The engine, not the rules, groups
 * findings into {@link Diagnosis diagnoses} and resolves root events to diagnoses, so a rule can name a root
 * cause before that root's own rule has fired. Immutable; {@code with…} methods return changed copies.
 *
 * <p>Rules normally create findings with {@code org.iothubkb.core.spi.Findings#of}, which fills the code,
 * cause and severity from the rule's own metadata.
 *
 * @since 0.1
 */
// Event metadata for the rule engine, here rather than in a DRL declare: each package of the executable model is
// compiled on its own, and only class annotations reach every package.
@Role(Role.Type.EVENT)
@Timestamp("timestampMillis")
@Expires("15m")
public final class Finding {

    private final String rule;
    private final String errorCode;
    private final String errorName;
    private final String cause;
    private final Severity severity;
    private final Scope scope;
    private final String hub;
    private final String deviceId;
    private final LogEvent event;
    private final Finding rootCause;
    private final LogEvent rootEvent;
    private final List<LogEvent> evidence;
    private final String note;

    private Finding(String rule, String errorCode, String errorName, String cause, Severity severity, Scope scope,
                    String hub, String deviceId, LogEvent event, Finding rootCause, LogEvent rootEvent,
                    List<LogEvent> evidence) {
        this(rule, errorCode, errorName, cause, severity, scope, hub, deviceId, event, rootCause, rootEvent, evidence,
                null);
    }

    private Finding(String rule, String errorCode, String errorName, String cause, Severity severity, Scope scope,
                    String hub, String deviceId, LogEvent event, Finding rootCause, LogEvent rootEvent,
                    List<LogEvent> evidence, String note) {
        this.note = note;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.errorName = errorName;
        this.cause = Objects.requireNonNull(cause, "cause");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.hub = hub;
        this.deviceId = deviceId;
        this.event = Objects.requireNonNull(event, "event");
        this.rootCause = rootCause;
        this.rootEvent = rootEvent;
        this.evidence = evidence;
    }

    /**
     * Creates a device-scope finding about {@code event}.
     *
     * @param rule      the name of the rule that concluded it; never {@code null}
     * @param errorCode the IoT Hub error code the finding explains; never {@code null}
     * @param errorName the code's symbolic name
     * @param cause     the cause id, stable kebab-case; never {@code null}
     * @param severity  never {@code null}
     * @param event     the trigger event; never {@code null}
     */
    public static Finding of(String rule, String errorCode, String errorName, String cause, Severity severity,
                             LogEvent event) {
        // A record that names no device can only be about the hub.
        Scope scope = event.getDeviceId() == null ? Scope.HUB : Scope.DEVICE;
        return new Finding(rule, errorCode, errorName, cause, severity, scope, event.getHub(),
                event.getDeviceId(), event, null, null, List.of(event));
    }

    /** Returns a copy that is about the whole hub: no device id. */
    public Finding forHub() {
        return new Finding(rule, errorCode, errorName, cause, severity, Scope.HUB, hub, null, event, rootCause,
                rootEvent, evidence, note);
    }

    /** Returns a copy whose root cause is {@code root}, another finding. */
    public Finding withRootCause(Finding root) {
        return new Finding(rule, errorCode, errorName, cause, severity, scope, hub, deviceId, event, root, null,
                evidence, note);
    }

    /** Returns a copy whose root cause is whatever finding explains {@code root}, an earlier event. */
    public Finding withRootEvent(LogEvent root) {
        return new Finding(rule, errorCode, errorName, cause, severity, scope, hub, deviceId, event, null, root,
                evidence, note);
    }

    /** Returns a copy whose evidence is {@code records} (the trigger stays first if it is among them). */
    public Finding withEvidence(Collection<?> records) {
        List<LogEvent> list = new ArrayList<>();
        list.add(event);
        for (Object o : records) {
            if (o instanceof LogEvent && o != event) {
                list.add((LogEvent) o);
            }
        }
        list.subList(1, list.size()).sort(java.util.Comparator.comparingLong(LogEvent::getTimestampMillis));
        return new Finding(rule, errorCode, errorName, cause, severity, scope, hub, deviceId, event, rootCause,
                rootEvent, Collections.unmodifiableList(list), note);
    }

    /**
     * Returns a copy with a note: the id of an extra sentence the cause's texts define as
     * {@code iothub.<code>.<cause>.note.<id>}, appended to the diagnosis' explanation. Rules use it for advice
     * that depends on the evidence, e.g. the keep-alive of the device's SDK. {@code null} removes it.
     *
     * @since 0.2
     */
    public Finding withNote(String noteId) {
        return new Finding(rule, errorCode, errorName, cause, severity, scope, hub, deviceId, event, rootCause,
                rootEvent, evidence, noteId);
    }

    /** The name of the rule that concluded this finding. */
    public String getRule() { return rule; }
    /** The IoT Hub error code explained. */
    public String getErrorCode() { return errorCode; }
    /** The error code's symbolic name; may be {@code null}. */
    public String getErrorName() { return errorName; }
    /** The cause id, e.g. {@code reconnect-race}. */
    public String getCause() { return cause; }
    /** The severity of this occurrence. */
    public Severity getSeverity() { return severity; }
    /** Device or hub. */
    public Scope getScope() { return scope; }
    /** The hub. */
    public String getHub() { return hub; }
    /** The device; {@code null} for hub scope. */
    public String getDeviceId() { return deviceId; }
    /** The module, when the trigger event names one and the finding is about a device. */
    public String getModuleId() { return scope == Scope.DEVICE ? event.getModuleId() : null; }
    /** The identity ({@code hub/device[/module]}) the finding is about; {@code null} for hub scope. */
    public String getIdentity() { return scope == Scope.DEVICE ? event.getIdentity() : null; }
    /** The trigger event. */
    public LogEvent getEvent() { return event; }
    /** The trigger event's time in epoch milliseconds; the finding's own event-time stamp. */
    public long getTimestampMillis() { return event.getTimestampMillis(); }
    /** The finding this one is a side effect of, or {@code null}. */
    public Finding getRootCause() { return rootCause; }
    /** The earlier event whose finding is this one's root cause, or {@code null}. */
    public LogEvent getRootEvent() { return rootEvent; }
    /** The records this occurrence stands for, trigger first; never empty. */
    public List<LogEvent> getEvidence() { return evidence; }
    /** The id of an extra explanation sentence (see {@link #withNote}), or {@code null}. @since 0.2 */
    public String getNote() { return note; }

    @Override
    public String toString() {
        return "Finding[" + errorCode + "/" + cause + " " + severity.id() + " " + scope.id()
                + (deviceId != null ? " device=" + deviceId : "") + " at " + event.getSource() + "]";
    }
}
