package org.iothubkb.plugins.json;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Summary;

/**
 * Writes a {@link DiagnosisReport} as JSON ({@code --format json}, {@code POST /v1/diagnose}) or JSON Lines
 * ({@code --format jsonl}).
 * The field names and their order are a contract used by scripts: new fields may be added (as {@code aliasOf}
 * and {@code confidence} were in 0.2), but renaming, removing or reordering fields needs a new
 * {@link #SCHEMA_VERSION}.
 */
public final class JsonReports {

    /** The version of the JSON shape. */
    public static final int SCHEMA_VERSION = 1;

    private JsonReports() {
    }

    /** Writes the whole report as one pretty-printed object, then a newline. */
    public static void writeReport(DiagnosisReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = JsonOutput.generator(out, true)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            writeSummary(g, report.getSummary());
            g.writeArrayFieldStart("diagnoses");
            for (Diagnosis d : report.getDiagnoses()) {
                writeDiagnosis(g, d);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rejected");
            for (Rejection r : report.getRejected()) {
                g.writeStartObject();
                JsonOutput.string(g, "source", r.getSource());
                JsonOutput.string(g, "reason", r.getReason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** Writes one compact object per diagnosis, one per line; nothing else. */
    public static void writeLines(DiagnosisReport report, OutputStream out) throws IOException {
        for (Diagnosis d : report.getDiagnoses()) {
            try (JsonGenerator g = JsonOutput.generator(out, false)) {
                writeDiagnosis(g, d);
            }
            out.write('\n');
        }
        out.flush();
    }

    private static void writeSummary(JsonGenerator g, Summary s) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("recordsRead", s.getRecordsRead());
        g.writeNumberField("eventsAccepted", s.getEventsAccepted());
        g.writeNumberField("recordsRejected", s.getRecordsRejected());
        g.writeNumberField("lateEvents", s.getLateEvents());
        g.writeNumberField("devices", s.getDevices());
        g.writeNumberField("diagnoses", s.getDiagnoses());
        g.writeEndObject();
    }

    /** Writes one diagnosis object. */
    public static void writeDiagnosis(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeStartObject();
        JsonOutput.string(g, "id", d.getId());
        JsonOutput.string(g, "errorCode", d.getErrorCode());
        JsonOutput.string(g, "errorName", d.getErrorName());
        JsonOutput.string(g, "aliasOf", d.getAliasOf());
        JsonOutput.string(g, "cause", d.getCause());
        JsonOutput.string(g, "severity", d.getSeverity().id());
        JsonOutput.string(g, "confidence", d.getConfidence().id());
        JsonOutput.string(g, "scope", d.getScope().id());
        JsonOutput.string(g, "hub", d.getHub());
        JsonOutput.string(g, "deviceId", d.getDeviceId());
        JsonOutput.string(g, "moduleId", d.getModuleId());
        JsonOutput.string(g, "title", d.getTitle());
        JsonOutput.string(g, "explanation", d.getExplanation());
        JsonOutput.strings(g, "fixes", d.getFixes());
        JsonOutput.strings(g, "references", d.getReferences());
        JsonOutput.time(g, "firstSeen", d.getFirstSeen());
        JsonOutput.time(g, "lastSeen", d.getLastSeen());
        g.writeNumberField("occurrences", d.getOccurrences());
        JsonOutput.string(g, "rootCauseId", d.getRootCauseId());
        JsonOutput.string(g, "rule", d.getRule());
        g.writeArrayFieldStart("evidence");
        for (LogEvent e : d.getEvidence()) {
            g.writeStartObject();
            JsonOutput.string(g, "source", e.getSource());
            JsonOutput.time(g, "time", e.getTime());
            JsonOutput.string(g, "errorCode", e.getErrorCode());
            JsonOutput.string(g, "operation", e.getOperation());
            JsonOutput.string(g, "deviceId", e.getDeviceId());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
