package org.iothubkb.plugins.eventgrid;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Parses the IoT Hub events Azure Event Grid delivers ({@code Microsoft.Devices.*}) into {@link LogEvent}s.
 *
 * <h2>Input</h2>
 * Events in the Event Grid schema ({@code eventType}, {@code eventTime}, {@code topic}) or in CloudEvents 1.0
 * ({@code type}, {@code time}, {@code source}), which may be mixed: one event object, a JSON array of events, or
 * JSON Lines where every line holds an event or an array of events. A UTF-8 byte order mark is skipped. Each
 * event's source is {@code <source>:<line>}, the 1-based line where its object starts.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>{@code DeviceConnected} / {@code DeviceDisconnected} → category {@code Connections}, operation
 *       {@code deviceConnect} / {@code deviceDisconnect}; Event Grid carries no error code, so neither do these;</li>
 *   <li>{@code DeviceCreated} / {@code DeviceDeleted} → category {@code DeviceIdentityOperations}, operation
 *       {@code create} / {@code delete};</li>
 *   <li>{@code DeviceTelemetry} → category {@code DeviceTelemetry}, operation {@code deviceTelemetry}; the
 *       message body is not kept;</li>
 *   <li>level {@code Information} for all of them; time from {@code eventTime} or {@code time} (ISO-8601 with an
 *       offset);</li>
 *   <li>hub: the segment after {@code /IOTHUBS/} (any case, kept as written) of {@code topic} or {@code source},
 *       as the resource-log parser takes it from {@code resourceId}, so one hub gives one identity in both; else
 *       {@code data.hubName};</li>
 *   <li>device: {@code data.deviceId}, else the subject {@code devices/{deviceId}}; module: a non-empty
 *       {@code data.moduleId}, else the subject {@code devices/{deviceId}/modules/{moduleId}};</li>
 *   <li>attributes {@code eventId}, {@code schema} ({@code eventgrid} or {@code cloudevents}) and, for connection-state events, {@code sequenceNumber}.</li>
 * </ul>
 *
 * <h2>Order</h2>
 * Event Grid delivers events in no particular order, and at least once. The events of one input are therefore
 * held in memory until the input has been read, and only then passed on: the memory used grows with the number
 * of events in one input (a few hundred bytes each), so very large exports are best split into several inputs.
 * Before they are passed on, each identity's connection-state events are put in {@code sequenceNumber} order (the
 * hub's own order; compared as hexadecimal numbers); where a later one carries an earlier time than the one before
 * it, it is given that time, and its own is kept in the attribute {@code eventTime}, so that a consumer that orders
 * by time keeps the hub's order. All events are then passed on in time order (ties in the order just described),
 * not in input order. A second delivery of an event id already accepted from this input is rejected.
 *
 * <h2>Rejections</h2>
 * Every value read becomes one event or one rejection: events that lack a type or a valid time, are not IoT Hub
 * events, name no device, carry a {@code sequenceNumber} that is not hexadecimal or a field of the wrong JSON type,
 * duplicate deliveries, and array elements or values that are not objects. Invalid or truncated JSON, or text
 * that is not UTF-8, costs one rejection naming its position, and the rest of that input is not read; the events
 * read before it are kept.
 *
 * <p>Instances hold no state, so one may parse several inputs at once.
 */
public final class EventGridParser implements EventParser {

    /** The id this parser is chosen by. */
    public static final String ID = "event-grid";

    /** Made when the first input is parsed, not when the plugin is found: explain and list parse nothing. */
    private static final class Json {
        static final JsonFactory FACTORY = JsonFactory.builder()
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE) // the caller owns the input
                .build();
    }

    private static final Pattern IOT_HUB_EVENT_TYPE =
            Pattern.compile("\"(?:eventType|type)\"\\s*:\\s*\"Microsoft\\.Devices\\.");
    private static final Pattern RESOURCE_LOG_KEY =
            Pattern.compile("\"(?:records|operationName|category)\"\\s*:");

    /** Creates the parser; {@link java.util.ServiceLoader} needs this constructor. */
    public EventGridParser() {
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Recognises input whose first non-blank character opens a JSON object or array and whose head holds an
     * {@code eventType} or {@code type} starting with {@code Microsoft.Devices.}. A head with a
     * {@code records}, {@code operationName} or {@code category} key is left to the resource-log parser, even if
     * it also holds an Event Grid event (a telemetry body may carry such a key).
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
        return IOT_HUB_EVENT_TYPE.matcher(head).find() && !RESOURCE_LOG_KEY.matcher(head).find();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Unlike the interface's default contract, events are passed on in time order once the whole input has
     * been read (see the class description); rejections are reported as they are found.
     */
    @Override
    public void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
            throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(problems, "problems");
        ParseRun run = new ParseRun(Json.FACTORY, source, problems);
        try {
            run.read(input);
        } catch (IOException e) {
            // the input could not be read on: pass on what was read before, then report the failure
            DeliveryOrder.arrange(run.accepted()).forEach(events);
            throw e;
        }
        DeliveryOrder.arrange(run.accepted()).forEach(events);
    }
}
