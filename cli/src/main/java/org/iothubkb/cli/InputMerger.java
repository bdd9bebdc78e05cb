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
 * a small queue, and the queues' heads are merged by timestamp (a k-way merge); the session's reorder buffer then
 * handles the disorder inside each input. Memory is bounded by the queues, not by the inputs' size.
 */
final class InputMerger {

    /** Events buffered per input; small, since there may be hundreds of inputs. */
    static final int QUEUE_CAPACITY = 512;

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
        if (feeds.size() == 1) {
            feeds.get(0).run(session::submit, (where, reason) -> session.reject(new Rejection(where, reason)));
            return;
        }
        List<BlockingQueue<Object>> queues = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < feeds.size(); i++) {
            BlockingQueue<Object> q = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            Feed feed = feeds.get(i);
            Thread t = new Thread(() -> produce(feed, q), "iothub-kb-input-" + i);
            t.setDaemon(true);
            queues.add(q);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            Object[] heads = new Object[queues.size()];
            for (int i = 0; i < heads.length; i++) {
                heads[i] = next(queues.get(i), session);
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
                heads[min] = next(queues.get(min), session);
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }
    }

    private static long time(Object head) {
        return ((LogEvent) head).getTimestampMillis();
    }

    /** The next event of a queue, or END; rejections met on the way go straight to the session. */
    private static Object next(BlockingQueue<Object> q, DiagnosisSession session) throws InputException {
        while (true) {
            Object o;
            try {
                o = q.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the inputs", e);
            }
            if (o instanceof Rejection) {
                session.reject((Rejection) o);
            } else if (o instanceof Failure) {
                throw ((Failure) o).exception();
            } else {
                return o;
            }
        }
    }

    private static void produce(Feed feed, BlockingQueue<Object> q) {
        try {
            feed.run(e -> put(q, e), (where, reason) -> put(q, new Rejection(where, reason)));
            put(q, END);
        } catch (InputException e) {
            put(q, new Failure(e));
        } catch (RuntimeException e) {
            if (!(e.getCause() instanceof InterruptedException)) {
                put(q, new Failure(new InputException("cannot read an input: " + e, e)));
            }
        }
    }

    private static void put(BlockingQueue<Object> q, Object o) {
        try {
            q.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The merge has stopped (another input failed): unwind this parser.
            throw new IllegalStateException("input reading stopped", e);
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String what = e instanceof java.util.zip.ZipException ? "not valid gzip" : e.getClass().getSimpleName();
        return Text.oneLine(m == null || m.isBlank() ? what : what + ": " + m);
    }
}
