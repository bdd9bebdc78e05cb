package org.iothubkb.plugins.azure;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Parses Azure IoT Hub resource logs, as Azure Monitor diagnostic settings export them, into {@link LogEvent}s.
 *
 * <h2>Input</h2>
 * These shapes are recognised without being told, and may be mixed in one input:
 * <ul>
 *   <li>JSON Lines, one record object per line (storage blobs since November 2018);</li>
 *   <li>one {@code {"records":[...]}} object, possibly pretty-printed over many lines (older hourly blobs);</li>
 *   <li>Event Hubs bodies: one {@code {"records":[...]}} object per line;</li>
 *   <li>a top-level array of records, {@code [{...},{...}]}.</li>
 * </ul>
 * A UTF-8 byte order mark is skipped; blank lines are ignored. The input is read as a stream, so its size is not
 * limited by memory.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>{@code time} (required, ISO-8601 with {@code Z} or an offset) → {@link LogEvent#getTime()};</li>
 *   <li>{@code resourceId} → hub: the segment after {@code /IOTHUBS/}, in any case;</li>
 *   <li>{@code operationName}, {@code category}, {@code level} (or {@code Level});</li>
 *   <li>{@code resultType} → error code when it is exactly six digits, with {@code resultDescription} as the
 *       error name; other result types ({@code ""}, {@code Success}, …) leave both {@code null};</li>
 *   <li>{@code properties}, a string holding JSON or an object: {@code deviceId}, {@code moduleId},
 *       {@code protocol}, {@code sdkVersion}, {@code maskedIpAddress} (or the misspelt
 *       {@code maskedIpAddresss}), {@code authType} (or {@code authenticationType}), whose {@code type} is used
 *       when it is itself JSON such as {@code {"scope":"device","type":"sas",...}}.</li>
 * </ul>
 * Empty strings count as absent. Each event's source is {@code <source>:<line>}, the 1-based line where its
 * record starts.
 *
 * <h2>Rejections</h2>
 * Every record read becomes exactly one event or one rejection. Records are rejected when they are not objects,
 * have neither {@code operationName} nor {@code category} (not a resource-log record), lack a valid {@code time},
 * or hold a {@code properties} string that is not a JSON object. A line that is not JSON, a value with a syntax
 * error or an input that ends inside a value costs one rejection at the line where the value starts; reading
 * resumes at the next line that starts a JSON object or array, and the reason names any lines skipped on the way.
 *
 * <p>Instances hold no state, so one may parse several inputs at once.
 */
public final class AzureMonitorLogsParser implements EventParser {

    /** The id this parser is chosen by. */
    public static final String ID = "azure-monitor-logs";

    /**
     * Made when the first input is parsed, not when the plugin is found: commands that parse nothing (explain,
     * list) need not start Jackson. Thread-safe once configured; sharing it shares its symbol tables between parses.
     */
    private static final class Json {
        static final JsonFactory FACTORY = JsonFactory.builder().build();
    }

    /** Creates the parser; {@link java.util.ServiceLoader} needs this constructor. */
    public AzureMonitorLogsParser() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Recognises input whose first non-blank character opens a JSON object or array and whose head mentions
     * {@code "records"}, {@code "operationName"} or {@code "category"}.
     */
    @Override
    public boolean sniff(String head) {
        int i = 0;
        while (i < head.length() && (Character.isWhitespace(head.charAt(i)) || head.charAt(i) == '\uFEFF')) {
            i++;
        }
        if (i == head.length() || (head.charAt(i) != '{' && head.charAt(i) != '[')) {
            return false;
        }
        return head.contains("\"records\"") || head.contains("\"operationName\"") || head.contains("\"category\"");
    }

    @Override
    public void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
            throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(problems, "problems");
        new ParseRun(input, Json.FACTORY, source, events, problems).run();
    }
}
