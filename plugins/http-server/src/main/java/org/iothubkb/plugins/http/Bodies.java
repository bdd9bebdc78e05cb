package org.iothubkb.plugins.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.InputFormats;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Reads request bodies within the cap, refuses rules, and parses log bodies the way the CLI parses a file: gzip
 * recognised by its magic bytes, the format by the parsers' sniffing ({@link InputFormats}).
 */
final class Bodies {

    /** The first word of a DRL file, after any comments: none of these starts a JSON input. */
    private static final Pattern DRL_START = Pattern.compile(
            "^(package|rule|import|declare|global|function|query|dialect|unit)\\s", Pattern.DOTALL);

    private Bodies() {
    }

    /**
     * Reads the whole body, refusing it with 413 as soon as it is over {@code cap} bytes: a declared
     * {@code Content-Length} over the cap is refused unread, and a streamed body is read no further than one byte
     * past the cap.
     */
    static byte[] read(HttpExchange ex, long cap) throws IOException, HttpProblem {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("Content-Length is not a number: [" + length + "]");
            }
            if (declared > cap) {
                throw tooLarge(cap);
            }
        }
        byte[] body = ex.getRequestBody().readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
        if (body.length > cap) {
            throw tooLarge(cap);
        }
        ClientDeadlines.requestRead();
        return body;
    }

    private static HttpProblem tooLarge(long cap) {
        return HttpProblem.bodyTooLarge("the body is over the server's limit of [" + cap + "] bytes: split the"
                + " input over several requests (a session takes any number of POST .../events)");
    }

    /** Refuses a body whose Content-Type says it is a rule file or rule archive, before reading it. */
    static void refuseRuleContentType(Headers headers) throws HttpProblem {
        String type = headers.getFirst("Content-Type");
        if (type == null) {
            return;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("drl") || t.contains("drools") || t.contains("java-archive")) {
            throw HttpProblem.rulesNotAccepted("the Content-Type [" + type + "] is a rule file or archive");
        }
    }

    /**
     * Whether {@code head} (the decompressed start of a body) is a DRL rule file or a jar: DRL begins, after
     * blank lines and comments, with a keyword such as {@code package} or {@code rule}; a jar with {@code PK}.
     */
    static boolean looksLikeRules(String head) {
        if (head.startsWith("PK\u0003\u0004")) {
            return true;
        }
        String s = head.startsWith("\uFEFF") ? head.substring(1) : head;
        while (true) {
            s = s.stripLeading();
            if (s.startsWith("//") || s.startsWith("#")) {
                int eol = s.indexOf('\n');
                if (eol < 0) {
                    return false;
                }
                s = s.substring(eol + 1);
            } else if (s.startsWith("/*")) {
                int end = s.indexOf("*/");
                if (end < 0) {
                    return false;
                }
                s = s.substring(end + 2);
            } else {
                return DRL_START.matcher(s).lookingAt();
            }
        }
    }

    /**
     * Parses a body with the parser that recognises it, as the CLI would a file named {@code source}: events go
     * to {@code events}, rejected records to {@code problems}.
     *
     * @param maxDecompressed the most bytes a gzip body may grow to
     * @throws HttpProblem 415 for rules, 413 if the decompressed body is over {@code maxDecompressed}, 400 if the
     *                     body cannot be read at all (broken gzip)
     */
    static void parse(byte[] body, String source, List<EventParser> parsers, long maxDecompressed,
                      Consumer<LogEvent> events, ProblemReporter problems) throws HttpProblem {
        Capped capped = null;
        try {
            BufferedInputStream raw = InputFormats.decompressed(new ByteArrayInputStream(body));
            capped = new Capped(raw, maxDecompressed);
            BufferedInputStream in = new BufferedInputStream(capped, 1 << 16);
            String head = InputFormats.head(in);
            if (looksLikeRules(head)) {
                throw HttpProblem.rulesNotAccepted("the body is a rule file (DRL) or a rule archive");
            }
            InputFormats.pick(parsers, head).parse(in, source, events, problems);
        } catch (IOException | RuntimeException e) {
            if (capped != null && capped.exceeded) {
                throw HttpProblem.bodyTooLarge("the body decompresses to more than [" + maxDecompressed
                        + "] bytes, the server's limit: split the input over several requests");
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw HttpProblem.unreadableBody("the body cannot be read: " + describe((IOException) e));
        }
        if (capped.exceeded) {
            throw HttpProblem.bodyTooLarge("the body decompresses to more than [" + maxDecompressed
                    + "] bytes, the server's limit: split the input over several requests");
        }
    }

    private static String describe(IOException e) {
        String what = e instanceof ZipException || e instanceof java.io.EOFException ? "not valid gzip"
                : e.getClass().getSimpleName();
        String m = e.getMessage();
        return m == null || m.isBlank() ? what : what + " (" + m.replaceAll("\\s+", " ") + ")";
    }

    /** Stops a decompressed stream at a limit, remembering that it did: a parser may wrap the exception. */
    private static final class Capped extends FilterInputStream {
        private long left;
        private boolean exceeded;

        Capped(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left <= 0) {
                // One byte past the limit tells "exactly at the limit" from "over it".
                if (super.read() < 0) {
                    return -1;
                }
                exceeded = true;
                throw new IOException("decompressed body over the limit");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int len = (int) Math.min(n, 8192);
            return Math.max(read(new byte[len], 0, len), 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
