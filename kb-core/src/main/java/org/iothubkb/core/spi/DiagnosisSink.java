package org.iothubkb.core.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import org.iothubkb.core.api.DiagnosisReport;

/**
 * Renders a finished {@link DiagnosisReport} in one output format ({@code diagnose --format <id>}).
 *
 * <p>Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.iothubkb.core.spi.DiagnosisSink}. A sink keeps no state between calls, so one
 * instance may render several reports at once.
 *
 * @since 0.2
 */
public interface DiagnosisSink extends Plugin {

    /** The media type of what {@link #write} produces, e.g. {@code application/json}. */
    default String mediaType() {
        return "text/plain; charset=utf-8";
    }

    /**
     * Writes the whole report.
     *
     * @param report never {@code null}
     * @param locale the language the user asked for; the diagnoses' own texts are already in it
     * @param out    where to write; flushed, not closed, by the sink
     * @throws IOException if writing fails
     */
    void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException;
}
