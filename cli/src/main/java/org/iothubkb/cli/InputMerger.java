package org.iothubkb.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.ProblemReporter;

/**
 * Feeds several inputs into one session as one stream in time order.
 *
 * <p>Each input is a time-ordered stream give or take Azure's disorder, but inputs overlap in time: one blob per
 * category for the same hour, or one export per hub. Fed one after another, the second would arrive entirely
 * "late" and the rules would miss what links records across files. So every input is parsed on its own thread into
 * a small queue, and the queues' heads are merged by timestamp (a k-way merge; a single input also gets its
 * own thread, so that parsing runs beside the rules); the session's reorder buffer then
 * handles the disorder inside each input. Memory is bounded by the queues, not by the inputs' size.
 */
final class InputMerger {

    /** Events buffered per input; small, since there may be hundreds of inputs. */
    static final int QUEUE_CAPACITY = 1024;

    /** Events handed from a parser thread to the merge at a time. */
    static final int CHUNK = 128;

    private static final Object END = new Object();

    /** How an input's thread ended if not normally: an unreadable input, or an error for the merge's thread. */
    private record Failure(InputException exception, Error error) {
        Failure(InputException exception) {
            this(exception, null);
        }
    }

    private InputMerger() {
    }

    /** Something that parses one input, pushing events and rejections. */
    @FunctionalInterface
    interface Feed {
        void run(java.util.function.Consumer<LogEvent> events, java.util.function.BiConsumer<String, String> rejects)
                throws InputException;
    }

    /** Opens and parses one input with the parser that recognises it, counting on {@code progress}. */
    static Feed feed(Inputs.Input input, List<EventParser> parsers, InputStream stdin, Progress progress) {
        return feed(input, parsers, stdin, progress, notice -> { });
    }

    /**
     * Opens and parses one input with the parser that recognises it, counting on {@code progress}.
     *
     * <p>An input that cannot be opened or recognised fails the run ({@link InputException}: nothing has been
     * diagnosed yet that could be trusted to be complete). One that breaks off once records have been read (a
     * truncated gzip file, a read error, a parser that throws) keeps what was read: the break becomes one rejection
     * naming the input and the last record read from it, {@code notices} gets a one-line warning, and the other
     * inputs go on. Nothing is dropped without a count.
     */
    static Feed feed(Inputs.Input input, List<EventParser> parsers, InputStream stdin, Progress progress,
            Consumer<String> notices) {
        return (events, rejects) -> {
            String source = input.sourceName();
            LastRecord last = new LastRecord();
            Consumer<LogEvent> counted = e -> {
                last.event = e;
                events.accept(e);
            };
            BiConsumer<String, String> countedRejects = (where, reason) -> {
                last.event = null;
                last.rejected = where;
                rejects.accept(where, reason);
            };
            if (progress.enabled()) {
                Consumer<LogEvent> inner = counted;
                BiConsumer<String, String> innerRejects = countedRejects;
                // Made once per input, so that counting a record allocates nothing.
                counted = e -> {
                    progress.record();
                    inner.accept(e);
                };
                countedRejects = (where, reason) -> {
                    progress.record();
                    innerRejects.accept(where, reason);
                };
            }
            ProblemReporter problems = countedRejects::accept;
            try (BufferedInputStream in = Inputs.open(input, stdin, progress)) {
                String head;
                try {
                    head = Inputs.head(in);
                } catch (IOException e) {
                    throw new InputException("cannot read [" + source + "]: " + describe(e), e);
                }
                EventParser parser = Inputs.pick(parsers, head);
                if (head.isEmpty()) {
                    // Not an error (an hour without traffic), but worth a word: a wrong path often looks like this.
                    notices.accept("[" + source + "]: empty, no records in it");
                }
                try {
                    parser.parse(in, source, counted, problems);
                } catch (IOException e) {
                    if (stopped(e)) {
                        throw new IllegalStateException("input reading stopped", e);
                    }
                    brokenOff(source, last, describe(e), countedRejects, notices);
                } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
                    // A parser's own defect, or its plugin jar missing a class: only this input pays for it.
                    if (stopped(e)) {
                        throw e;
                    }
                    brokenOff(source, last, "the [" + parser.id() + "] parser (" + parser.getClass().getName()
                            + ") failed: " + Text.oneLine(String.valueOf(e)), countedRejects, notices);
                }
            } catch (IOException e) {
                throw new InputException("cannot read [" + source + "]: " + describe(e), e);
            }
        };
    }

    /** What an input produced last (an event or a rejection), to say where it broke off. */
    private static final class LastRecord {
        LogEvent event;
        String rejected;

        String where() {
            return event != null ? event.getSource() : rejected;
        }
    }

    private static void brokenOff(String source, LastRecord last, String why, BiConsumer<String, String> rejects,
            Consumer<String> notices) {
        String where = last.where();
        String reason = "the input breaks off: " + why + "; " + (where == null ? "no record could be read from it"
                : "records up to " + where + " were read, none after it");
        rejects.accept(source, reason);
        notices.accept("[" + source + "]: " + reason);
    }

    /** Whether {@code e} is this thread being unwound because the merge stopped, not a failure of the input. */
    private static boolean stopped(Throwable e) {
        return e.getCause() instanceof InterruptedException || e instanceof java.io.InterruptedIOException
                || e instanceof java.nio.channels.ClosedByInterruptException
                || Thread.currentThread().isInterrupted();
    }

    /**
     * Runs every feed and submits what they produce to {@code session}, events in timestamp order across feeds.
     *
     * @throws InputException the first input failure; the other feeds are stopped
     */
    static void merge(List<Feed> feeds, DiagnosisSession session) throws InputException {
        // Even one input is parsed on a thread of its own: parsing and rule evaluation then share the cores.
        List<Source> sources = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < feeds.size(); i++) {
            Source source = new Source();
            Feed feed = feeds.get(i);
            Thread t = new Thread(() -> source.produce(feed), "iothub-kb-input-" + i);
            t.setDaemon(true);
            sources.add(source);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            if (sources.size() == 1) {
                Source only = sources.get(0);
                for (Object e = only.next(session); e != END; e = only.next(session)) {
                    session.submit((LogEvent) e);
                }
                return;
            }
            Object[] heads = new Object[sources.size()];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = sources.get(i).next(session);
            }
            while (true) {
                int min = -1;
                for (int i = 0; i < heads.length; i++) {
                    if (heads[i] != END && (min < 0 || time(heads[i]) < time(heads[min]))) {
                        min = i;
                    }
                }
                if (min < 0) {
                    return;
                }
                session.submit((LogEvent) heads[min]);
                heads[min] = sources.get(min).next(session);
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }
    }

    private static long time(Object head) {
        return ((LogEvent) head).getTimestampMillis();
    }

    /**
     * One input's parser thread and what it has produced so far, handed over in chunks: a queue operation per
     * record would cost more than parsing it.
     */
    private static final class Source {
        private final BlockingQueue<Object[]> chunks = new ArrayBlockingQueue<>(QUEUE_CAPACITY / CHUNK);
        private Object[] filling = new Object[CHUNK];
        private int filled;
        private Object[] reading = new Object[0];
        private int read;

        /** The next event, or END; rejections met on the way go straight to the session. */
        Object next(DiagnosisSession session) throws InputException {
            while (true) {
                if (read == reading.length) {
                    try {
                        reading = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading the inputs", e);
                    }
                    read = 0;
                    continue;
                }
                Object o = reading[read++];
                if (o instanceof Rejection) {
                    session.reject((Rejection) o);
                } else if (o instanceof Failure) {
                    Failure f = (Failure) o;
                    if (f.error() != null) {
                        throw f.error();
                    }
                    throw f.exception();
                } else {
                    return o;
                }
            }
        }

        void produce(Feed feed) {
            // Whatever happens, the merge hears of it: a thread that died silently would leave it waiting forever.
            try {
                feed.run(this::add, (where, reason) -> add(new Rejection(where, reason)));
                add(END);
                flush();
            } catch (InputException e) {
                end(new Failure(e));
            } catch (RuntimeException e) {
                if (!stopped(e)) {
                    end(new Failure(new InputException("cannot read an input: " + e, e)));
                }
            } catch (Error e) {
                // Out of memory and the like: the run cannot go on, and says so on the main thread.
                end(new Failure(null, e));
            }
        }

        private void end(Failure failure) {
            try {
                add(failure);
                flush();
            } catch (RuntimeException stopped) {
                // the merge has stopped already
            }
        }

        private void add(Object o) {
            filling[filled++] = o;
            if (filled == CHUNK) {
                flush();
            }
        }

        private void flush() {
            Object[] chunk = filled == CHUNK ? filling : java.util.Arrays.copyOf(filling, filled);
            filling = new Object[CHUNK];
            filled = 0;
            try {
                chunks.put(chunk);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // The merge has stopped (another input failed): unwind this parser.
                throw new IllegalStateException("input reading stopped", e);
            }
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException && m != null && m.contains("ZLIB")) {
            return "the gzip data ends early (is the file truncated?)";
        }
        String what = e instanceof java.util.zip.ZipException ? "not valid gzip" : e.getClass().getSimpleName();
        return Text.oneLine(m == null || m.isBlank() ? what : what + ": " + m);
    }
}
