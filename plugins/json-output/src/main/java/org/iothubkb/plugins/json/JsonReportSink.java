package org.iothubkb.plugins.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.spi.DiagnosisSink;

/** {@code --format json}: the whole report as one JSON object; see {@link JsonReports#writeReport}. */
public final class JsonReportSink implements DiagnosisSink {

    @Override
    public String id() {
        return "json";
    }

    @Override
    public String description() {
        return "the whole report as one JSON object (schemaVersion " + JsonReports.SCHEMA_VERSION + ")";
    }

    @Override
    public String mediaType() {
        return "application/json";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        JsonReports.writeReport(report, out);
    }
}
