package org.iothubkb.plugins.azure;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Reads what operators export from Log Analytics: the rows of the {@code AzureDiagnostics} table as the portal's CSV
 * (a header row, then one row per record; the time column may be headed {@code TimeGenerated [UTC]} and written as
 * {@code 11/2/2026, 8:30:00.123 AM}) or as the JSON array {@code az monitor log-analytics query} prints.
 *
 * <p>The columns carry the resource-log record under other names ({@code TimeGenerated}, {@code OperationName},
 * {@code ResultType}, {@code properties_s}, {@code _ResourceId} …). Each row is turned back into the record Azure
 * wrote and read by the {@link AzureMonitorLogsParser}, so both inputs give the same events and the same
 * rejections. Sources are {@code file:line} of the row's first line; unknown columns are ignored.
 */
public final class LogAnalyticsExportParser implements EventParser {

    /** The parser's id. */
    public static final String ID = "log-analytics";

    /** Made on first use: commands that never read an input (explain, list) should not load Jackson. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    /** Column (lower case, without a {@code [UTC]} suffix) to the resource-log field it holds. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("timegenerated", "time"),
            Map.entry("_resourceid", "resourceId"),
            Map.entry("resourceid", "resourceId"),
            Map.entry("operationname", "operationName"),
            Map.entry("category", "category"),
            Map.entry("level", "level"),
            Map.entry("resulttype", "resultType"),
            Map.entry("resultdescription", "resultDescription"),
            Map.entry("durationms", "durationMs"),
            Map.entry("location", "location"),
            Map.entry("properties_s", "properties"));

    /** The portal writes times in the browser's format; this is its en-US one. */
    private static final DateTimeFormatter PORTAL_TIME =
            DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss[.SSSSSSS][.SSSSSS][.SSS] a", Locale.US);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Log Analytics exports of the AzureDiagnostics table: the portal's CSV, or the JSON of"
                + " az monitor log-analytics query";
    }

    @Override
    public boolean sniff(String head) {
        String h = head.startsWith("\uFEFF") ? head.substring(1) : head;
        String t = h.stripLeading();
        if (t.startsWith("[")) {
            return t.contains("\"TimeGenerated\"") && (t.contains("\"OperationName\"") || t.contains("\"Category\""));
        }
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl);
        return first.contains(",") && first.contains("TimeGenerated")
                && (first.contains("OperationName") || first.contains("Category"));
    }

    @Override
    public void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
            throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        BufferedInputStream in = input instanceof BufferedInputStream ? (BufferedInputStream) input
                : new BufferedInputStream(input);
        in.mark(4096);
        int b;
        do {
            b = in.read();
        } while (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF);
        in.reset();
        Rows rows = b == '[' ? new JsonRows(in, source, problems) : new CsvRows(in, source, problems);
        new AzureMonitorLogsParser().parse(new RecordLines(rows), source, events, problems);
    }

    /** Rows of an export, each as the resource-log fields it holds and the line it starts on. */
    private abstract static class Rows {
        final String source;
        final ProblemReporter problems;

        Rows(String source, ProblemReporter problems) {
            this.source = source;
            this.problems = problems;
        }

        /** The next row's fields, or {@code null} at the end; {@link #line()} is where it started. */
        abstract Map<String, String> next() throws IOException;

        abstract int line();

        /** A row without a value in any AzureDiagnostics column is not a record, and is said so. */
        Map<String, String> nonEmpty(Map<String, String> row) {
            if (row.isEmpty()) {
                problems.reject(source + ":" + line(), "no AzureDiagnostics column (TimeGenerated, Category,"
                        + " OperationName, properties_s …) has a value in this row");
            }
            return row;
        }

        static String field(String column) {
            String c = column.strip().toLowerCase(Locale.ROOT);
            int bracket = c.indexOf(" [");
            return FIELDS.get(bracket > 0 ? c.substring(0, bracket) : c);
        }
    }

    /**
     * The rows as resource-log records in JSON Lines, each on the line its row starts on (blank lines in between),
     * so that the resource-log parser names the export's own lines.
     */
    private static final class RecordLines extends InputStream {
        private final Rows rows;
        private byte[] chunk = new byte[0];
        private int pos;
        private int written = 1;
        private boolean done;

        RecordLines(Rows rows) {
            this.rows = rows;
        }

        private boolean fill() throws IOException {
            while (pos == chunk.length) {
                if (done) {
                    return false;
                }
                Map<String, String> row = rows.next();
                if (row == null) {
                    done = true;
                    return false;
                }
                StringBuilder text = new StringBuilder();
                while (written < rows.line()) {
                    text.append('\n');
                    written++;
                }
                if (!row.isEmpty()) {
                    text.append(record(row));
                }
                text.append('\n');
                written++;
                chunk = text.toString().getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /** The record as Azure wrote it: {@code durationMs} a number when it is one, everything else text. */
        private static String record(Map<String, String> row) throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
                g.writeStartObject();
                for (Map.Entry<String, String> f : row.entrySet()) {
                    if (f.getKey().equals("durationMs") && f.getValue().matches("-?\\d{1,18}")) {
                        g.writeNumberField(f.getKey(), Long.parseLong(f.getValue()));
                    } else {
                        g.writeStringField(f.getKey(), f.getKey().equals("time") ? time(f.getValue()) : f.getValue());
                    }
                }
                g.writeEndObject();
            }
            return w.toString();
        }

        /** ISO-8601 as it is; the portal's en-US display format turned into it (the portal exports UTC). */
        private static String time(String text) {
            if (text.isEmpty() || (Character.isDigit(text.charAt(0)) && text.indexOf('/') < 0)) {
                return text;
            }
            try {
                return LocalDateTime.parse(text, PORTAL_TIME).atOffset(ZoneOffset.UTC).toInstant().toString();
            } catch (DateTimeParseException e) {
                return text; // the resource-log parser rejects it, naming the value
            }
        }
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    private static final class CsvRows extends Rows {
        private final BufferedReader in;
        private List<String> header;
        private int lineNumber = 0;
        private int rowLine;
        private boolean started;

        CsvRows(InputStream input, String source, ProblemReporter problems) {
            super(source, problems);
            this.in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        }

        @Override
        int line() {
            return rowLine;
        }

        @Override
        Map<String, String> next() throws IOException {
            while (true) {
                List<String> cells = readRow();
                if (cells == null) {
                    return null;
                }
                if (header == null) {
                    header = cells;
                    return Map.of(); // the header's line: nothing to read
                }
                if (cells.size() == 1 && cells.get(0).isBlank()) {
                    return Map.of();
                }
                if (cells.size() != header.size()) {
                    problems.reject(source + ":" + rowLine, "row has " + cells.size() + " columns, the header "
                            + header.size() + ": is a field's quote missing?");
                    return Map.of();
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    String field = field(header.get(i));
                    if (field != null && !cells.get(i).isEmpty()) {
                        row.putIfAbsent(field, cells.get(i));
                    }
                }
                return nonEmpty(row);
            }
        }

        /** One record's fields, or {@code null} at the end. */
        private List<String> readRow() throws IOException {
            String line = in.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (!started) {
                started = true;
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            rowLine = lineNumber;
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            while (true) {
                if (i == line.length()) {
                    if (!quoted) {
                        break;
                    }
                    String more = in.readLine();
                    if (more == null) {
                        problems.reject(source + ":" + rowLine, "a quoted field is not closed before the end of"
                                + " the input");
                        return List.of("");
                    }
                    lineNumber++;
                    cell.append('\n');
                    line = more;
                    i = 0;
                    continue;
                }
                char c = line.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }

    /** The JSON array {@code az monitor log-analytics query} prints: one object of columns per row. */
    private static final class JsonRows extends Rows {
        private final JsonParser p;
        private boolean started;
        private boolean ended;
        private int rowLine = 1;

        JsonRows(InputStream input, String source, ProblemReporter problems) throws IOException {
            super(source, problems);
            this.p = Json.FACTORY.createParser(input);
        }

        @Override
        int line() {
            return rowLine;
        }

        @Override
        Map<String, String> next() throws IOException {
            if (ended) {
                return null;
            }
            try {
                if (!started) {
                    started = true;
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        return fail("not a Log Analytics export: expected a JSON array of rows");
                    }
                }
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY || t == null) {
                    ended = true;
                    return null;
                }
                rowLine = (int) p.currentTokenLocation().getLineNr();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    problems.reject(source + ":" + rowLine, "row is not a JSON object: found " + t);
                    return Map.of();
                }
                Map<String, String> row = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = field(p.currentName());
                    JsonToken v = p.nextToken();
                    String value;
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        StringWriter w = new StringWriter();
                        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
                            g.copyCurrentStructure(p);
                        }
                        value = w.toString();
                    } else {
                        value = v == JsonToken.VALUE_NULL ? "" : p.getText();
                    }
                    if (field != null && !value.isEmpty()) {
                        row.putIfAbsent(field, value);
                    }
                }
                return nonEmpty(row);
            } catch (JsonProcessingException e) {
                return fail("invalid JSON: " + e.getOriginalMessage());
            }
        }

        private Map<String, String> fail(String reason) {
            rowLine = (int) Math.max(1, p.currentLocation().getLineNr());
            problems.reject(source + ":" + rowLine, reason + "; nothing after it is read");
            ended = true;
            return Map.of();
        }
    }
}
