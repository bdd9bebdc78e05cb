package org.iothubkb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.spi.DiagnosisSink;

/** {@code --format text}: the report for people, root causes with their side effects nested; the default. */
public final class TextSink implements DiagnosisSink {

    /** The id of the default output format. */
    public static final String ID = "text";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the report for people: root causes, their fixes and side effects, then the counts";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        out.write(TextReportWriter.render(report, Messages.forLocale(locale)).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
