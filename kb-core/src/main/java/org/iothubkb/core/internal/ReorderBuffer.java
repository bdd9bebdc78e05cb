package org.iothubkb.core.internal;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import org.iothubkb.core.api.LogEvent;

/**
 * Holds events back until they are {@code maxLatenessMillis} older than the newest event seen, then releases
 * them in time order (records of the same millisecond in an order of their contents, see
 * {@link #SAME_INSTANT_ORDER}). Azure does not deliver resource-log records in order, so rules must not see them as
 * they arrive.
 */
final class ReorderBuffer {

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    private record Entry(LogEvent event, long seq) {
    }

    private final long maxLatenessMillis;
    /**
     * Time order, and for records of the same instant an order read off their contents, so that the order in which
     * they arrived (which file came first, how Azure shuffled a blob) cannot change what the rules conclude. Only
     * records identical in every compared field fall back to arrival order, and those are interchangeable.
     */
    static final Comparator<LogEvent> SAME_INSTANT_ORDER = Comparator
            .comparingLong(LogEvent::getTimestampMillis)
            .thenComparing(LogEvent::getTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(LogEvent::getHub, NULLS_FIRST)
            .thenComparing(LogEvent::getDeviceId, NULLS_FIRST)
            .thenComparing(LogEvent::getModuleId, NULLS_FIRST)
            .thenComparing(LogEvent::getCategory, NULLS_FIRST)
            .thenComparing(LogEvent::getOperation, NULLS_FIRST)
            .thenComparing(LogEvent::getErrorCode, NULLS_FIRST)
            .thenComparing(LogEvent::getLevel, NULLS_FIRST)
            .thenComparing(LogEvent::getProtocol, NULLS_FIRST)
            .thenComparing(LogEvent::getAuthType, NULLS_FIRST)
            .thenComparing(LogEvent::getSdkVersion, NULLS_FIRST)
            .thenComparing(LogEvent::getDurationMs, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(LogEvent::getMessageId, NULLS_FIRST)
            .thenComparing(LogEvent::getEndpointName, NULLS_FIRST)
            .thenComparing(LogEvent::getMaskedIp, NULLS_FIRST)
            .thenComparing(LogEvent::getErrorName, NULLS_FIRST)
            .thenComparing(e -> e.getAttributes().toString());

    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        if (a.event.getTimestampMillis() != b.event.getTimestampMillis()) {
            return Long.compare(a.event.getTimestampMillis(), b.event.getTimestampMillis());
        }
        int c = SAME_INSTANT_ORDER.compare(a.event, b.event);
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
