package org.iothubkb.core.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import org.iothubkb.core.api.LogEvent;

/**
 * Holds events back until they are {@code maxLatenessMillis} older than the newest event seen, then releases
 * them in time order (records of the same millisecond in an order of their contents, see
 * {@link #sameInstantOrder}). Azure does not deliver resource-log records in order, so rules must not see them as
 * they arrive.
 */
final class ReorderBuffer {

    private record Entry(LogEvent event, long seq) {
    }

    private final long maxLatenessMillis;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> {
        int c = sameInstantOrder(a.event, b.event);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long seq;
    private long newest = Long.MIN_VALUE;
    private long lateEvents;

    /**
     * Time order, and for records of the same instant an order read off their contents, so that the order in which
     * they arrived (which file came first, how Azure shuffled a blob) cannot change what the rules conclude. Only
     * records identical in every compared field fall back to arrival order, and those are interchangeable.
     * Written out rather than chained from comparators: it runs for every pair the queue compares.
     */
    static int sameInstantOrder(LogEvent a, LogEvent b) {
        if (a.getTimestampMillis() != b.getTimestampMillis()) {
            return Long.compare(a.getTimestampMillis(), b.getTimestampMillis());
        }
        int c = compare(a.getTime(), b.getTime());
        c = c != 0 ? c : compare(a.getHub(), b.getHub());
        c = c != 0 ? c : compare(a.getDeviceId(), b.getDeviceId());
        c = c != 0 ? c : compare(a.getModuleId(), b.getModuleId());
        c = c != 0 ? c : compare(a.getCategory(), b.getCategory());
        c = c != 0 ? c : compare(a.getOperation(), b.getOperation());
        c = c != 0 ? c : compare(a.getErrorCode(), b.getErrorCode());
        c = c != 0 ? c : compare(a.getLevel(), b.getLevel());
        c = c != 0 ? c : compare(a.getProtocol(), b.getProtocol());
        c = c != 0 ? c : compare(a.getAuthType(), b.getAuthType());
        c = c != 0 ? c : compare(a.getSdkVersion(), b.getSdkVersion());
        c = c != 0 ? c : compare(a.getDurationMs(), b.getDurationMs());
        c = c != 0 ? c : compare(a.getMessageId(), b.getMessageId());
        c = c != 0 ? c : compare(a.getEndpointName(), b.getEndpointName());
        c = c != 0 ? c : compare(a.getMaskedIp(), b.getMaskedIp());
        c = c != 0 ? c : compare(a.getErrorName(), b.getErrorName());
        return c != 0 ? c : compareAttributes(a.getAttributes(), b.getAttributes());
    }

    /** Nulls first. */
    private static <T extends Comparable<T>> int compare(T a, T b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** Entry by entry, in key order (the maps are sorted), then the shorter first. */
    private static int compareAttributes(Map<String, String> a, Map<String, String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(!a.isEmpty(), !b.isEmpty());
        }
        Iterator<Map.Entry<String, String>> i = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> j = b.entrySet().iterator();
        while (i.hasNext() && j.hasNext()) {
            Map.Entry<String, String> x = i.next();
            Map.Entry<String, String> y = j.next();
            int c = compare(x.getKey(), y.getKey());
            if (c == 0) {
                c = compare(x.getValue(), y.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }

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
        // Strictly older: a record exactly the lateness behind the newest is not late, so one of the same instant
        // may still come, and must be ordered with it.
        while (!queue.isEmpty() && queue.peek().event.getTimestampMillis() < watermark) {
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
