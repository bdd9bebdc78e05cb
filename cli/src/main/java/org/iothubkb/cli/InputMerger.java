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

    private record Failure(InputException exception) {
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
        return (events, rejects) -> {
            String source = input.sourceName();
            Consumer<LogEvent> counted = events;
            BiConsumer<String, String> countedRejects = rejects;
            if (progress.enabled()) {
                // Made once per input, so that counting a record allocates nothing.
                counted = e -> {
                    progress.record();
                    events.accept(e);
                };
                countedRejects = (where, reason) -> {
                    progress.record();
                    rejects.accept(where, reason);
                };
            }
            ProblemReporter problems = countedRejects::accept;
            try (BufferedInputStream in = Inputs.open(input, stdin, progress)) {
                EventParser parser = Inputs.pick(parsers, Inputs.head(in));
                parser.parse(in, source, counted, problems);
            } catch (IOException e) {
                throw new InputException("cannot read [" + source + "]: " + describe(e), e);
            }
        };
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
                    throw ((Failure) o).exception();
                } else {
                    return o;
                }
            }
        }

        void produce(Feed feed) {
            try {
                feed.run(this::add, (where, reason) -> add(new Rejection(where, reason)));
                add(END);
                flush();
            } catch (InputException e) {
                end(new Failure(e));
            } catch (RuntimeException e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                    end(new Failure(new InputException("cannot read an input: " + e, e)));
                }
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
        String what = e instanceof java.util.zip.ZipException ? "not valid gzip" : e.getClass().getSimpleName();
        return Text.oneLine(m == null || m.isBlank() ? what : what + ": " + m);
    }
}
