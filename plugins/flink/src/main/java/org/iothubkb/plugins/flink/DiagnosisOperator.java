package org.iothubkb.plugins.flink;

import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;

/**
 * Runs a {@link DiagnosisFunction} and tells it when the input has ended, so that it can close its session.
 *
 * <p>A keyed function alone learns of the end only through a timer of every key at the end of time, and such a
 * timer is per-key state that an unbounded input keeps for every device it ever saw. Flink calls
 * {@link #endInput()} once per instance instead: after the final watermark of a bounded input (its event-time
 * timers have fired by then), and when a job is stopped with {@code --drain}; never for a Kafka input that runs on.
 */
final class DiagnosisOperator extends KeyedProcessOperator<String, org.iothubkb.core.api.LogEvent, String>
        implements BoundedOneInput {

    private static final long serialVersionUID = 1L;

    DiagnosisOperator(DiagnosisFunction function) {
        super(function);
    }

    @Override
    public void endInput() throws Exception {
        TimestampedCollector<String> out = new TimestampedCollector<>(output);
        // The diagnoses of the session's end belong to no record; they carry no event time.
        out.eraseTimestamp();
        ((DiagnosisFunction) userFunction).endOfInput(out);
    }
}
