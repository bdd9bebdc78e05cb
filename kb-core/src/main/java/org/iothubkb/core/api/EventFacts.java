package org.iothubkb.core.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The generic event-fact format: a flat JSON object any tool can produce, turned into a {@link LogEvent}.
 *
 * <pre>{@code
 * {"time": "2026-11-30T10:00:00.123Z", "hub": "factory-hub", "deviceId": "pump-7",
 *  "category": "Connections", "operation": "deviceDisconnect", "level": "Error", "errorCode": "404104",
 *  "protocol": "Mqtt", "sdkVersion": "com.microsoft.azure.sdk.iot.iot-device-client/1.34.0", "attributes": {"site": "Gent"}}
 * }</pre>
 *
 * <p>Only {@code time} is required (ISO-8601 with an offset). The other fields are strings, except
 * {@code durationMs} (a whole number) and {@code attributes} (an object of strings, numbers or booleans, kept as
 * strings). {@code null} means absent. Unknown fields are refused rather than ignored, so that a misspelt
 * {@code deviceID} cannot silently lose the device: put extra values in {@code attributes}. The JSON Schema is
 * {@code docs/schemas/event-fact.schema.json}; {@link #FIELDS} lists the fields.
 *
 * @since 0.2
 */
public final class EventFacts {

    /** Every field a fact may have. */
    public static final Set<String> FIELDS = Set.of("time", "source", "hub", "deviceId", "moduleId", "category",
            "operation", "level", "errorCode", "errorName", "protocol", "sdkVersion", "authType", "maskedIp",
            "durationMs", "endpointName", "messageId", "attributes");

    private EventFacts() {
    }

    /**
     * Converts one fact.
     *
     * @param fact          never {@code null}
     * @param defaultSource the source to use when the fact has no {@code source}, e.g. {@code facts.jsonl:12}
     * @throws InvalidFactException naming the field at fault
     */
    public static LogEvent toEvent(JsonObject fact, String defaultSource) {
        String source = defaultSource;
        JsonValue s = fact.get("source");
        if (s instanceof JsonString && !((JsonString) s).getString().isBlank()) {
            source = ((JsonString) s).getString();
        }
        for (String name : fact.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidFactException(source, "unknown field [" + name + "]; put extra values in"
                        + " [attributes]");
            }
        }
        String time = string(fact, "time", source);
        if (time == null) {
            throw new InvalidFactException(source, "no [time]");
        }
        LogEvent.Builder b = LogEvent.builder().time(instant(time, source)).source(source)
                .hub(string(fact, "hub", source))
                .deviceId(string(fact, "deviceId", source))
                .moduleId(string(fact, "moduleId", source))
                .category(string(fact, "category", source))
                .operation(string(fact, "operation", source))
                .level(string(fact, "level", source))
                .errorCode(errorCode(fact, source))
                .errorName(string(fact, "errorName", source))
                .protocol(string(fact, "protocol", source))
                .sdkVersion(string(fact, "sdkVersion", source))
                .authType(string(fact, "authType", source))
                .maskedIp(string(fact, "maskedIp", source))
                .durationMs(duration(fact, source))
                .endpointName(string(fact, "endpointName", source))
                .messageId(string(fact, "messageId", source));
        b.attributes(attributes(fact, source));
        if (string(fact, "moduleId", source) != null && string(fact, "deviceId", source) == null) {
            throw new InvalidFactException(source, "[moduleId] without [deviceId]: a module belongs to a device");
        }
        return b.build();
    }

    private static String string(JsonObject fact, String name, String source) {
        JsonValue v = fact.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString)) {
            throw new InvalidFactException(source, "[" + name + "] must be a string, not " + kind(v));
        }
        String s = ((JsonString) v).getString();
        return s.isBlank() ? null : s;
    }

    private static Instant instant(String text, String source) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidFactException(source, "[time] is not an ISO-8601 time with an offset: [" + text + "]");
        }
    }

    private static String errorCode(JsonObject fact, String source) {
        JsonValue v = fact.get("errorCode");
        String code;
        if (v instanceof JsonNumber && ((JsonNumber) v).isIntegral()) {
            code = ((JsonNumber) v).bigIntegerValue().toString();
        } else {
            code = string(fact, "errorCode", source);
        }
        if (code != null && !code.matches("[0-9]{3}([0-9]{3})?")) {
            throw new InvalidFactException(source, "[errorCode] must be a six-digit IoT Hub code or a three-digit"
                    + " HTTP status: [" + code + "]");
        }
        return code;
    }

    private static Long duration(JsonObject fact, String source) {
        JsonValue v = fact.get("durationMs");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral() || ((JsonNumber) v).longValue() < 0) {
            throw new InvalidFactException(source, "[durationMs] must be a whole number of milliseconds >= 0");
        }
        return ((JsonNumber) v).longValueExact();
    }

    private static Map<String, String> attributes(JsonObject fact, String source) {
        JsonValue v = fact.get("attributes");
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidFactException(source, "[attributes] must be an object, not " + kind(v));
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
            JsonValue a = e.getValue();
            switch (a.getValueType()) {
                case STRING:
                    out.put(e.getKey(), ((JsonString) a).getString());
                    break;
                case NUMBER:
                    out.put(e.getKey(), a.toString());
                    break;
                case TRUE:
                case FALSE:
                    out.put(e.getKey(), a.toString());
                    break;
                case NULL:
                    break;
                default:
                    throw new InvalidFactException(source, "[attributes." + e.getKey()
                            + "] must be a string, number or boolean, not " + kind(a));
            }
        }
        return out;
    }

    private static String kind(JsonValue v) {
        return v.getValueType().name().toLowerCase(java.util.Locale.ROOT).replace("true", "a boolean")
                .replace("false", "a boolean");
    }
}
