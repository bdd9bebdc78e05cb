package org.iothubkb.plugins.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts off clients that send a request, or take in an answer, more slowly than the client timeout allows.
 *
 * <p>The JDK server reads a request's line and headers, and our handler its body, with blocking reads on a
 * request thread: a client that trickles bytes would hold that thread for as long as it likes, and a few such
 * clients would hold them all. Each request task is therefore watched from the moment it starts until its body
 * is read, and again while its answer is written. A sweep interrupts a thread that is over the limit in one of
 * those two phases; its socket channel, being interruptible, is closed at once and the thread is free again. The
 * work in between (parsing, the rules) is never interrupted: it is not the client's doing.
 *
 * <p>The JDK's own {@code sun.net.httpserver.maxReqTime} would do part of this, but it is read once per JVM and
 * does not cover the body our handler reads; this keeps the limit per server.
 */
final class ClientDeadlines {

    /** What a request task is doing. */
    private enum Phase { READING, WORKING, WRITING, DONE }

    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final long limitNanos;
    private final Set<Task> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong cutOff = new AtomicLong();

    ClientDeadlines(long limitNanos) {
        this.limitNanos = limitNanos;
    }

    /** An executor that runs each task of {@code pool} under watch. */
    Executor watching(Executor pool) {
        return task -> pool.execute(() -> run(task));
    }

    private void run(Runnable task) {
        Task t = new Task(Thread.currentThread(), System.nanoTime());
        running.add(t);
        CURRENT.set(t);
        try {
            task.run();
        } finally {
            t.enter(Phase.DONE);
            running.remove(t);
            CURRENT.remove();
            // A cut-off that raced with the end of the task must not reach the pool's next task.
            Thread.interrupted();
        }
    }

    /** Called on the request thread once the request is read in full: what follows is the server's own time. */
    static void requestRead() {
        Task t = CURRENT.get();
        if (t != null) {
            t.enter(Phase.WORKING);
        }
    }

    /** Called on the request thread before the answer is written: the client has the limit again to take it. */
    static void writing() {
        Task t = CURRENT.get();
        if (t != null) {
            t.enter(Phase.WRITING);
        }
    }

    /** Interrupts the request threads over the limit while reading or writing; returns how many. */
    int sweep() {
        long now = System.nanoTime();
        int n = 0;
        for (Task t : running) {
            if (t.cutIfOverdue(now, limitNanos)) {
                n++;
            }
        }
        cutOff.addAndGet(n);
        return n;
    }

    /** How many connections were cut off since the server started. */
    long cutOffCount() {
        return cutOff.get();
    }

    /** One request task: its thread, its phase and when the phase began. */
    private static final class Task {
        private final Thread thread;
        private Phase phase = Phase.READING;
        private long since;

        Task(Thread thread, long since) {
            this.thread = thread;
            this.since = since;
        }

        synchronized void enter(Phase next) {
            phase = next;
            since = System.nanoTime();
            if (next == Phase.WORKING) {
                // Read just in time: a cut-off that came after the last byte must not disturb the work.
                Thread.interrupted();
            }
        }

        synchronized boolean cutIfOverdue(long now, long limitNanos) {
            if ((phase == Phase.READING || phase == Phase.WRITING) && now - since > limitNanos) {
                phase = Phase.DONE; // once is enough
                thread.interrupt();
                return true;
            }
            return false;
        }
    }
}
