package org.iothubkb.core.spi;

/**
 * Receives the records a parser could not turn into events. Every record a parser reads ends either as an
 * event or as exactly one call here: nothing is dropped silently.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProblemReporter {

    /**
     * Reports one rejected record.
     *
     * @param source where the record starts, {@code file:line}; never {@code null}
     * @param reason one line saying what is wrong, naming the field where one is to blame; never {@code null}
     */
    void reject(String source, String reason);
}
