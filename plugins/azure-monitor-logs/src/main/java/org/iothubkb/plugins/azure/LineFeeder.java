package org.iothubkb.plugins.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;

/**
 * Streams the input into Jackson's non-blocking parser one line at a time.
 *
 * <p>Feeding line by line is what makes errors recoverable without buffering whole values: every token the
 * parser returns, and every error it raises, lies on the line fed last (JSON strings cannot span lines), so
 * {@link #line()} pins both to a line. After an error {@link #restart(boolean)} starts a fresh parser at a line
 * boundary and skips lines until one starts a JSON object or array; the lines skipped that held more than
 * stray closing brackets are reported by {@link #skippedFirst()} and {@link #skippedLast()}. Only the current line is retained (up to
 * {@value #MAX_RETAINED_LINE} bytes), so memory does not grow with the input, even for one huge
 * {@code {"records":[...]}} blob.
 */
final class LineFeeder implements TokenStream {

    static final int MAX_RETAINED_LINE = 1 << 20;
    private static final int BLOCK_SIZE = 64 * 1024;

    private final InputStream in;
    private final JsonFactory factory;
    private final byte[] block = new byte[BLOCK_SIZE];
    private int blockPos;
    private int blockEnd;
    private boolean bomChecked;
    private boolean inputDone;

    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private boolean endSignalled;

    /** 1-based line of the bytes read last; 0 before any. */
    private int line;
    /** The current line's newline has not been read yet. */
    private boolean lineOpen;
    private byte[] lineBytes = new byte[1024];
    private int lineLen;
    private boolean lineOverflow;

    private byte[] segBuf;
    private int segStart;
    private int segEnd;
    private boolean segEndsLine;

    private boolean replayLine;
    private boolean discardRestOfLine;
    private boolean resyncing;
    private boolean lineFirstSeen;
    private boolean lineMeaningful;
    private int skippedFirst;
    private int skippedLast;

    LineFeeder(InputStream in, JsonFactory factory) throws IOException {
        this.in = in;
        this.factory = factory;
        newParser();
    }

    @Override
    public JsonToken next() throws IOException {
        while (true) {
            JsonToken t = parser.nextToken();
            if (t != JsonToken.NOT_AVAILABLE) {
                return t;
            }
            if (endSignalled) {
                return null; // cannot happen once the end is signalled; guards against spinning
            }
            feedMore();
        }
    }

    @Override
    public JsonParser parser() {
        return parser;
    }

    /** The 1-based line of the last token or error; 0 if nothing has been read. */
    int line() {
        return line;
    }

    /** Whether the whole input has been handed to the parser, so an error now means it was cut short. */
    boolean atEnd() {
        return endSignalled;
    }

    /**
     * Drops the current parser after an error and resumes at a line that starts a JSON object or array.
     *
     * @param retryLine start the search at the current line (its start is not part of the failed value);
     *                  otherwise drop the rest of the current line and start at the next one
     */
    void restart(boolean retryLine) throws IOException {
        parser.close();
        newParser();
        resyncing = true;
        replayLine = retryLine && !lineOverflow && lineLen > 0;
        discardRestOfLine = !replayLine && lineOpen;
    }

    /** First line {@link #restart} skipped since {@link #clearSkipped()}; 0 if none. */
    int skippedFirst() {
        return skippedFirst;
    }

    /** Last line {@link #restart} skipped since {@link #clearSkipped()}; 0 if none. */
    int skippedLast() {
        return skippedLast;
    }

    void clearSkipped() {
        skippedFirst = 0;
        skippedLast = 0;
    }

    /** The start of the current line, for messages; at most {@code max} bytes, decoded leniently. */
    String lineHead(int max) {
        int n = Math.min(lineLen, max);
        while (n > 0 && (lineBytes[n - 1] == '\n' || lineBytes[n - 1] == '\r')) {
            n--;
        }
        return new String(lineBytes, 0, n, StandardCharsets.UTF_8);
    }

    /** Whether the current line, read to its end, holds only whitespace and closing brackets or commas. */
    boolean lineHoldsOnlyClosers() {
        if (lineOpen || lineOverflow) {
            return false;
        }
        for (int i = 0; i < lineLen; i++) {
            byte b = lineBytes[i];
            if (!isBlank(b) && b != ']' && b != '}' && b != ',') {
                return false;
            }
        }
        return true;
    }

    private void newParser() throws IOException {
        parser = factory.createNonBlockingByteArrayParser();
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        endSignalled = false;
    }

    private void feedMore() throws IOException {
        while (readSegment()) {
            if (discardRestOfLine) {
                discardRestOfLine = !segEndsLine;
                continue;
            }
            int from = segStart;
            if (resyncing) {
                from = findResumePoint();
                if (from < 0) {
                    continue;
                }
                resyncing = false;
            }
            feeder.feedInput(segBuf, from, segEnd);
            return;
        }
        if (resyncing && lineOpen && lineMeaningful) {
            noteSkipped(); // last line had no newline
        }
        feeder.endOfInput();
        endSignalled = true;
    }

    /** Makes the next piece of input the current segment: the rest of a line, or of the block; false at the end. */
    private boolean readSegment() throws IOException {
        if (replayLine) {
            replayLine = false;
            segBuf = lineBytes;
            segStart = 0;
            segEnd = lineLen;
            segEndsLine = !lineOpen;
            lineFirstSeen = false;
            lineMeaningful = false;
            return true;
        }
        if (blockPos == blockEnd && !fill()) {
            return false;
        }
        int end = blockPos;
        while (end < blockEnd && block[end] != '\n') {
            end++;
        }
        segEndsLine = end < blockEnd;
        if (segEndsLine) {
            end++;
        }
        if (!lineOpen) {
            line++;
            lineOpen = true;
            lineLen = 0;
            lineOverflow = false;
            lineFirstSeen = false;
            lineMeaningful = false;
        }
        retain(blockPos, end);
        segBuf = block;
        segStart = blockPos;
        segEnd = end;
        blockPos = end;
        if (segEndsLine) {
            lineOpen = false;
        }
        return true;
    }

    private boolean fill() throws IOException {
        if (!bomChecked) {
            bomChecked = true;
            int n = in.readNBytes(block, 0, 3);
            boolean bom = n == 3 && block[0] == (byte) 0xEF && block[1] == (byte) 0xBB && block[2] == (byte) 0xBF;
            blockPos = bom ? 3 : 0;
            blockEnd = n;
            if (blockPos < blockEnd) {
                return true;
            }
        }
        int n = inputDone ? -1 : in.read(block, 0, block.length);
        inputDone = n < 0;
        blockPos = 0;
        blockEnd = Math.max(n, 0);
        return n > 0;
    }

    private void retain(int from, int to) {
        int n = to - from;
        if (lineOverflow || lineLen + n > MAX_RETAINED_LINE) {
            lineOverflow = true;
            return;
        }
        if (lineLen + n > lineBytes.length) {
            byte[] bigger = new byte[Math.min(MAX_RETAINED_LINE, Math.max(lineBytes.length * 2, lineLen + n))];
            System.arraycopy(lineBytes, 0, bigger, 0, lineLen);
            lineBytes = bigger; // the parser may still hold the old array; it is left untouched
        }
        System.arraycopy(block, from, lineBytes, lineLen, n);
        lineLen += n;
    }

    /** While resyncing: index in the segment where a line's first non-blank byte opens a value, or -1. */
    private int findResumePoint() {
        for (int i = segStart; i < segEnd && !lineMeaningful; i++) {
            byte b = segBuf[i];
            if (isBlank(b)) {
                continue;
            }
            if (!lineFirstSeen) {
                lineFirstSeen = true;
                if (b == '{' || b == '[') {
                    return i;
                }
            }
            lineMeaningful = b != ']' && b != '}' && b != ',';
        }
        if (segEndsLine && lineMeaningful) {
            noteSkipped();
        }
        return -1;
    }

    private void noteSkipped() {
        if (skippedFirst == 0) {
            skippedFirst = line;
        }
        skippedLast = line;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
