package org.iothubkb.plugins.flink;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.iothubkb.core.api.LogEvent;

/**
 * Passes on the events of {@link ParsedFileFormat}'s records and sends the rejections to the
 * {@link ParseLines#REJECTED} side output, so that a file replay has the same two outputs as the line-based path.
 */
final class SplitRejections extends ProcessFunction<Either<String, LogEvent>, LogEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Either<String, LogEvent> record, Context ctx, Collector<LogEvent> out) {
        if (record.isLeft()) {
            ctx.output(ParseLines.REJECTED, record.left());
        } else {
            out.collect(record.right());
        }
    }
}
