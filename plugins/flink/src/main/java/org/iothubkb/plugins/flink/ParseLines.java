package org.iothubkb.plugins.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.iothubkb.plugins.json.JsonOutput;

/**
 * Parses each line with the resource-log parser plugin, as the CLI would parse the file: events go on, and each
 * rejected record goes to the {@link #REJECTED} side output as the CLI's {@code {"source", "reason"}} object.
 *
 * <p>A line may hold one record or, as an Event Hubs body does, a {@code {"records":[...]}} batch; a record
 * spread over several lines (a pretty-printed blob) is not supported here.
 */
public final class ParseLines extends ProcessFunction<NumberedLine, LogEvent> {

    private static final long serialVersionUID = 1L;

    /** The rejected records, one JSON object each: {@code {"source":"file:line","reason":"..."}}. */
    public static final OutputTag<String> REJECTED = new OutputTag<>("rejected") { };

    private transient EventParser parser;

    @Override
    public void open(OpenContext context) {
        parser = new AzureMonitorLogsParser();
    }

    @Override
    public void processElement(NumberedLine line, Context ctx, Collector<LogEvent> out) throws IOException {
        String source = line.source();
        // The parser numbers the lines of its input, here always line 1: the file's own number replaces it.
        parser.parse(new ByteArrayInputStream(line.text.getBytes(StandardCharsets.UTF_8)), line.file,
                e -> out.collect(e.toBuilder().source(source).build()),
                (where, reason) -> ctx.output(REJECTED, rejection(source, reason)));
    }

    /** The CLI's JSON shape of a rejected record. */
    static String rejection(String source, String reason) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.generator(buffer, false)) {
            g.writeStartObject();
            JsonOutput.string(g, "source", source);
            JsonOutput.string(g, "reason", reason);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
