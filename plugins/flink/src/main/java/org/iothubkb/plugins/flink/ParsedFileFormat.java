package org.iothubkb.plugins.flink;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Either;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.InputFormats;

/**
 * Reads whole files for Flink's {@code FileSource} as {@code iothub-kb diagnose} reads its inputs: each file is
 * decompressed if its first bytes say gzip, its format is recognised from its first 4 KiB by the parsers found on
 * the class path ({@link InputFormats#pick} over {@link PluginRegistry#parsers()}: event facts, Event Grid,
 * resource logs, Log Analytics exports, or a plugin's), and that parser reads all of it. Each record becomes
 * {@link Either#Right} with its event, or {@link Either#Left} with the CLI's {@code {"source","reason"}} rejection,
 * sources named {@code file:line} by the parser as in the CLI.
 *
 * <p>As with the CLI's {@code --input-format}, a parser may be named instead: it then reads every file.
 *
 * <p>A file that breaks off once records have been read (a truncated gzip file, a read error, a parser that
 * throws) keeps what was read and ends with one rejection naming the file and the last record read, worded as the
 * CLI words it. A file that cannot be opened or whose first bytes cannot be read fails the job, as it fails the CLI's
 * run.
 *
 * <p>Parsers push their records, and some only at the end (the Event Grid parser orders a whole input by time before
 * passing it on), so each file is parsed on a thread of its own into a small bounded queue that {@code readBatch}
 * takes from: memory is bounded by the queue, plus whatever the parser itself holds.
 *
 * <p>Files are not split. A checkpoint records how many records (events and rejections) were emitted; a restore
 * parses the file again from its start and skips that many. This relies on a parser giving the same records in the
 * same order for the same bytes, which every built-in parser does (none depends on the clock or on hash order).
 */
public final class ParsedFileFormat implements BulkFormat<Either<String, LogEvent>, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** The parser thread's name, followed by the file. */
    static final String THREAD_NAME = "iothub-kb-parse ";

    /** Records handed to Flink per batch. */
    private static final int BATCH = 256;

    /** Batches a parser may be ahead of Flink. */
    private static final int QUEUED_BATCHES = 8;

    /** How long {@code close} waits for a parser to notice it should stop. */
    private static final long STOP_WAIT_SECONDS = 10;

    /** The id of the parser that reads every file, or {@code null} to recognise each file's format. */
    private final String inputFormat;

    /** Recognises each file's format, as the CLI does when no {@code --input-format} is given. */
    public ParsedFileFormat() {
        this(null);
    }

    /**
     * Reads every file with one parser, as the CLI's {@code --input-format}.
     *
     * @param inputFormat a parser's id ({@link #inputFormats()}), or {@code null} to recognise each file's format
     * @throws IllegalArgumentException if no parser on the class path has that id
     */
    public ParsedFileFormat(String inputFormat) {
        if (inputFormat != null && !inputFormats().contains(inputFormat)) {
            throw new IllegalArgumentException("unknown input format [" + inputFormat + "]: use "
                    + String.join(", ", inputFormats()));
        }
        this.inputFormat = inputFormat;
    }

    /** The ids of the parsers on the class path, in the order they are asked to recognise a file. */
    public static List<String> inputFormats() {
        return parsers().stream().map(EventParser::id).toList();
    }

    /** The parsers on the class path, found as the CLI finds them: a job jar's merged META-INF/services. */
    private static List<EventParser> parsers() {
        return PluginRegistry.discover(List.of()).parsers();
    }

    @Override
    public Reader<Either<String, LogEvent>> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new WholeFileReader(split.path(), 0, inputFormat);
    }

    @Override
    public Reader<Either<String, LogEvent>> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long done = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new WholeFileReader(split.path(), done, inputFormat);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Either<String, LogEvent>> getProducedType() {
        return type();
    }

    /** The type of what this format produces: a rejection's JSON, or an event. */
    static TypeInformation<Either<String, LogEvent>> type() {
        return new EitherTypeInfo<>(Types.STRING, LogEventTypeInfo.INSTANCE);
    }

    /** The CLI's words for an input that cannot be read on (cli's InputMerger). */
    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof EOFException && m != null && m.contains("ZLIB")) {
            return "the gzip data ends early (is the file truncated?)";
        }
        String what = e instanceof ZipException ? "not valid gzip" : e.getClass().getSimpleName();
        return oneLine(m == null || m.isBlank() ? what : what + ": " + m);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** The end of a file's records in the queue. */
    private static final Object END = new Object();

    /** An error the parser thread cannot turn into a rejection (out of memory and the like). */
    private record Failure(Error error) {
    }

    /** Thrown inside the parser thread when the reader was closed: unwinds the parser. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private static final class WholeFileReader implements Reader<Either<String, LogEvent>> {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        private final String source;
        private final long skip;
        private final Thread thread;
        private volatile boolean closed;
        /** Records produced by the parser, the skipped ones included; parser thread only. */
        private long produced;
        /** Where the last record came from, for a break-off; parser thread only. */
        private String last;
        private Either<String, LogEvent>[] filling;
        private int filled;
        /** Records handed to Flink, the skipped ones included; Flink's thread only. */
        private long emitted;
        private boolean ended;

        WholeFileReader(Path path, long skip, String inputFormat) throws IOException {
            this.source = NumberedLineFormat.sourceName(path);
            this.skip = skip;
            this.emitted = skip;
            FSDataInputStream raw;
            BufferedInputStream in;
            String head;
            try {
                raw = path.getFileSystem().open(path);
            } catch (IOException e) {
                throw new IOException("cannot read [" + source + "]: " + describe(e), e);
            }
            try {
                in = InputFormats.decompressed(raw);
                head = InputFormats.head(in);
            } catch (IOException e) {
                raw.close();
                throw new IOException("cannot read [" + source + "]: " + describe(e), e);
            }
            // Found per file, as the CLI finds them per run; a named parser is the only one asked, as in the CLI.
            List<EventParser> parsers = parsers().stream()
                    .filter(p -> inputFormat == null || p.id().equals(inputFormat)).toList();
            if (parsers.isEmpty()) {
                raw.close();
                throw new IOException("cannot read [" + source + "]: no input parser [" + inputFormat
                        + "] on the class path");
            }
            EventParser parser = InputFormats.pick(parsers, head);
            newBatch();
            thread = new Thread(() -> produce(parser, in), THREAD_NAME + source);
            thread.setDaemon(true);
            thread.start();
        }

        private void produce(EventParser parser, BufferedInputStream in) {
            try (in) {
                try {
                    parser.parse(in, source, e -> {
                        last = e.getSource();
                        add(Either.Right(e));
                    }, (where, reason) -> {
                        last = where;
                        add(Either.Left(ParseLines.rejection(where, reason)));
                    });
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    brokenOff(describe(e));
                } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                    // A parser's own defect: this file pays for it, as one input does in the CLI.
                    if (closed) {
                        return;
                    }
                    brokenOff("the [" + parser.id() + "] parser (" + parser.getClass().getName() + ") failed: "
                            + oneLine(String.valueOf(e)));
                }
                flush();
                put(END);
            } catch (Stopped | IOException e) {
                // closed by Flink, or closing the file failed after it was read: nothing more to hand over
            } catch (Error e) {
                if (!closed) {
                    try {
                        put(new Failure(e));
                    } catch (Stopped stopped) {
                        // closed meanwhile
                    }
                }
            }
        }

        private void brokenOff(String why) {
            add(Either.Left(ParseLines.rejection(source, "the input breaks off: " + why + "; "
                    + (last == null ? "no record could be read from it"
                    : "records up to " + last + " were read, none after it"))));
        }

        private void add(Either<String, LogEvent> record) {
            if (closed) {
                throw new Stopped();
            }
            // After a restore, the records handed over before the checkpoint are parsed again and dropped here.
            if (produced++ < skip) {
                return;
            }
            filling[filled++] = record;
            if (filled == BATCH) {
                flush();
            }
        }

        private void flush() {
            if (filled > 0) {
                put(filled == BATCH ? filling : java.util.Arrays.copyOf(filling, filled));
                newBatch();
            }
        }

        @SuppressWarnings("unchecked")
        private void newBatch() {
            filling = new Either[BATCH];
            filled = 0;
        }

        private void put(Object o) {
            try {
                queue.put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public RecordIterator<Either<String, LogEvent>> readBatch() throws IOException {
            if (ended) {
                return null;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading [" + source + "]");
            }
            if (next == END) {
                ended = true;
                return null;
            }
            if (next instanceof Failure f) {
                ended = true;
                throw f.error();
            }
            Either<String, LogEvent>[] batch = (Either<String, LogEvent>[]) next;
            ArrayResultIterator<Either<String, LogEvent>> it = new ArrayResultIterator<>();
            // No byte offset (parsers read ahead); the position is the count of records emitted before the batch.
            it.set(batch, batch.length, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += batch.length;
            return it;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            thread.interrupt();
            try {
                // The parser closes the file as it unwinds; waiting keeps a cancelled job from leaving it open.
                thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
