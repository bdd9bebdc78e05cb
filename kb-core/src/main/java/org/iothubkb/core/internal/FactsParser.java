package org.iothubkb.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import org.iothubkb.core.api.EventFacts;
import org.iothubkb.core.api.InvalidFactException;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Reads event facts ({@link EventFacts}): JSON Lines with one fact per line, or one JSON array of facts. Each
 * fact's source is its own {@code source} field if it has one, else {@code file:line}.
 */
public final class FactsParser implements EventParser {

    /** The id used with {@code --input-format}. */
    public static final String ID = "facts";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "iothub-kb event facts (docs/event-facts.md): JSON Lines or a JSON array";
    }

    /** Recognises input whose first object has a {@code time} and only fields of the fact format. */
    @Override
    public boolean sniff(String head) {
        String text = head.stripLeading();
        if (text.startsWith("[")) {
            text = text.substring(1).stripLeading();
        }
        if (!text.startsWith("{")) {
            return false;
        }
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        JsonObject o;
        try {
            o = Json.createReader(new StringReader(first.strip().replaceFirst(",$", ""))).readObject();
        } catch (JsonException | IllegalStateException e) {
            return false; // a pretty-printed array: the first line alone is not an object
        }
        return o.containsKey("time") && EventFacts.FIELDS.containsAll(o.keySet());
    }

    @Override
    public void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
            throws IOException {
        PushbackReader reader = new PushbackReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1);
        int c;
        do {
            c = reader.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF');
        if (c < 0) {
            return;
        }
        reader.unread(c);
        if (c == '[') {
            parseArray(reader, source, events, problems);
        } else {
            parseLines(new BufferedReader(reader), source, events, problems);
        }
    }

    private static void parseLines(BufferedReader reader, String source, Consumer<LogEvent> events,
                                   ProblemReporter problems) throws IOException {
        String line;
        long n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + n;
            JsonValue v;
            try {
                v = Json.createReader(new StringReader(line)).readValue();
            } catch (JsonException e) {
                problems.reject(where, "not JSON: " + oneLine(e.getMessage()));
                continue;
            }
            accept(v, where, events, problems);
        }
    }

    private static void parseArray(Reader reader, String source, Consumer<LogEvent> events,
                                   ProblemReporter problems) {
        JsonParser parser = Json.createParser(reader);
        long line = 1;
        try {
            parser.next(); // START_ARRAY
            while (parser.hasNext()) {
                JsonParser.Event e = parser.next();
                if (e == JsonParser.Event.END_ARRAY) {
                    return;
                }
                line = parser.getLocation().getLineNumber();
                JsonValue v = parser.getValue();
                accept(v, source + ":" + line, events, problems);
            }
            problems.reject(source + ":" + line, "the JSON array of facts is not closed: the input ends early");
        } catch (JsonParsingException e) {
            JsonLocation at = e.getLocation();
            problems.reject(source + ":" + (at == null ? line : at.getLineNumber()), "not JSON at column "
                    + (at == null ? "?" : at.getColumnNumber()) + ": " + oneLine(e.getMessage())
                    + "; the rest of the input is not read");
        } catch (JsonException e) {
            problems.reject(source + ":" + line, "cannot read the facts: " + oneLine(e.getMessage())
                    + "; the rest of the input is not read");
        }
    }

    private static void accept(JsonValue v, String where, Consumer<LogEvent> events, ProblemReporter problems) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.reject(where, "a fact must be a JSON object, not " + v.getValueType().name()
                    .toLowerCase(java.util.Locale.ROOT));
            return;
        }
        LogEvent event;
        try {
            event = EventFacts.toEvent(v.asJsonObject(), where);
        } catch (InvalidFactException e) {
            problems.reject(where, e.getReason());
            return;
        }
        events.accept(event);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
