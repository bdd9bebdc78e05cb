package org.iothubkb.plugins.eventgrid;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import org.iothubkb.core.spi.ProblemReporter;

/**
 * One call of {@link EventGridParser#parse}: walks the top-level values (objects, or arrays of objects), turns
 * every event into an accepted event or a rejection, and keeps the accepted ones for {@link DeliveryOrder}.
 *
 * <p>A JSON syntax error ends the input: a blocking parser cannot resume after one, and Event Grid exports are
 * written by programs, so a broken one is more likely cut short than edited.
 */
final class ParseRun {

    private final JsonFactory factory;
    private final String source;
    private final ProblemReporter problems;
    private final List<DeliveryOrder.Accepted> accepted = new ArrayList<>();
    /** {@link EventFields#deliveryKey()} of every event accepted: Event Grid delivers at least once. */
    private final Set<String> acceptedKeys = new HashSet<>();

    private JsonParser p;
    /** Line where the event being read starts; 0 between events. */
    private int eventLine;
    /** Line where the top-level array being read starts; 0 outside one. */
    private int arrayLine;

    ParseRun(JsonFactory factory, String source, ProblemReporter problems) {
        this.factory = factory;
        this.source = source;
        this.problems = problems;
    }

    /** The events accepted so far, in input order. */
    List<DeliveryOrder.Accepted> accepted() {
        return accepted;
    }

    /**
     * Reads every value of {@code in}.
     *
     * @throws IOException only when {@code in} itself fails; JSON errors become a rejection
     */
    void read(InputStream in) throws IOException {
        EndAware input = new EndAware(withoutByteOrderMark(in));
        try (JsonParser parser = factory.createParser(input)) {
            p = parser;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    readArray();
                } else {
                    readValue(t);
                }
            }
        } catch (JsonProcessingException e) {
            rejectRest(e, input.ended);
        } catch (CharConversionException e) {
            // #6: input starting with zero bytes makes Jackson decode it as UTF-32, which then fails on the bytes
            // that follow; the input could be read, it is just not JSON text
            problems.reject(at(eventLine != 0 ? eventLine : arrayLine != 0 ? arrayLine : Math.max(line(), 1)),
                    "not JSON text in UTF-8: " + Reasons.shorten(String.valueOf(e.getMessage()))
                            + "; the rest of the input is not read");
        }
    }

    /** Notes when the input has been read to its end, so that an error there can be told to be a cut. */
    private static final class EndAware extends FilterInputStream {
        boolean ended;

        EndAware(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }
    }

    /**
     * Jackson skips a UTF-8 byte order mark only when something follows it. (Not a SequenceInputStream: that
     * closes each stream it reaches the end of, and the input belongs to the caller.)
     */
    private static InputStream withoutByteOrderMark(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] head = pushback.readNBytes(3);
        boolean bom = head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF;
        if (!bom) {
            pushback.unread(head);
        }
        return pushback;
    }

    private void readArray() throws IOException {
        arrayLine = line();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside an array");
            }
            readValue(t);
        }
        arrayLine = 0;
    }

    private void readValue(JsonToken first) throws IOException {
        int line = line();
        if (first != JsonToken.START_OBJECT) {
            p.skipChildren();
            problems.reject(at(line), "event is not a JSON object: found " + describe(first));
            return;
        }
        eventLine = line;
        EventFields fields = readEvent();
        eventLine = 0;
        String problem = fields.problem();
        if (problem == null && fields.deliveryKey() != null && !acceptedKeys.add(fields.deliveryKey())) {
            problem = "duplicate delivery of event " + Reasons.shorten(fields.id());
        }
        if (problem != null) {
            problems.reject(at(line), problem);
            return;
        }
        accepted.add(new DeliveryOrder.Accepted(fields.toEvent(at(line)), fields.writtenTime()));
    }

    /** Reads the fields of an event whose {@code START_OBJECT} has been read. */
    private EventFields readEvent() throws IOException {
        EventFields f = new EventFields();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id": f.id = text(name, value, f); break;
                case "topic": f.topic = text(name, value, f); break;
                case "source": f.source = text(name, value, f); break;
                case "subject": f.subject = text(name, value, f); break;
                case "eventType": f.eventType = text(name, value, f); break;
                case "type": f.type = text(name, value, f); break;
                case "eventTime": f.eventTime = text(name, value, f); break;
                case "time": f.time = text(name, value, f); break;
                case "data": readData(value, f); break;
                default: p.skipChildren();
            }
        }
        return f;
    }

    private void readData(JsonToken value, EventFields f) throws IOException {
        if (!isObject("data", value, f)) {
            return;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "deviceId": f.dataDeviceId = text("data.deviceId", v, f); break;
                case "moduleId": f.dataModuleId = text("data.moduleId", v, f); break;
                case "hubName": f.dataHubName = text("data.hubName", v, f); break;
                case "deviceConnectionStateEventInfo": readConnectionState(v, f); break;
                default: p.skipChildren(); // twin, body, properties: not used
            }
        }
    }

    private void readConnectionState(JsonToken value, EventFields f) throws IOException {
        if (!isObject("data.deviceConnectionStateEventInfo", value, f)) {
            return;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("sequenceNumber".equals(name)) {
                f.sequenceNumber = text("data.deviceConnectionStateEventInfo.sequenceNumber", v, f);
            } else {
                p.skipChildren();
            }
        }
    }

    /** Whether {@code value} opens an object; anything else but null is skipped and noted as a problem. */
    private boolean isObject(String field, JsonToken value, EventFields f) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            return true;
        }
        if (value != JsonToken.VALUE_NULL) {
            p.skipChildren();
            f.noteProblem("field [" + field + "] is not a JSON object: found " + describe(value));
        }
        return false;
    }

    /** A scalar's text (numbers and booleans as written); null for null; objects and arrays are a problem. */
    private String text(String field, JsonToken value, EventFields f) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        f.noteProblem("field [" + field + "] is not a string: found " + describe(value));
        return null;
    }

    private void rejectRest(JsonProcessingException e, boolean inputEnded) {
        int errorLine = e.getLocation() != null ? e.getLocation().getLineNr() : line();
        int errorColumn = e.getLocation() != null ? e.getLocation().getColumnNr() : 0;
        String position = "line " + errorLine + ", column " + errorColumn;
        int line = eventLine != 0 ? eventLine : arrayLine != 0 ? arrayLine : Math.max(errorLine, 1);
        String reason;
        if (isEndOfInput(e) || inputEnded && isCutValue(e)) {
            String inside = eventLine != 0 ? "this event"
                    : arrayLine != 0 ? "the array that starts here" : "the value that starts here";
            reason = "truncated: the input ends inside " + inside + " (" + position + ")";
        } else if (e instanceof StreamConstraintsException) {
            reason = "JSON too large or deep at " + position + ": " + Reasons.jacksonMessage(e)
                    + "; the rest of the input is not read";
        } else {
            reason = "invalid JSON at " + position + ": " + Reasons.jacksonMessage(e)
                    + "; the rest of the input is not read";
        }
        problems.reject(at(line), reason);
    }

    /** Jackson reports most, but not all, ends of input inside a value as {@link JsonEOFException}. */
    private static boolean isEndOfInput(JsonProcessingException e) {
        return e instanceof JsonEOFException
                || e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
    }

    /**
     * Whether {@code e}, raised at the end of the input, is about a {@code true}, {@code false}, {@code null} or a
     * number cut short: Jackson calls those an unrecognised token or a bad number, not an end of input (#6).
     */
    private static boolean isCutValue(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.contains("not followed by a digit")) { // "1." or "1e" at the very end
            return true;
        }
        String prefix = "Unrecognized token '";
        if (m == null || !m.startsWith(prefix) || m.indexOf('\'', prefix.length()) < 0) {
            return false;
        }
        String token = m.substring(prefix.length(), m.indexOf('\'', prefix.length()));
        return !token.isEmpty() && ("true".startsWith(token) || "false".startsWith(token) || "null".startsWith(token));
    }

    private int line() {
        return p == null ? 0 : p.currentTokenLocation().getLineNr(); // null: the input failed before any token
    }

    private String at(int line) {
        return source + ":" + line;
    }

    /** How an unexpected value is named in a rejection. */
    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.name();
        }
    }
}
