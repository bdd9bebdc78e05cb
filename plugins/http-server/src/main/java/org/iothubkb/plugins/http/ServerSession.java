package org.iothubkb.plugins.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.SessionOptions;

/**
 * One streaming session: a {@link DiagnosisSession} of the knowledge base that was current when it was opened,
 * behind a lock (a diagnosis session takes one caller at a time), with the final diagnoses it has handed over.
 */
final class ServerSession {

    private final String id;
    private final KnowledgeBase kb;
    private final Duration maxLateness;
    private final DiagnosisSession session;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Diagnosis> finals = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();
    private boolean closed;
    /** Guarded by {@link #lock}. */
    private long eventsTaken;

    ServerSession(String id, KnowledgeBase kb, Duration maxLateness) {
        this.id = id;
        this.kb = kb;
        this.maxLateness = maxLateness;
        this.session = kb.newSession(SessionOptions.defaults().withMaxLateness(maxLateness)
                .withListener(this::onFinal));
    }

    /** Called by the session under {@link #lock}: the listener fires on the thread that submits or closes. */
    private void onFinal(Diagnosis d) {
        synchronized (finals) {
            finals.add(d);
        }
    }

    String id() {
        return id;
    }

    KnowledgeBase knowledgeBase() {
        return kb;
    }

    Duration maxLateness() {
        return maxLateness;
    }

    /** The number of this events call, from 1: names the call's records ({@code request-<n>:<line>}). */
    int nextCall() {
        return calls.incrementAndGet();
    }

    /** How many events the session has taken so far. */
    long eventsTaken() {
        lock.lock();
        try {
            return eventsTaken;
        } finally {
            lock.unlock();
        }
    }

    /** Nanos ({@link System#nanoTime()}) of the last request's end. */
    long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** What became of one call's events. */
    enum Submitted {
        /** All of them are in the session. */
        TAKEN,
        /** None: the session was closed meanwhile (expired or deleted). */
        CLOSED,
        /** None: they would take the session past its cap on events. */
        OVER_LIMIT
    }

    /**
     * Submits one call's events and rejections, all or none.
     *
     * @param maxEvents the most events the session may take in all
     */
    Submitted submit(List<LogEvent> events, List<Rejection> rejections, long maxEvents) {
        lock.lock();
        try {
            if (closed) {
                return Submitted.CLOSED;
            }
            if (eventsTaken + events.size() > maxEvents) {
                return Submitted.OVER_LIMIT;
            }
            for (LogEvent e : events) {
                session.submit(e);
            }
            for (Rejection r : rejections) {
                session.reject(r);
            }
            eventsTaken += events.size();
            return Submitted.TAKEN;
        } finally {
            touch();
            lock.unlock();
        }
    }

    /** The diagnoses final so far, in the order they became final. Does not wait for a running submit. */
    List<Diagnosis> finalDiagnoses() {
        touch();
        synchronized (finals) {
            return List.copyOf(finals);
        }
    }

    /**
     * Closes the session and returns its report; waits for a running submit.
     *
     * @return {@code null} if it was closed already
     */
    DiagnosisReport close() {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            closed = true;
            return session.close();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the session if no request is using it and none has for {@code idleNanos}; true if it did. */
    boolean closeIfIdle(long nowNanos, long idleNanos) {
        if (nowNanos - lastUsedNanos < idleNanos || !lock.tryLock()) {
            return false;
        }
        try {
            if (closed || nowNanos - lastUsedNanos < idleNanos) {
                return false;
            }
            closed = true;
            session.close();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void touch() {
        lastUsedNanos = System.nanoTime();
    }
}
