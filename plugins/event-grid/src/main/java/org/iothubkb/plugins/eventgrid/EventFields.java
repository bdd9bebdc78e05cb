package org.iothubkb.plugins.eventgrid;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.iothubkb.core.api.LogEvent;

/**
 * The fields of one event as read, in either schema, and what they mean: {@link #problem()} says why the event
 * cannot be used, {@link #toEvent(String)} maps a usable one.
 */
final class EventFields {

    static final String SCHEMA_EVENT_GRID = "eventgrid";
    static final String SCHEMA_CLOUD_EVENTS = "cloudevents";

    static final String ATTR_SEQUENCE_NUMBER = "sequenceNumber";
    static final String ATTR_EVENT_ID = "eventId";
    static final String ATTR_SCHEMA = "schema";
    static final String ATTR_EVENT_TIME = "eventTime";

    private static final String IOT_HUB_TYPE_PREFIX = "Microsoft.Devices.";
    private static final String LEVEL = "Information";
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: a four-digit year, well inside what epoch millis can hold. */
    private static final long MIN_EPOCH_SECOND = -62_167_219_200L;
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    /** The IoT Hub event types and what they become. */
    enum Kind {
        CONNECTED("DeviceConnected", "Connections", "deviceConnect"),
        DISCONNECTED("DeviceDisconnected", "Connections", "deviceDisconnect"),
        CREATED("DeviceCreated", "DeviceIdentityOperations", "create"),
        DELETED("DeviceDeleted", "DeviceIdentityOperations", "delete"),
        TELEMETRY("DeviceTelemetry", "DeviceTelemetry", "deviceTelemetry");

        final String typeName;
        final String category;
        final String operation;

        Kind(String suffix, String category, String operation) {
            this.typeName = IOT_HUB_TYPE_PREFIX + suffix;
            this.category = category;
            this.operation = operation;
        }

        boolean isConnectionState() {
            return this == CONNECTED || this == DISCONNECTED;
        }

        static Kind of(String type) {
            for (Kind k : values()) {
                if (k.typeName.equalsIgnoreCase(type)) {
                    return k;
                }
            }
            return null;
        }
    }

    // As read; set by ParseRun.
    String id;
    String topic;
    String source;
    String subject;
    String eventType;
    String type;
    String eventTime;
    String time;
    String dataDeviceId;
    String dataModuleId;
    String dataHubName;
    String sequenceNumber;

    private String readProblem;

    // Resolved by problem().
    private boolean resolved;
    private String problem;
    private String schema;
    private Kind kind;
    private String writtenTime;
    private Instant instant;
    private String deviceId;
    private String moduleId;

    /** Records a problem found while reading; the first one is kept. */
    void noteProblem(String reason) {
        if (readProblem == null) {
            readProblem = reason;
        }
    }

    /** The event id, or {@code null}. */
    String id() {
        return blankToNull(id);
    }

    /**
     * What makes two deliveries the same event, once {@link #problem()} has found none: the id together with the
     * publisher ({@code topic} or {@code source}), which is what the id is unique within; {@code null} without an id.
     */
    String deliveryKey() {
        if (id() == null) {
            return null;
        }
        String publisher = SCHEMA_EVENT_GRID.equals(schema) ? topic : source;
        return (publisher == null ? "" : publisher) + '\n' + id();
    }

    /** The time as written, once {@link #problem()} has found none. */
    String writtenTime() {
        return writtenTime;
    }

    /** Why this event cannot become a {@link LogEvent}, or {@code null} if it can. */
    String problem() {
        if (!resolved) {
            resolved = true;
            problem = resolve();
        }
        return problem;
    }

    private String resolve() {
        if (readProblem != null) {
            return readProblem;
        }
        String typeField;
        String timeField;
        String eventTypeValue;
        if (blankToNull(eventType) != null) {
            schema = SCHEMA_EVENT_GRID;
            typeField = "eventType";
            eventTypeValue = eventType;
            timeField = "eventTime";
            writtenTime = blankToNull(eventTime);
        } else if (blankToNull(type) != null) {
            schema = SCHEMA_CLOUD_EVENTS;
            typeField = "type";
            eventTypeValue = type;
            timeField = "time";
            writtenTime = blankToNull(time);
        } else {
            return "missing event type: neither [eventType] (Event Grid schema) nor [type] (CloudEvents) is set";
        }
        kind = Kind.of(eventTypeValue);
        if (kind == null) {
            return eventTypeValue.regionMatches(true, 0, IOT_HUB_TYPE_PREFIX, 0, IOT_HUB_TYPE_PREFIX.length())
                    ? "unsupported IoT Hub event type in [" + typeField + "]: " + Reasons.shorten(eventTypeValue)
                    : "not an IoT Hub event: " + Reasons.shorten(eventTypeValue);
        }
        if (writtenTime == null) {
            return "missing field [" + timeField + "]";
        }
        instant = parseTime(writtenTime);
        if (instant == null) {
            return "field [" + timeField + "] is not an ISO-8601 date-time with an offset: ["
                    + Reasons.shorten(writtenTime) + "]";
        }
        resolveIdentity();
        if (deviceId == null) {
            return "missing device id: neither [data.deviceId] nor a [subject] of the form devices/{deviceId} is set";
        }
        if (kind.isConnectionState() && sequenceNumber() != null && !SequenceNumbers.isValid(sequenceNumber())) {
            return "field [data.deviceConnectionStateEventInfo.sequenceNumber] is not hexadecimal: ["
                    + Reasons.shorten(sequenceNumber) + "]";
        }
        return null;
    }

    private void resolveIdentity() {
        String subjectDevice = null;
        String subjectModule = null;
        String[] parts = subject == null ? new String[0] : subject.split("/", -1);
        // device and module ids cannot contain '/', so the subject splits cleanly
        if (parts.length >= 2 && "devices".equals(parts[0])) {
            subjectDevice = blankToNull(parts[1]);
            if (parts.length == 4 && "modules".equals(parts[2])) {
                subjectModule = blankToNull(parts[3]);
            }
        }
        String dataDevice = blankToNull(dataDeviceId);
        deviceId = dataDevice != null ? dataDevice : subjectDevice;
        moduleId = blankToNull(dataModuleId);
        if (moduleId == null && subjectModule != null && (dataDevice == null || dataDevice.equals(subjectDevice))) {
            moduleId = subjectModule;
        }
    }

    private String sequenceNumber() {
        return blankToNull(sequenceNumber);
    }

    /**
     * The event this maps to; only when {@link #problem()} is {@code null}.
     *
     * @param at the event's {@code file:line}
     */
    LogEvent toEvent(String at) {
        if (problem() != null) {
            throw new IllegalStateException("event has a problem: " + problem);
        }
        String hub = hubOf(SCHEMA_EVENT_GRID.equals(schema) ? topic : source);
        LogEvent.Builder b = LogEvent.builder()
                .time(instant)
                .hub(hub != null ? hub : blankToNull(dataHubName))
                .deviceId(deviceId)
                .moduleId(moduleId)
                .category(kind.category)
                .operation(kind.operation)
                .level(LEVEL)
                .source(at)
                .attribute(ATTR_SCHEMA, schema)
                .attribute(ATTR_EVENT_ID, id());
        if (kind.isConnectionState()) {
            b.attribute(ATTR_SEQUENCE_NUMBER, sequenceNumber());
        }
        return b.build();
    }

    /**
     * The hub name: the segment after {@code /IOTHUBS/}, in any case, kept as written. The resource-log parser
     * reads {@code resourceId} the same way: the two must agree for a hub's identities to match.
     */
    static String hubOf(String resourcePath) {
        return org.iothubkb.core.spi.ParserSupport.hubName(resourcePath);
    }

    /** An ISO-8601 date-time with {@code Z} or an offset and up to nine fraction digits; {@code null} otherwise. */
    static Instant parseTime(String text) {
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            long sec = t.getEpochSecond();
            return sec >= MIN_EPOCH_SECOND && sec <= MAX_EPOCH_SECOND ? t : null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
