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
 * emitted as soon as the session calls it final, as the CLI's JSON diagnosis object (one line, no newline).
 *
 * <p>The session is not Flink state: a checkpoint does not hold it, and a restore starts a fresh session. See the
 * module's notes on checkpoints.
 *
 * <p>Diagnosis ids are numbered per session ({@code D1}, {@code D2}, ...), so each instance prefixes its own with
 * {@code s<subtask>-} to keep them, and the root-cause links between them, unique across the job.
 */
public final class DiagnosisFunction extends KeyedProcessFunction<String, LogEvent, String> {

    private static final long serialVersionUID = 1L;

    /** The event time Flink's final watermark carries when a bounded input ends. */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final Duration maxLateness;

    private transient DiagnosisSession session;
    private transient List<Diagnosis> finished;
    private transient String idPrefix;
    private transient boolean closed;

    /** @param maxLateness as the CLI's {@code --max-lateness}; never {@code null} */
    public DiagnosisFunction(Duration maxLateness) {
        this.maxLateness = Objects.requireNonNull(maxLateness, "maxLateness");
    }

    @Override
    public void open(OpenContext context) {
        idPrefix = "s" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "-";
        finished = new ArrayList<>();
        session = SharedKnowledgeBase.get().newSession(SessionOptions.defaults()
                .withMaxLateness(maxLateness)
                .withListener(finished::add)
                // Emitted as they become final: the session need not keep them for a report.
                .withDiagnosesInReport(false));
    }

    @Override
    public void processElement(LogEvent event, Context ctx, Collector<String> out) {
        // Flink tells a function that the input ended only through timers: one per key at the end of time, which
        // the final watermark of a bounded input fires (Flink keeps one timer per key and time, not one per call).
        ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        session.submit(event);
        emit(out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        if (timestamp == END_OF_INPUT && !closed) {
            // The first key's end-of-input timer closes the session for all; the others find it closed.
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
