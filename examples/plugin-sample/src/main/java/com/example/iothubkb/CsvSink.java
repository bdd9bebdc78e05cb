package com.example.iothubkb;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.spi.DiagnosisSink;

/**
 * {@code --format csv}: one row per diagnosis, for spreadsheets and ticket imports. Fields are quoted as RFC 4180
 * says: a field with a comma, quote or line break is wrapped in quotes and its quotes doubled.
 */
public final class CsvSink implements DiagnosisSink {

    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("id", "errorCode", "cause", "severity", "confidence",
            "scope", "hub", "deviceId", "moduleId", "firstSeen", "lastSeen", "occurrences", "rootCauseId", "title");

    @Override
    public String id() {
        return "csv";
    }

    @Override
    public String description() {
        return "one CSV row per diagnosis (RFC 4180)";
    }

    @Override
    public String mediaType() {
        return "text/csv; charset=utf-8";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        row(w, COLUMNS);
        for (Diagnosis d : report.getDiagnoses()) {
            row(w, List.of(d.getId(), d.getErrorCode(), d.getCause(), d.getSeverity().id(), d.getConfidence().id(),
                    d.getScope().id(), text(d.getHub()), text(d.getDeviceId()), text(d.getModuleId()),
                    d.getFirstSeen().toString(), d.getLastSeen().toString(), Long.toString(d.getOccurrences()),
                    text(d.getRootCauseId()), d.getTitle()));
        }
        w.flush();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static void row(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(quote(fields.get(i)));
        }
        w.write("\r\n");
    }

    /** A field as RFC 4180 wants it. */
    static String quote(String field) {
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
