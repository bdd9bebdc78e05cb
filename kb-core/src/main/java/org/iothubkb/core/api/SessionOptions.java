package org.iothubkb.core.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DiagnosisSession} treats its input. Immutable.
 *
 * @since 0.1
 */
public final class SessionOptions {

    /** The default allowed lateness: two minutes. Azure does not deliver resource logs in order. */
    public static final Duration DEFAULT_MAX_LATENESS = Duration.ofMinutes(2);

    /**
     * How long, in event time, a diagnosis stays open after its last occurrence: two hours, longer than any rule
     * window, root-cause link or SDK token-renewal period. After that it is final; the same cause on the same
     * device later opens a new diagnosis.
     */
    public static final Duration FINAL_AFTER = Duration.ofHours(2);

    private static final DiagnosisListener NONE = d -> { };

    private final Duration maxLateness;
    private final DiagnosisListener listener;
    private final boolean diagnosesInReport;

    private SessionOptions(Duration maxLateness, DiagnosisListener listener) {
        this(maxLateness, listener, true);
    }

    private SessionOptions(Duration maxLateness, DiagnosisListener listener, boolean diagnosesInReport) {
        if (maxLateness.isNegative()) {
            throw new IllegalArgumentException("maxLateness must not be negative: [" + maxLateness + "]");
        }
        this.maxLateness = maxLateness;
        this.listener = listener;
        this.diagnosesInReport = diagnosesInReport;
    }

    /** The defaults: {@link #DEFAULT_MAX_LATENESS}, no listener. */
    public static SessionOptions defaults() {
        return new SessionOptions(DEFAULT_MAX_LATENESS, NONE);
    }

    /** Returns a copy with another allowed lateness; never {@code null}, not negative. */
    public SessionOptions withMaxLateness(Duration maxLateness) {
        return new SessionOptions(Objects.requireNonNull(maxLateness, "maxLateness"), listener, diagnosesInReport);
    }

    /**
     * Returns a copy that hands each diagnosis to {@code listener} as soon as it is final (see
     * {@link #FINAL_AFTER}), instead of only in the report at {@link DiagnosisSession#close()}.
     *
     * @since 0.2
     */
    public SessionOptions withListener(DiagnosisListener listener) {
        return new SessionOptions(maxLateness, Objects.requireNonNull(listener, "listener"), diagnosesInReport);
    }

    /**
     * Returns a copy whose report at {@link DiagnosisSession#close()} lists every diagnosis ({@code true}, the
     * default) or only counts them ({@code false}). Each diagnosis keeps its texts and evidence, so a session
     * over days of a fleet's logs that lists them holds them all until it closes; with a listener taking them as
     * they become final, not listing them keeps the session's memory flat however long the input.
     *
     * @since 0.2
     */
    public SessionOptions withDiagnosesInReport(boolean listed) {
        return new SessionOptions(maxLateness, listener, listed);
    }

    /** Whether the report at close lists the diagnoses, or only counts them. @since 0.2 */
    public boolean isDiagnosesInReport() {
        return diagnosesInReport;
    }

    /** The listener for final diagnoses; a no-op unless one was set. @since 0.2 */
    public DiagnosisListener getListener() {
        return listener;
    }

    /**
     * How far behind the newest event an event may arrive and still be put in its place in time. Events are
     * held back this long before the rules see them; later events are still processed, and counted as late.
     */
    public Duration getMaxLateness() {
        return maxLateness;
    }
}
