package org.iothubkb.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.EventFacts;
import org.iothubkb.core.api.Finding;
import org.iothubkb.core.api.InvalidFactException;
import org.iothubkb.core.api.KbException;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.RuleFailureException;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Summary;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.drools.base.base.ValueResolver;
import org.drools.core.common.DefaultFactHandle;
import org.kie.api.KieServices;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.time.SessionPseudoClock;

/**
 * One Drools STREAM session driven by event time: the pseudo clock is advanced to each event's timestamp before
 * the event is inserted, and rules fire before the clock moves on, so every rule sees the world as it was at the
 * time of the event it reasons about.
 */
final class DroolsDiagnosisSession implements DiagnosisSession {

    /**
     * How far the clock runs past the last event at the end of input: beyond the longest rule window and the
     * facts' {@code @expires}, so that every rule waiting for something that never came has fired.
     */
    static final long DRAIN_MILLIS = TimeUnit.MINUTES.toMillis(16);

    private static final int PRUNE_EVERY = 10_000;

    private static final long FINAL_AFTER_MILLIS = SessionOptions.FINAL_AFTER.toMillis();

    /** How often, in event time, diagnoses are checked for being final. */
    private static final long SETTLE_EVERY_MILLIS = 60_000;

    /**
     * How much event time one round of rule firing covers at most. Firing costs a walk over every rule the new
     * facts touched, so firing once per batch rather than once per timestamp is what makes busy logs fast; rules
     * compare event timestamps, not the order of firing, so a batch of a second changes no diagnosis, and it
     * absorbs disorder finer than that.
     */
    static final long FIRE_EVERY_MILLIS = 1_000;

    private final DroolsKnowledgeBase kb;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final ReorderBuffer buffer;
    private final Aggregator aggregator;
    private final ConnectionTracker connections = new ConnectionTracker();
    private final Map<String, Set<String>> devices = new HashMap<>();
    private final RelevanceFilter relevance;
    private final DefaultFactHandle scratch = new DefaultFactHandle();
    private final ValueResolver resolver;
    private long nextFire = Long.MIN_VALUE;
    private final List<Rejection> rejected = new ArrayList<>();
    private long accepted;
    private long facts;
    private long rejectedCount;
    private long released;
    private long nextPrune = PRUNE_EVERY;
    private long nextSettle = Long.MIN_VALUE;
    private final org.iothubkb.core.api.DiagnosisListener listener;
    private boolean unfired;
    private DiagnosisReport report;
    /** Set when a rule or the listener failed: the session is unusable from then on. */
    private KbException failure;
    private boolean disposed;
    /** The first and last record inserted since the rules last fired, to say where a condition failed. */
    private LogEvent batchFirst;
    private LogEvent batchLast;

    DroolsDiagnosisSession(DroolsKnowledgeBase kb, SessionOptions options) {
        this.kb = kb;
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = kb.kieBase().newKieSession(conf, null);
        this.clock = session.getSessionClock();
        this.relevance = kb.relevanceFilter();
        this.aggregator = new Aggregator(options.isDiagnosesInReport());
        this.resolver = (ValueResolver) session;
        this.buffer = new ReorderBuffer(options.getMaxLateness().toMillis());
        this.listener = options.getListener();
        if (kb.declaresCatalogue()) {
            session.setGlobal("catalogue", (org.iothubkb.core.spi.Catalogue) kb::knowsCode);
        }
        if (kb.declaresFleet()) {
            session.setGlobal("fleet", connections);
        }
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof Finding) {
                    aggregator.add((Finding) event.getObject());
                }
            }
        });
    }

    @Override
    public void submit(LogEvent event) {
        Objects.requireNonNull(event, "event");
        ensureOpen();
        accepted++;
        if (event.getDeviceId() != null) {
            // The same device id on two hubs is two devices.
            devices.computeIfAbsent(event.getHub() == null ? "" : event.getHub(), h -> new HashSet<>())
                    .add(event.getDeviceId());
        }
        if (!event.isConnectSuccess() && !event.isDisconnect() && !relevance.relevant(event, scratch, resolver)) {
            // No rule could match it, and the fleet view does not need it: not worth holding back.
            buffer.pass(event, this::release);
            return;
        }
        buffer.add(event, this::release);
    }

    @Override
    public void submit(jakarta.json.JsonObject fact) {
        Objects.requireNonNull(fact, "fact");
        ensureOpen();
        facts++;
        LogEvent event;
        try {
            event = EventFacts.toEvent(fact, "fact:" + facts);
        } catch (InvalidFactException e) {
            JsonValue s = fact.get("source");
            reject(new Rejection(s instanceof JsonString ? ((JsonString) s).getString() : "fact:" + facts,
                    e.getReason()));
            return;
        }
        submit(event);
    }

    @Override
    public void reject(Rejection rejection) {
        Objects.requireNonNull(rejection, "rejection");
        ensureOpen();
        rejectedCount++;
        if (rejected.size() < MAX_REJECTIONS_LISTED) {
            rejected.add(rejection);
        }
    }

    private void release(LogEvent e) {
        long t = e.getTimestampMillis();
        connections.observe(e);
        if (!relevance.relevant(e, scratch, resolver)) {
            // No rule has a pattern this event could match: inserting it would change nothing.
            return;
        }
        if (t > clock.getCurrentTime()) {
            // Rules see every event of a batch's span of time before time moves past it.
            if (t >= nextFire) {
                fire();
                nextFire = t + FIRE_EVERY_MILLIS;
            }
            if (released >= nextPrune) {
                aggregator.prune(clock.getCurrentTime());
                nextPrune = released + PRUNE_EVERY;
            }
            if (clock.getCurrentTime() >= nextSettle) {
                hand(aggregator.settle(clock.getCurrentTime(), FINAL_AFTER_MILLIS, kb::texts));
                nextSettle = clock.getCurrentTime() + SETTLE_EVERY_MILLIS;
            }
            clock.advanceTime(t - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
        }
        try {
            session.insert(e);
        } catch (RuntimeException x) {
            throw conditionFailed(x, List.of(e));
        }
        if (batchFirst == null) {
            batchFirst = e;
        }
        batchLast = e;
        released++;
        unfired = true;
    }

    private void fire() {
        if (!unfired) {
            return;
        }
        unfired = false;
        try {
            session.fireAllRules();
        } catch (ConsequenceException e) {
            failure = failure(e);
            throw failure;
        } catch (RuntimeException e) {
            // Conditions are evaluated here, on the records inserted since the last firing.
            throw conditionFailed(e, batchFirst == null ? List.of()
                    : batchFirst == batchLast ? List.of(batchFirst) : List.of(batchFirst, batchLast));
        }
        batchFirst = null;
        batchLast = null;
    }

    /** What a consequence's failure is reported as: the rule, its file and the records it had matched. */
    private RuleFailureException failure(ConsequenceException e) {
        List<String> sources = new ArrayList<>();
        if (e.getMatch() != null) {
            for (Object o : e.getMatch().getObjects()) {
                LogEvent event = o instanceof LogEvent ? (LogEvent) o : eventOf(o);
                if (event != null && event.getSource() != null && !sources.contains(event.getSource())) {
                    sources.add(event.getSource());
                }
            }
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new RuleFailureException(e.getRule().getName(), kb.locationOf(e.getRule()), sources, cause);
    }

    /** Drools names the rule of a failed constraint only in its message. */
    private static final Pattern FAILED_CONSTRAINT_RULE = Pattern.compile("Rule \"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Turns a rule condition that threw into the session's failure; anything else (an engine defect) is rethrown
     * as it is, and fails the session all the same.
     *
     * @param records the record being inserted, or the first and last of those the rules were firing on
     */
    private RuntimeException conditionFailed(RuntimeException e, List<LogEvent> records) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ConstraintEvaluationException")) {
                Matcher m = FAILED_CONSTRAINT_RULE.matcher(String.valueOf(t.getMessage()));
                String rule = m.find() ? m.group(1) : "(unknown rule)";
                // The engine wraps what the condition threw, sometimes twice (reflection): report the original.
                Throwable cause = t;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                List<String> sources = new ArrayList<>();
                records.forEach(r -> sources.add(String.valueOf(r.getSource())));
                failure = new RuleFailureException(rule, kb.locationOf(rule), RuleFailureException.Part.CONDITION,
                        sources, cause);
                return failure;
            }
        }
        failure = new KbException("The rule engine failed: " + e, e);
        return e;
    }

    /** The record behind a finding, the usual non-event fact a consequence matched. */
    private static LogEvent eventOf(Object fact) {
        return fact instanceof Finding ? ((Finding) fact).getEvent() : null;
    }

    @Override
    public DiagnosisReport close() {
        if (report != null) {
            return report;
        }
        if (failure != null) {
            // What ran before the failure is not a complete answer: closing again gives the same failure.
            dispose();
            throw failure;
        }
        try {
            buffer.drain(this::release);
            unfired = true;
            fire();
            // Let every time window close, a minute at a time so that waiting rules fire in time order.
            for (long left = DRAIN_MILLIS; left > 0; left -= 60_000) {
                clock.advanceTime(Math.min(60_000, left), TimeUnit.MILLISECONDS);
                unfired = true;
                fire();
            }
            hand(aggregator.finish(kb::texts));
            List<Diagnosis> diagnoses = aggregator.all();
            Summary summary = new Summary(accepted, rejectedCount, buffer.lateEvents(),
                    devices.values().stream().mapToLong(Set::size).sum(),
                    aggregator.finishedCount());
            report = new DiagnosisReport(summary, diagnoses, rejected);
            return report;
        } finally {
            dispose();
        }
    }

    /** Hands final diagnoses to the listener; a listener's failure is the caller's. */
    private void hand(List<Diagnosis> fresh) {
        for (Diagnosis d : fresh) {
            try {
                listener.onDiagnosis(d);
            } catch (RuntimeException e) {
                failure = new KbException("The diagnosis listener failed on [" + d.getId() + "]: " + e, e);
                throw failure;
            }
        }
    }

    private void dispose() {
        if (!disposed) {
            disposed = true;
            session.dispose();
        }
    }

    private void ensureOpen() {
        if (report != null) {
            throw new IllegalStateException("This diagnosis session is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("This diagnosis session failed: " + failure.getMessage(), failure);
        }
    }
}
