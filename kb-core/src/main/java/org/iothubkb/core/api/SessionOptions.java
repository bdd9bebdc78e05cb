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

    private final Duration maxLateness;

    private SessionOptions(Duration maxLateness) {
        if (maxLateness.isNegative()) {
            throw new IllegalArgumentException("maxLateness must not be negative: [" + maxLateness + "]");
        }
        this.maxLateness = maxLateness;
    }

    /** The defaults: {@link #DEFAULT_MAX_LATENESS}. */
    public static SessionOptions defaults() {
        return new SessionOptions(DEFAULT_MAX_LATENESS);
    }

    /** Returns a copy with another allowed lateness; never {@code null}, not negative. */
    public SessionOptions withMaxLateness(Duration maxLateness) {
        return new SessionOptions(Objects.requireNonNull(maxLateness, "maxLateness"));
    }

    /**
     * How far behind the newest event an event may arrive and still be put in its place in time. Events are
     * held back this long before the rules see them; later events are still processed, and counted as late.
     */
    public Duration getMaxLateness() {
        return maxLateness;
    }
}
