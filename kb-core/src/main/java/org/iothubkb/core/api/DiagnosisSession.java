package org.iothubkb.core.api;

/**
 * One run of the rules over one stream of events, in event time.
 *
 * <p>Submit events in any order: the session holds them back for {@link SessionOptions#getMaxLateness()} and
 * hands them to the rules in time order, advancing the rules' clock to each event's timestamp. {@link #close()}
 * lets the clock run past the longest rule window, so that rules waiting for something that never came fire,
 * and returns the report.
 *
 * <p>A session is for one thread at a time: calls must not overlap. Sessions of one {@link KnowledgeBase} are
 * independent and may run on different threads.
 *
 * @since 0.1
 */
public interface DiagnosisSession {

    /** How many rejected records a report lists at most; the count is always exact. */
    int MAX_REJECTIONS_LISTED = 1000;

    /**
     * Submits one event.
     *
     * @param event never {@code null}
     * @throws IllegalStateException if the session is closed
     */
    void submit(LogEvent event);

    /**
     * Records that an input record could not become an event, so that the report accounts for it.
     *
     * @param rejection never {@code null}
     */
    void reject(Rejection rejection);

    /**
     * Ends the input, runs the rules to the end of their windows and returns everything concluded.
     * Calling it again returns the same report.
     */
    DiagnosisReport close();
}
