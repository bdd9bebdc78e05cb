package org.iothubkb.plugins.azure;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * One call of {@link AzureMonitorLogsParser#parse}: walks the top-level values, unwraps {@code records} arrays,
 * and turns every record into one event or one rejection.
 *
 * <p>On a JSON error the value or record being read is rejected and reading goes on at the next line that starts
 * an object or array (see {@link LineFeeder}). That rejection is held back until reading has resumed, so it can
 * also name the lines skipped on the way, and is still reported before anything that follows it.
 */
final class ParseRun {

    private final LineFeeder in;
    private final JsonFactory factory;
    private final String source;
    private final Consumer<LogEvent> events;
    private final ProblemReporter problems;

    /** Line where the current top-level value starts; 0 between values. */
    private int valueLine;
    /** Line where the record being read starts; 0 when not inside one. */
    private int recordLine;
    /** Line where the latest top-level value or array element started, to avoid reading a line twice. */
    private int lastUnitLine;
    private int openArrays;
    /** An error happened before, so lines of stray closing brackets are its leftovers, not news. */
    private boolean recovering;
    private int pendingLine;
    private String pendingReason;

    ParseRun(InputStream input, JsonFactory factory, String source, Consumer<LogEvent> events,
            ProblemReporter problems) throws IOException {
        this.in = new LineFeeder(input, factory);
        this.factory = factory;
        this.source = source;
        this.events = events;
        this.problems = problems;
    }

    void run() throws IOException {
        try {
            while (true) {
                try {
                    JsonToken t = in.next();
                    flushPending();
                    if (t == null) {
                        return;
                    }
                    valueLine = in.line();
                    lastUnitLine = valueLine;
                    if (t == JsonToken.START_OBJECT) {
                        readObject(valueLine, true);
                    } else if (t == JsonToken.START_ARRAY) {
                        readRecords(true);
                    } else {
                        reject(valueLine, "record is not a JSON object: found " + RecordFields.describe(t));
                    }
                    valueLine = 0;
                } catch (JsonProcessingException e) {
                    recover(e);
                }
            }
        } finally {
            in.parser().close();
        }
    }

    /**
     * Reads an object whose {@code {} was just read. At the top level it may turn out to be an envelope,
     * {@code {"records":[...]}}, whose elements are the records; otherwise it is a record itself.
     */
    private void readObject(int line, boolean mayBeEnvelope) throws IOException {
        recordLine = line;
        RecordFields record = new RecordFields(factory);
        boolean envelope = false;
        JsonToken t;
        while ((t = in.next()) == JsonToken.FIELD_NAME) {
            String name = in.parser().currentName();
            JsonToken value = need(in.next());
            if (mayBeEnvelope && value == JsonToken.START_ARRAY && "records".equals(name)) {
                envelope = true;
                readRecords(false);
                recordLine = line;
            } else {
                record.accept(name, value, in);
            }
        }
        need(t);
        recordLine = 0;
        if (!envelope) {
            String src = source + ":" + line;
            String reason = record.check();
            if (reason == null) {
                events.accept(record.toEvent(src));
            } else {
                problems.reject(src, reason);
            }
        }
    }

    /** Reads the elements of an array whose {@code [} was just read, each one a record. */
    private void readRecords(boolean elementsMayBeEnvelopes) throws IOException {
        openArrays++;
        for (JsonToken t = need(in.next()); t != JsonToken.END_ARRAY; t = need(in.next())) {
            int line = in.line();
            lastUnitLine = line;
            if (t == JsonToken.START_OBJECT) {
                readObject(line, elementsMayBeEnvelopes);
            } else {
                RecordFields.skipValue(t, in);
                reject(line, "record is not a JSON object: found " + RecordFields.describe(t));
            }
        }
        openArrays--;
    }

    /** Turns an end of input where a value must go on into the parse error the parser would raise. */
    private JsonToken need(JsonToken t) throws JsonParseException {
        if (t == null) {
            throw new JsonParseException(in.parser(), "unexpected end of input");
        }
        return t;
    }

    private void recover(JsonProcessingException e) throws IOException {
        flushPending();
        boolean truncated = in.atEnd();
        int errorLine = in.line();
        int unitLine = recordLine != 0 ? recordLine : valueLine != 0 ? valueLine : errorLine;
        String reason;
        if (truncated) {
            reason = recordLine != 0 ? "truncated: the input ends inside this record"
                    : "truncated: the input ends inside the JSON value that starts here";
        } else if (valueLine != 0) {
            reason = (recordLine != 0 ? "invalid JSON in record" : "invalid JSON")
                    + (errorLine != unitLine ? " on line " + errorLine : "") + ": " + Reasons.jacksonMessage(e);
            if (openArrays > 0 && errorLine == unitLine) {
                reason += "; the rest of the line is skipped";
            }
        } else if (recovering && in.lineHoldsOnlyClosers()) {
            reason = null; // the closing brackets of a value already rejected
        } else {
            String head = in.lineHead(120).strip();
            reason = head.startsWith("{") || head.startsWith("[")
                    ? "invalid JSON after the value on this line: " + Reasons.jacksonMessage(e)
                    : "line is not JSON: [" + Reasons.shorten(head) + "]";
        }
        pendingLine = unitLine;
        pendingReason = reason;
        // Retry the error line itself when the failed value began earlier (a record cut short, then a good one),
        // unless a value already read started on it and would be read twice.
        boolean retryLine = !truncated && errorLine > unitLine && lastUnitLine != errorLine;
        recordLine = 0;
        valueLine = 0;
        openArrays = 0;
        recovering = true;
        in.restart(retryLine);
    }

    private void flushPending() {
        int first = in.skippedFirst();
        int last = in.skippedLast();
        in.clearSkipped();
        String skipped = first == 0 ? null : first == last ? "line " + first : "lines " + first + "-" + last;
        if (pendingReason != null) {
            reject(pendingLine, skipped == null ? pendingReason : pendingReason + "; skipped " + skipped);
        } else if (skipped != null) {
            reject(first, "not JSON: skipped " + skipped);
        }
        pendingReason = null;
    }

    private void reject(int line, String reason) {
        problems.reject(source + ":" + line, reason);
    }
}
