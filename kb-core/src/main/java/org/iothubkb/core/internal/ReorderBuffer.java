package org.iothubkb.core.internal;

import java.util.PriorityQueue;
import java.util.function.Consumer;

import org.iothubkb.core.api.LogEvent;

/**
 * Holds events back until they are {@code maxLatenessMillis} older than the newest event seen, then releases
 * them in time order (ties in arrival order). Azure does not deliver resource-log records in order, so rules
 * must not see them as they arrive.
 */
final class ReorderBuffer {

    private record Entry(LogEvent event, long seq) {
    }

    private final long maxLatenessMillis;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.event.getTimestampMillis(), b.event.getTimestampMillis());
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long seq;
    private long newest = Long.MIN_VALUE;
    private long lateEvents;

    ReorderBuffer(long maxLatenessMillis) {
        this.maxLatenessMillis = maxLatenessMillis;
    }

    /** Adds an event and releases every event that is now old enough. */
    void add(LogEvent event, Consumer<LogEvent> release) {
        observe(event);
        queue.add(new Entry(event, seq++));
        releaseUpTo(newest - maxLatenessMillis, release);
    }

    /**
     * Counts an event that will not be held (no rule needs it) as {@link #add} would, lateness included, and
     * releases what its time makes old enough.
     */
    void pass(LogEvent event, Consumer<LogEvent> release) {
        observe(event);
        releaseUpTo(newest - maxLatenessMillis, release);
    }

    private void observe(LogEvent event) {
        long t = event.getTimestampMillis();
        if (newest != Long.MIN_VALUE && t < newest - maxLatenessMillis) {
            lateEvents++;
        }
        if (t > newest) {
            newest = t;
        }
    }

    private void releaseUpTo(long watermark, Consumer<LogEvent> release) {
        while (!queue.isEmpty() && queue.peek().event.getTimestampMillis() <= watermark) {
            release.accept(queue.poll().event);
        }
    }

    /** Releases everything still held, in time order. */
    void drain(Consumer<LogEvent> release) {
        while (!queue.isEmpty()) {
            release.accept(queue.poll().event);
        }
    }

    /** Events that arrived more than the allowed lateness behind the newest one. */
    long lateEvents() {
        return lateEvents;
    }
}
