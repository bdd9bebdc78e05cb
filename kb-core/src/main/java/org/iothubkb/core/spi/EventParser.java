package org.iothubkb.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

import org.iothubkb.core.api.LogEvent;

/**
 * Turns one input format into normalised {@link LogEvent}s.
 *
 * <p>Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.iothubkb.core.spi.EventParser}. Implementations need a public no-argument
 * constructor and keep no state between calls, so one instance may parse several inputs at once.
 *
 * @since 0.1
 */
public interface EventParser extends Plugin {

    /** Unique, stable, kebab-case id used on the command line, e.g. {@code "azure-monitor-logs"}. */
    @Override
    String id();

    /**
     * Whether this parser recognises the input from its first bytes (decompressed); used when no format is
     * named. The default recognises nothing.
     *
     * @param head up to the first 4 KiB of the input, as UTF-8 text; never {@code null}
     */
    default boolean sniff(String head) {
        return false;
    }

    /**
     * Reads every record from {@code input}. Each record becomes one event passed to {@code events}, or one
     * rejection passed to {@code problems}; parsing goes on after a bad record.
     *
     * @param input    the raw, already decompressed input; never {@code null}; not closed by the parser
     * @param source   the name used in {@code file:line} sources, e.g. a file name; never {@code null}
     * @param events   receives the events, in input order unless the format defines an order of its own (Event
     *                 Grid's per-device sequence numbers); never {@code null}
     * @param problems receives the rejected records; never {@code null}
     * @throws IOException only if the input cannot be read at all
     */
    void parse(InputStream input, String source, Consumer<LogEvent> events, ProblemReporter problems)
            throws IOException;
}
