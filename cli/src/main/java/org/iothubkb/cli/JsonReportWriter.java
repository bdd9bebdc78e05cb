package org.iothubkb.cli;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Summary;

/**
 * Writes a {@link DiagnosisReport} as JSON ({@code --format json}) or JSON lines ({@code --format jsonl}).
 * The field names and their order are a contract used by scripts: new fields may be added (as {@code aliasOf}
 * and {@code confidence} were in 0.2), but renaming, removing or reordering fields needs a new
 * {@link #SCHEMA_VERSION}.
 */
final class JsonReportWriter {

    /** The version of the JSON shape. */
    static final int SCHEMA_VERSION = 1;

    private JsonReportWriter() {
    }

    /** Writes the whole report as one pretty-printed object, then a newline. */
    static void writeReport(DiagnosisReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.generator(out, true)) {
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
                Json.string(g, "source", r.getSource());
                Json.string(g, "reason", r.getReason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /** Writes one compact object per diagnosis, one per line; nothing else. */
    static void writeLines(DiagnosisReport report, OutputStream out) throws IOException {
        for (Diagnosis d : report.getDiagnoses()) {
            try (JsonGenerator g = Json.generator(out, false)) {
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
    static void writeDiagnosis(JsonGenerator g, Diagnosis d) throws IOException {
        g.writeStartObject();
        Json.string(g, "id", d.getId());
        Json.string(g, "errorCode", d.getErrorCode());
        Json.string(g, "errorName", d.getErrorName());
        Json.string(g, "aliasOf", d.getAliasOf());
        Json.string(g, "cause", d.getCause());
        Json.string(g, "severity", d.getSeverity().id());
        Json.string(g, "confidence", d.getConfidence().id());
        Json.string(g, "scope", d.getScope().id());
        Json.string(g, "hub", d.getHub());
        Json.string(g, "deviceId", d.getDeviceId());
        Json.string(g, "moduleId", d.getModuleId());
        Json.string(g, "title", d.getTitle());
        Json.string(g, "explanation", d.getExplanation());
        Json.strings(g, "fixes", d.getFixes());
        Json.strings(g, "references", d.getReferences());
        Json.time(g, "firstSeen", d.getFirstSeen());
        Json.time(g, "lastSeen", d.getLastSeen());
        g.writeNumberField("occurrences", d.getOccurrences());
        Json.string(g, "rootCauseId", d.getRootCauseId());
        Json.string(g, "rule", d.getRule());
        g.writeArrayFieldStart("evidence");
        for (LogEvent e : d.getEvidence()) {
            g.writeStartObject();
            Json.string(g, "source", e.getSource());
            Json.time(g, "time", e.getTime());
            Json.string(g, "errorCode", e.getErrorCode());
            Json.string(g, "operation", e.getOperation());
            Json.string(g, "deviceId", e.getDeviceId());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
