package org.iothubkb.plugins.json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.spi.DiagnosisSink;

/** {@code --format jsonl}: one diagnosis object per line and nothing else; see {@link JsonReports#writeLines}. */
public final class JsonLinesSink implements DiagnosisSink {

    @Override
    public String id() {
        return "jsonl";
    }

    @Override
    public String description() {
        return "one JSON diagnosis object per line";
    }

    @Override
    public String mediaType() {
        return "application/x-ndjson";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        JsonReports.writeLines(report, out);
    }
}
