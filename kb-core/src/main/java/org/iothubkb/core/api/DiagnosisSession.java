package org.iothubkb.core.api;

/**
 * One run of the rules over one stream of events, in event time.
 *
 * <p>Submit events in any order: the session holds them back for {@link SessionOptions#getMaxLateness()} and
 * hands them to the rules in time order, advancing the rules' clock to each event's timestamp. {@link #close()}
 * lets the clock run past the longest rule window, so that rules waiting for something that never came fire,
 * and returns the report.
 *
 * <p>A session is for one thread at a time: calls must not overlap (wrap it in your own lock if several threads
 * feed it). Sessions of one {@link KnowledgeBase} are independent and may run on different threads at once.
 * Diagnoses become final as event time moves on; a {@link DiagnosisListener} set in the {@link SessionOptions}
 * receives each one then, and the report of {@link #close()} holds them all.
 *
 * <p>A rule that throws, in a condition or its consequence, fails the session: the call that ran it throws a
 * {@link RuleFailureException} naming the rule and the records; from then on {@code submit} and {@code reject}
 * throw {@link IllegalStateException} with that failure as its cause, and {@code close} throws the same
 * {@link RuleFailureException} again (after releasing the session's resources) instead of an incomplete report.
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
     * @throws IllegalStateException if the session is closed or has failed
     * @throws RuleFailureException if a rule threw on the events this call let through to the rules
     */
    void submit(LogEvent event);

    /**
     * Submits one event fact in the documented JSON shape ({@code docs/event-facts.md}, schema
     * {@code event-fact.schema.json}). A fact that does not fit the shape is not an error of the call: it is
     * recorded as a rejected record, with the fact's {@code source} (or {@code fact:<n>}) and the reason, so the
     * report accounts for it. Use {@link EventFacts#toEvent} to convert strictly instead.
     *
     * <p>The default converts with {@link EventFacts#toEvent} and calls {@link #submit(LogEvent)} or
     * {@link #reject(Rejection)}; the built-in session also numbers facts without a source.
     *
     * @param fact never {@code null}
     * @throws IllegalStateException if the session is closed
     * @since 0.2
     */
    default void submit(jakarta.json.JsonObject fact) {
        java.util.Objects.requireNonNull(fact, "fact");
        LogEvent event;
        try {
            event = EventFacts.toEvent(fact, "fact");
        } catch (InvalidFactException e) {
            jakarta.json.JsonValue s = fact.get("source");
            reject(new Rejection(s instanceof jakarta.json.JsonString ? ((jakarta.json.JsonString) s).getString()
                    : "fact", e.getReason()));
            return;
        }
        submit(event);
    }

    /**
     * Records that an input record could not become an event, so that the report accounts for it.
     *
     * @param rejection never {@code null}
     * @throws IllegalStateException if the session is closed or has failed
     */
    void reject(Rejection rejection);

    /**
     * Ends the input, runs the rules to the end of their windows and returns everything concluded.
     * Calling it again returns the same report.
     *
     * @return the report
     * @throws RuleFailureException if a rule threw, now or before; every later call throws it again
     */
    DiagnosisReport close();
}
