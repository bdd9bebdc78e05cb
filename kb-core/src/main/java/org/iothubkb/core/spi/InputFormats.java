package org.iothubkb.core.spi;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * How every interface (CLI, HTTP server, scenario runner) opens an input and picks its parser, so that the same
 * bytes are read the same way everywhere: gzip is recognised by its magic bytes, the format by the parsers'
 * {@link EventParser#sniff} on the first {@value #HEAD_BYTES} bytes.
 *
 * @since 0.2
 */
public final class InputFormats {

    /** How much of an input a parser sees to recognise it. */
    public static final int HEAD_BYTES = 4096;

    private static final int BUFFER = 1 << 16;

    private InputFormats() {
    }

    /** Wraps {@code raw} in a gzip decoder if it starts with {@code 1f 8b}; the result supports mark/reset. */
    public static BufferedInputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new OneReadAtATime(new GZIPInputStream(in, BUFFER)), BUFFER);
        }
        return in;
    }

    /**
     * Keeps a gzip stream that is cut short from losing the data before the cut. A {@link BufferedInputStream}
     * goes on reading while the stream below says more is available, which a gzip stream does until its end; when
     * a later read of the same call throws (the file is truncated), the bytes the earlier reads gave are dropped
     * with the call. Saying nothing is available makes every call one read: what was decompressed is delivered,
     * and the error comes on the next call.
     */
    private static final class OneReadAtATime extends java.io.FilterInputStream {
        OneReadAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int available() {
            return 0;
        }
    }

    /** The first {@value #HEAD_BYTES} bytes of {@code in} as UTF-8 text, leaving {@code in} where it was. */
    public static String head(BufferedInputStream in) throws IOException {
        in.mark(HEAD_BYTES + 1);
        byte[] bytes = in.readNBytes(HEAD_BYTES);
        in.reset();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The first parser that recognises {@code head}; a parser whose {@code sniff} throws recognises nothing.
     * Empty if none does.
     */
    public static Optional<EventParser> detect(List<EventParser> parsers, String head) {
        for (EventParser p : parsers) {
            boolean recognised;
            try {
                recognised = p.sniff(head);
            } catch (RuntimeException e) {
                recognised = false;
            }
            if (recognised) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The parser used when none recognises an input: Azure Monitor resource logs, the hub's own format. */
    public static final String DEFAULT_PARSER = "azure-monitor-logs";

    /**
     * The parser that recognises {@code head}, else the {@link #DEFAULT_PARSER} (or the first one, if it is not
     * there), which then reports the records it rejects.
     */
    public static EventParser pick(List<EventParser> parsers, String head) {
        return detect(parsers, head).orElseGet(() -> parsers.stream().filter(p -> DEFAULT_PARSER.equals(p.id()))
                .findFirst().orElse(parsers.get(0)));
    }
}
