package org.iothubkb.core.api;

import java.util.Objects;

/**
 * A record that could not become a {@link LogEvent}: where it was and why.
 *
 * @since 0.1
 */
public final class Rejection {
    private final String source;
    private final String reason;

    /**
     * @param source where the record starts, as {@code file:line}; never {@code null}
     * @param reason one line saying what is wrong; never {@code null}
     */
    public Rejection(String source, String reason) {
        this.source = Objects.requireNonNull(source, "source");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Where the record starts, {@code file:line}. */
    public String getSource() { return source; }

    /** What is wrong with it. */
    public String getReason() { return reason; }

    @Override
    public String toString() {
        return source + ": " + reason;
    }
}
