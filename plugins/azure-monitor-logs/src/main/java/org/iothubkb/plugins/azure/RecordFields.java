package org.iothubkb.plugins.azure;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.iothubkb.core.api.LogEvent;

/**
 * The fields of one resource-log record that become a {@link LogEvent}, collected while its tokens stream past.
 *
 * <p>Fields are only collected; the verdict comes from {@link #check()} once the whole record has been read,
 * because Azure writes the keys in no guaranteed order and a bad record must still be consumed to its end.
 */
final class RecordFields {


    private final JsonFactory factory;

    private String time;
    /** A {@code time} value that is not a string, as shown in the rejection. */
    private String timeNotString;
    private String resourceId;
    private String operationName;
    private String category;
    private String level;
    private String levelCapitalised;
    private String resultType;
    private String resultDescription;
    private String deviceId;
    private String moduleId;
    private String protocol;
    private String sdkVersion;
    private String maskedIp;
    private String maskedIpMisspelt;
    private String authType;
    private String authenticationType;
    private String propertiesProblem;
    private String durationMs;
    private String endpointName;
    private String messageId;
    private Instant instant;

    private static final int MAX_CANONICAL = 4_096;
    private final Map<String, String> canonical = new HashMap<>();

    RecordFields(JsonFactory factory) {
        this.factory = factory;
    }

    /** Takes one top-level field of the record; {@code value} is its first token, which is consumed fully. */
    void accept(String name, JsonToken value, TokenStream ts) throws IOException {
        switch (name) {
            case "time":
                time = null;
                timeNotString = null;
                if (value == JsonToken.VALUE_STRING) {
                    time = ts.parser().getText();
                } else if (value != JsonToken.VALUE_NULL) {
                    timeNotString = value.isScalarValue() ? ts.parser().getText() : describe(value);
                    skipValue(value, ts);
                }
                break;
            case "resourceId":
                resourceId = text(value, ts);
                break;
            case "operationName":
                operationName = text(value, ts);
                break;
            case "category":
                category = text(value, ts);
                break;
            case "level":
                level = text(value, ts);
                break;
            case "Level":
                levelCapitalised = text(value, ts);
                break;
            case "resultType":
                resultType = text(value, ts);
                break;
            case "resultDescription":
                resultDescription = text(value, ts);
                break;
            case "properties":
                acceptProperties(value, ts);
                break;
            case "durationMs":
                durationMs = text(value, ts);
                break;
            default:
                skipValue(value, ts);
        }
    }

    /**
     * Decides whether the record can become an event.
     *
     * @return {@code null} if it can, else the rejection reason, naming the field to blame
     */
    String check() {
        if (blankToNull(operationName) == null && blankToNull(category) == null) {
            return "not a resource-log record: no [operationName] or [category]";
        }
        if (time == null && timeNotString == null) {
            return "missing field [time]";
        }
        instant = time != null ? Timestamps.parse(time) : null;
        if (instant == null) {
            return "field [time] is not an ISO-8601 timestamp: [" + Reasons.shorten(time != null ? time : timeNotString)
                    + "]";
        }
        return propertiesProblem;
    }

    /** Builds the event; only after {@link #check()} returned {@code null}. */
    LogEvent toEvent(String source) {
        boolean hasCode = isErrorCode(resultType);
        String lvl = blankToNull(level != null ? level : levelCapitalised);
        // A failure without a code (ServiceUnavailable, InternalServerError) still names itself.
        boolean named = hasCode || "Error".equalsIgnoreCase(lvl);
        return LogEvent.builder()
                .time(instant)
                .hub(canonical(hubOf(resourceId)))
                .operation(canonical(blankToNull(operationName)))
                .category(canonical(blankToNull(category)))
                .level(canonical(lvl))
                .errorCode(hasCode ? canonical(resultType) : null)
                .errorName(named ? canonical(blankToNull(resultDescription)) : null)
                .deviceId(blankToNull(deviceId))
                .moduleId(blankToNull(moduleId))
                .protocol(canonical(blankToNull(protocol)))
                .sdkVersion(canonical(blankToNull(sdkVersion)))
                .maskedIp(canonical(blankToNull(maskedIp != null ? maskedIp : maskedIpMisspelt)))
                .authType(canonical(blankToNull(authType != null ? authType : authenticationType)))
                .durationMs(millis(durationMs))
                .endpointName(canonical(blankToNull(endpointName)))
                .messageId(blankToNull(messageId))
                .source(source)
                .build();
    }

    /**
     * One shared copy of a value that repeats from record to record (hub, category, SDK string …): events wait in
     * the rules' windows for up to a quarter of an hour, and a fresh copy of the same text in each of them would
     * take a good part of the heap. Bounded: when full it starts over.
     */
    private String canonical(String value) {
        if (value == null) {
            return null;
        }
        String shared = canonical.putIfAbsent(value, value);
        if (shared != null) {
            return shared;
        }
        if (canonical.size() > MAX_CANONICAL) {
            canonical.clear();
        }
        return value;
    }

    /** The hub name: the resource-id segment after {@code /IOTHUBS/}, in any case, as written. */
    static String hubOf(String resourceId) {
        return org.iothubkb.core.spi.ParserSupport.hubName(resourceId);
    }

    /** A whole number of milliseconds, or {@code null}: {@code durationMs} is often {@code ""}. */
    static Long millis(String s) {
        if (s == null || s.isEmpty() || s.length() > 15) {
            return null;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Whether {@code resultType} is an error code: six digits (an IoT Hub code), or a bare HTTP status 4xx/5xx,
     * which the Routes category writes for some endpoint failures (401, 503).
     */
    static boolean isErrorCode(String s) {
        if (s == null || (s.length() != 6 && s.length() != 3) || s.charAt(0) < '4' || s.charAt(0) > '5') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private void acceptProperties(JsonToken value, TokenStream ts) throws IOException {
        switch (value) {
            case VALUE_STRING:
                parsePropertiesText(ts.parser().getText());
                break;
            case START_OBJECT:
                readProperties(ts);
                break;
            case VALUE_NULL:
                break;
            default:
                skipValue(value, ts);
                propertiesProblem = "field [properties] is neither a JSON object nor a string holding one, but "
                        + describe(value);
        }
    }

    /** IoT Hub writes {@code properties} as a string that holds JSON, so it is parsed a second time. */
    private void parsePropertiesText(String text) throws IOException {
        if (text.isBlank()) {
            return;
        }
        try (JsonParser p = factory.createParser(text)) {
            TokenStream inner = TokenStream.of(p);
            JsonToken t = inner.next();
            if (t == JsonToken.START_OBJECT) {
                readProperties(inner);
            } else if (t != JsonToken.VALUE_NULL) {
                propertiesProblem = "field [properties] holds " + describe(t) + ", not a JSON object";
                return;
            }
            if (inner.next() != null) {
                propertiesProblem = "field [properties] holds more than one JSON value";
            }
        } catch (JsonProcessingException e) {
            // #6: a limit of Jackson's (nesting depth, number or string length) is reported without a location
            JsonLocation at = e.getLocation();
            propertiesProblem = "field [properties] is not valid JSON"
                    + (at != null && at.getColumnNr() > 0 ? " (column " + at.getColumnNr() + ")" : "") + ": "
                    + Reasons.jacksonMessage(e);
        }
    }

    private void readProperties(TokenStream ts) throws IOException {
        for (JsonToken t = ts.next(); t == JsonToken.FIELD_NAME; t = ts.next()) {
            String name = ts.parser().currentName();
            JsonToken value = ts.next();
            switch (name) {
                case "deviceId":
                    deviceId = text(value, ts);
                    break;
                case "moduleId":
                    moduleId = text(value, ts);
                    break;
                case "protocol":
                    protocol = text(value, ts);
                    break;
                case "sdkVersion":
                    sdkVersion = text(value, ts);
                    break;
                case "endpointName":
                    endpointName = text(value, ts);
                    break;
                case "messageId":
                    messageId = text(value, ts);
                    break;
                case "maskedIpAddress":
                    maskedIp = text(value, ts);
                    break;
                case "maskedIpAddresss": // the misspelling some IoT Hub versions wrote
                    maskedIpMisspelt = text(value, ts);
                    break;
                case "authType":
                    authType = authTypeOf(value, ts);
                    break;
                case "authenticationType":
                    authenticationType = authTypeOf(value, ts);
                    break;
                default:
                    skipValue(value, ts);
            }
        }
    }

    /**
     * The {@code type} of an auth description: usually yet another JSON string such as
     * {@code {"scope":"device","type":"sas",...}}; a plain string is the type itself, and text that only looks
     * like JSON is kept as written rather than losing the record over a secondary field.
     */
    private String authTypeOf(JsonToken value, TokenStream ts) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            return typeField(ts);
        }
        String text = text(value, ts);
        if (value != JsonToken.VALUE_STRING || !text.stripLeading().startsWith("{")) {
            return text;
        }
        try (JsonParser p = factory.createParser(text)) {
            TokenStream inner = TokenStream.of(p);
            if (inner.next() == JsonToken.START_OBJECT) {
                String type = typeField(inner);
                if (inner.next() == null) {
                    return type;
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON after all: keep the text
        }
        return text;
    }

    private static String typeField(TokenStream ts) throws IOException {
        String type = null;
        for (JsonToken t = ts.next(); t == JsonToken.FIELD_NAME; t = ts.next()) {
            String name = ts.parser().currentName();
            JsonToken value = ts.next();
            if ("type".equals(name)) {
                type = text(value, ts);
            } else {
                skipValue(value, ts);
            }
        }
        return type;
    }

    /** A scalar's text (numbers and booleans as written); {@code null} for null, objects and arrays. */
    static String text(JsonToken value, TokenStream ts) throws IOException {
        if (value.isScalarValue()) {
            return value == JsonToken.VALUE_NULL ? null : ts.parser().getText();
        }
        skipValue(value, ts);
        return null;
    }

    /**
     * Consumes the rest of a value whose first token has been read. Written out rather than
     * {@link JsonParser#skipChildren()}, which fails on a non-blocking parser that needs more input.
     */
    static void skipValue(JsonToken first, TokenStream ts) throws IOException {
        if (first == null || !first.isStructStart()) {
            return;
        }
        for (int depth = 1; depth > 0; ) {
            JsonToken t = ts.next();
            if (t == null) {
                return; // the parser reports a truncated value itself
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
        }
    }

    /** How a value that is not what was expected is named in a rejection. */
    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() != null ? t.asString() : t.name();
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
