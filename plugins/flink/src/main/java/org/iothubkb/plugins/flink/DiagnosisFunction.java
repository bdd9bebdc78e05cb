package org.iothubkb.plugins.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.json.JsonOutput;
import org.iothubkb.plugins.json.JsonReports;

/**
 * Runs the rules over the devices one parallel instance is given: ONE {@link DiagnosisSession} per instance, not
 * one per key, because a Drools session costs far more than a device's few facts. The session is opened in
 * {@link #open}, fed every event of every key the instance owns, and closed when the input ends; each diagnosis is
 * emitted as soon as the session calls it final, as the CLI's JSON diagnosis object (one line, no newline). Run it
 * through {@link DiagnosisOperator}, which tells it when the input ends.
 *
 * <p>The only per-key state is that of events waiting for the watermark, each removed by the timer that releases
 * it: a key that has nothing waiting holds nothing, so an unbounded input does not keep a trace of every device it
 * has seen. What the rules remember of a device lives in the session and expires with the facts ({@code @expires}).
 *
 * <p>Under {@link DiagnosisJob.EventOrder#SESSION} the session holds events back for the allowed lateness behind the
 * newest event it has seen, as in the CLI. Under {@link DiagnosisJob.EventOrder#WATERMARK} Flink does: each key's
 * events wait in keyed state for the watermark, and event-time timers hand them to the session in time order.
 *
 * <p>The session is not Flink state: a checkpoint does not hold it, and a restore starts a fresh session. See
 * {@code docs/scale-out.md} on checkpoints.
 *
 * <p>Diagnosis ids are numbered per session ({@code D1}, {@code D2}, ...), so each instance prefixes its own with
 * {@code s<subtask>-} to keep them, and the root-cause links between them, unique across the job.
 */
public final class DiagnosisFunction extends KeyedProcessFunction<String, LogEvent, String> {

    private static final long serialVersionUID = 1L;

    private final Duration maxLateness;
    private final DiagnosisJob.EventOrder order;

    private transient DiagnosisSession session;
    /** Under {@link DiagnosisJob.EventOrder#WATERMARK}: each key's events not yet released, by event time. */
    private transient MapState<Long, List<LogEvent>> pending;
    private transient List<Diagnosis> finished;
    private transient String idPrefix;
    private transient boolean closed;

    /** @param maxLateness as the CLI's {@code --max-lateness}; never {@code null} */
    public DiagnosisFunction(Duration maxLateness) {
        this(maxLateness, DiagnosisJob.EventOrder.SESSION);
    }

    /**
     * @param maxLateness as the CLI's {@code --max-lateness}; never {@code null}
     * @param order       who holds events back until they can be put in time order
     */
    public DiagnosisFunction(Duration maxLateness, DiagnosisJob.EventOrder order) {
        this.maxLateness = Objects.requireNonNull(maxLateness, "maxLateness");
        this.order = Objects.requireNonNull(order, "order");
    }

    @Override
    public void open(OpenContext context) {
        idPrefix = "s" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-";
        finished = new ArrayList<>();
        boolean flinkOrders = order == DiagnosisJob.EventOrder.WATERMARK;
        if (flinkOrders) {
            pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG,
                    new ListTypeInfo<>(LogEventTypeInfo.INSTANCE)));
        }
        session = SharedKnowledgeBase.get().newSession(SessionOptions.defaults()
                // Released in time order by the watermark, events need no holding back in the session; it still
                // orders the records of one instant by content, as the CLI does.
                .withMaxLateness(flinkOrders ? Duration.ZERO : maxLateness)
                .withListener(finished::add)
                // Emitted as they become final: the session need not keep them for a report.
                .withDiagnosesInReport(false));
    }

    @Override
    public void processElement(LogEvent event, Context ctx, Collector<String> out) throws Exception {
        long t = event.getTimestampMillis();
        if (pending == null || t <= ctx.timerService().currentWatermark()) {
            // Held back by the session, or late: the rules get it now, as the CLI's would.
            session.submit(event);
        } else {
            List<LogEvent> held = pending.get(t);
            if (held == null) {
                held = new ArrayList<>();
                ctx.timerService().registerEventTimeTimer(t);
            }
            held.add(event);
            pending.put(t, held);
        }
        emit(out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        List<LogEvent> held = pending.get(timestamp);
        pending.remove(timestamp);
        if (held != null) {
            held.forEach(session::submit);
        }
        emit(out);
    }

    /**
     * The input has ended (see {@link DiagnosisOperator}): every held event has been handed over, so the session
     * runs its rules to the end of their windows and what it still holds is emitted.
     */
    void endOfInput(Collector<String> out) {
        if (!closed) {
            closed = true;
            session.close();
            emit(out);
        }
    }

    @Override
    public void close() {
        if (session != null && !closed) {
            closed = true;
            try {
                // Cancelled or failed: release the Drools session; what it concluded is not emitted.
                session.close();
            } catch (RuntimeException e) {
                // The job is already ending with its own failure, which is the one to report.
            }
        }
    }

    private void emit(Collector<String> out) {
        for (Diagnosis d : finished) {
            out.collect(toJson(withIdPrefix(d, idPrefix)));
        }
        finished.clear();
    }

    static Diagnosis withIdPrefix(Diagnosis d, String prefix) {
        return new Diagnosis(prefix + d.getId(), d.getErrorCode(), d.getErrorName(), d.getCause(), d.getSeverity(),
                d.getScope(), d.getHub(), d.getDeviceId(), d.getModuleId(), d.getTitle(), d.getExplanation(),
                d.getFixes(), d.getReferences(), d.getFirstSeen(), d.getLastSeen(), d.getOccurrences(),
                d.getRootCauseId() == null ? null : prefix + d.getRootCauseId(), d.getRule(), d.getEvidence(),
                d.getConfidence(), d.getAliasOf());
    }

    /** The diagnosis as the CLI's {@code --format jsonl} writes it, without the line break. */
    static String toJson(Diagnosis d) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(buffer, false)) {
            JsonReports.writeDiagnosis(g, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
