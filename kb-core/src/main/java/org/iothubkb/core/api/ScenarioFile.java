package org.iothubkb.core.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

/**
 * One scenario file, {@code cases.json}, read and checked: the error codes it is about and its cases. Each case
 * names an input file (next to {@code cases.json}) and lists every diagnosis that input must produce.
 *
 * <pre>{@code
 * {
 *   "code": "404104",                      // or "codes": ["404104", "409002"]
 *   "cases": [
 *     {
 *       "name": "A short sentence saying what the case shows",
 *       "input": "flapping.jsonl",
 *       "expect": [ {"errorCode": "404104", "cause": "connection-lost", "deviceId": "pump-1", "count": 2} ],
 *       "absent": [ {"errorCode": "404104", "cause": "door-sensor-offline"} ],
 *       "status": "tofix", "issue": "#12"    // optional: a known failure, still run
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code expect} is exhaustive: a diagnosis the input produces that no entry matches fails the case. An entry
 * must give {@code errorCode} and {@code cause}; it may also pin {@code severity}, {@code scope}, {@code deviceId},
 * {@code moduleId}, {@code occurrences}, {@code confidence}, {@code aliasOf}, {@code explanationContains} (a phrase
 * of the explanation) and {@code rootCause} ({@code null}, or an object with {@code errorCode} and {@code cause});
 * {@code count} asks for that many such diagnoses. {@code absent} names diagnoses that must not appear, which
 * {@code expect} already implies but which states the intent of a near miss. Unknown fields are errors, so that
 * a misspelt field does not silently check nothing.
 *
 * @since 0.2
 */
public final class ScenarioFile {

    /** The file name the scenario runner looks for in folders. */
    public static final String FILE_NAME = "cases.json";

    private static final Set<String> FILE_FIELDS = Set.of("code", "codes", "cases");
    private static final Set<String> CASE_FIELDS = Set.of("name", "input", "expect", "absent", "status", "issue");
    private static final Set<String> EXPECT_FIELDS = Set.of("errorCode", "cause", "severity", "scope", "deviceId",
            "moduleId", "occurrences", "count", "confidence", "aliasOf", "explanationContains", "rootCause");
    private static final Set<String> ABSENT_FIELDS = Set.of("errorCode", "cause");
    private static final Set<String> ROOT_FIELDS = Set.of("errorCode", "cause");

    private final Path path;
    private final List<String> codes;
    private final List<Case> cases;

    private ScenarioFile(Path path, List<String> codes, List<Case> cases) {
        this.path = path;
        this.codes = List.copyOf(codes);
        this.cases = List.copyOf(cases);
    }

    /** The {@code cases.json} file, as given. */
    public Path getPath() {
        return path;
    }

    /** The codes the file is about: its {@code code}, or its {@code codes}; may be empty. */
    public List<String> getCodes() {
        return codes;
    }

    /** The cases, in file order. */
    public List<Case> getCases() {
        return cases;
    }

    /** One case: an input file and what it must produce. */
    public static final class Case {
        private final Path file;
        private final int line;
        private final String name;
        private final Path input;
        private final JsonArray expect;
        private final JsonArray absent;
        private final boolean toFix;
        private final String issue;

        Case(Path file, int line, String name, Path input, JsonArray expect, JsonArray absent, boolean toFix,
             String issue) {
            this.file = file;
            this.line = line;
            this.name = name;
            this.input = input;
            this.expect = expect;
            this.absent = absent;
            this.toFix = toFix;
            this.issue = issue;
        }

        /** The scenario file the case is in. */
        public Path getFile() { return file; }
        /** The line of the scenario file where the case starts. */
        public int getLine() { return line; }
        /** The case's name: one sentence saying what it shows. */
        public String getName() { return name; }
        /** The input file, resolved against the scenario file's folder. */
        public Path getInput() { return input; }
        /** Every diagnosis the input must produce (see the class description); checked when read. */
        public JsonArray getExpect() { return expect; }
        /** The diagnoses that must not appear, each an {@code errorCode} and a {@code cause}; may be empty. */
        public JsonArray getAbsent() { return absent; }
        /** Whether the case is a known failure ({@code "status": "tofix"}): it must still fail. */
        public boolean isToFix() { return toFix; }
        /** The issue a known failure is tracked in, or {@code null}. */
        public String getIssue() { return issue; }
    }

    /**
     * Reads and checks a scenario file.
     *
     * @throws ScenarioFileException if it is not valid JSON or does not have the shape described above; the
     *                               message gives the file, line and column
     * @throws KbException           if it cannot be read
     */
    public static ScenarioFile read(Path file) {
        String where = file.toString();
        List<String> codes = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        boolean sawCases = false;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = Json.createParser(reader)) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT) {
                throw error(where, p.getLocation(), "a scenario file is one JSON object with \"cases\"");
            }
            while (p.next() == JsonParser.Event.KEY_NAME) {
                String key = p.getString();
                JsonLocation at = p.getLocation();
                if (!FILE_FIELDS.contains(key)) {
                    throw error(where, at, "unknown field [" + key + "]; a scenario file has " + sorted(FILE_FIELDS));
                }
                JsonParser.Event value = p.next();
                if (key.equals("cases")) {
                    if (value != JsonParser.Event.START_ARRAY) {
                        throw error(where, at, "\"cases\" must be an array of cases");
                    }
                    sawCases = true;
                    JsonParser.Event e;
                    while ((e = p.next()) != JsonParser.Event.END_ARRAY) {
                        JsonLocation start = p.getLocation();
                        if (e != JsonParser.Event.START_OBJECT) {
                            throw error(where, start, "cases[" + cases.size() + "] must be an object");
                        }
                        cases.add(toCase(file, start, cases.size(), p.getObject()));
                    }
                } else if (key.equals("code")) {
                    codes.add(string(where, at, "\"code\"", p.getValue()));
                } else {
                    if (value != JsonParser.Event.START_ARRAY) {
                        throw error(where, at, "\"codes\" must be an array of codes");
                    }
                    for (JsonValue c : p.getArray()) {
                        codes.add(string(where, at, "each of \"codes\"", c));
                    }
                }
            }
            if (!sawCases) {
                throw error(where, p.getLocation(), "no \"cases\" array");
            }
        } catch (JsonParsingException e) {
            // Parsson's message repeats the position; the location is what the reader needs first.
            throw error(where, e.getLocation(), "not valid JSON: " + e.getMessage());
        } catch (JsonException | java.util.NoSuchElementException e) {
            throw new ScenarioFileException(where, 0, 0, "not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            throw new KbException("Cannot read scenario file [" + where + "]: " + e.getMessage(), e);
        }
        return new ScenarioFile(file, codes, cases);
    }

    private static Case toCase(Path file, JsonLocation at, int index, JsonObject c) {
        String where = file.toString();
        String label = "cases[" + index + "]";
        unknownFields(where, at, label, c, CASE_FIELDS);
        String name = string(where, at, label + ".name", required(where, at, label, c, "name"));
        label = "case \"" + name + "\"";
        String input = string(where, at, label + ": \"input\"", required(where, at, label, c, "input"));
        JsonArray expect = array(where, at, label + ": \"expect\"", required(where, at, label, c, "expect"));
        for (int i = 0; i < expect.size(); i++) {
            checkExpectation(where, at, label + ": expect[" + i + "]", expect.get(i));
        }
        JsonArray absent = c.containsKey("absent") ? array(where, at, label + ": \"absent\"", c.get("absent"))
                : JsonValue.EMPTY_JSON_ARRAY;
        for (int i = 0; i < absent.size(); i++) {
            JsonObject a = object(where, at, label + ": absent[" + i + "]", absent.get(i));
            unknownFields(where, at, label + ": absent[" + i + "]", a, ABSENT_FIELDS);
            for (String k : ABSENT_FIELDS) {
                string(where, at, label + ": absent[" + i + "]." + k, required(where, at, label + ": absent[" + i
                        + "]", a, k));
            }
        }
        boolean toFix = false;
        if (c.containsKey("status")) {
            String status = string(where, at, label + ": \"status\"", c.get("status"));
            if (!status.equals("tofix")) {
                throw error(where, at, label + ": unknown status [" + status + "]; the only status is \"tofix\"");
            }
            toFix = true;
        }
        String issue = c.containsKey("issue") ? string(where, at, label + ": \"issue\"", c.get("issue")) : null;
        Path folder = file.toAbsolutePath().getParent();
        return new Case(file, at.getLineNumber() > 0 ? (int) at.getLineNumber() : 0, name, folder.resolve(input),
                expect, absent, toFix, issue);
    }

    private static void checkExpectation(String where, JsonLocation at, String label, JsonValue value) {
        JsonObject e = object(where, at, label, value);
        unknownFields(where, at, label, e, EXPECT_FIELDS);
        string(where, at, label + ".errorCode", required(where, at, label, e, "errorCode"));
        string(where, at, label + ".cause", required(where, at, label, e, "cause"));
        for (String k : List.of("severity", "scope", "confidence", "explanationContains")) {
            if (e.containsKey(k)) {
                string(where, at, label + "." + k, e.get(k));
            }
        }
        try {
            if (e.containsKey("severity")) {
                Severity.fromId(e.getString("severity"));
            }
            if (e.containsKey("confidence")) {
                Confidence.fromId(e.getString("confidence"));
            }
        } catch (IllegalArgumentException x) {
            throw error(where, at, label + ": " + x.getMessage());
        }
        if (e.containsKey("scope") && !Set.of("device", "hub").contains(e.getString("scope"))) {
            throw error(where, at, label + ".scope: [" + e.getString("scope") + "] is neither device nor hub");
        }
        for (String k : List.of("deviceId", "moduleId", "aliasOf")) {
            if (e.containsKey(k) && e.get(k) != JsonValue.NULL) {
                string(where, at, label + "." + k, e.get(k));
            }
        }
        for (String k : List.of("occurrences", "count")) {
            if (e.containsKey(k)) {
                JsonValue n = e.get(k);
                if (!(n instanceof JsonNumber) || !((JsonNumber) n).isIntegral() || ((JsonNumber) n).longValue() < 1) {
                    throw error(where, at, label + "." + k + " must be a whole number of at least 1");
                }
            }
        }
        if (e.containsKey("rootCause") && e.get("rootCause") != JsonValue.NULL) {
            JsonObject root = object(where, at, label + ".rootCause", e.get("rootCause"));
            unknownFields(where, at, label + ".rootCause", root, ROOT_FIELDS);
            for (String k : ROOT_FIELDS) {
                string(where, at, label + ".rootCause." + k, required(where, at, label + ".rootCause", root, k));
            }
        }
    }

    private static JsonValue required(String where, JsonLocation at, String label, JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null) {
            throw error(where, at, label + " has no \"" + key + "\"");
        }
        return v;
    }

    private static void unknownFields(String where, JsonLocation at, String label, JsonObject o, Set<String> known) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw error(where, at, label + ": unknown field [" + k + "]; use " + sorted(known));
            }
        }
    }

    private static String string(String where, JsonLocation at, String label, JsonValue v) {
        if (!(v instanceof JsonString)) {
            throw error(where, at, label + " must be a string, not " + v);
        }
        return ((JsonString) v).getString();
    }

    private static JsonArray array(String where, JsonLocation at, String label, JsonValue v) {
        if (!(v instanceof JsonArray)) {
            throw error(where, at, label + " must be an array, not " + v);
        }
        return (JsonArray) v;
    }

    private static JsonObject object(String where, JsonLocation at, String label, JsonValue v) {
        if (!(v instanceof JsonObject)) {
            throw error(where, at, label + " must be an object, not " + v);
        }
        return (JsonObject) v;
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new java.util.TreeSet<>(names));
    }

    private static ScenarioFileException error(String where, JsonLocation at, String text) {
        int line = at == null || at.getLineNumber() < 0 ? 0 : (int) at.getLineNumber();
        int column = at == null || at.getColumnNumber() < 0 ? 0 : (int) at.getColumnNumber();
        return new ScenarioFileException(where, line, column, text);
    }
}
