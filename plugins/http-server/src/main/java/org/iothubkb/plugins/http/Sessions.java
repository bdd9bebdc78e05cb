package org.iothubkb.plugins.http;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.iothubkb.core.api.KnowledgeBase;

/** The open sessions, by id; forgets those left idle longer than the timeout. */
final class Sessions {

    private final ConcurrentHashMap<String, ServerSession> open = new ConcurrentHashMap<>();
    private final int max;
    private final Duration idleTimeout;
    private final PrintStream log;

    Sessions(int max, Duration idleTimeout, PrintStream log) {
        this.max = max;
        this.idleTimeout = idleTimeout;
        this.log = log;
    }

    /** Opens a session on {@code kb}; 429 if {@code max} are open. */
    ServerSession open(KnowledgeBase kb, Duration maxLateness) throws HttpProblem {
        // Random UUIDs come from SecureRandom: an id cannot be guessed from another.
        String id = UUID.randomUUID().toString();
        synchronized (this) {
            if (open.size() >= max) {
                throw HttpProblem.tooManySessions(max);
            }
            open.put(id, new ServerSession(id, kb, maxLateness));
        }
        return open.get(id);
    }

    /** The open session {@code id}; 404 if there is none. */
    ServerSession get(String id) throws HttpProblem {
        ServerSession s = open.get(id);
        if (s == null) {
            throw gone(id);
        }
        return s;
    }

    /** Forgets the open session {@code id} and returns it; 404 if there is none. */
    ServerSession remove(String id) throws HttpProblem {
        ServerSession s = open.remove(id);
        if (s == null) {
            throw gone(id);
        }
        return s;
    }

    HttpProblem gone(String id) {
        return HttpProblem.noSuchSession("no open session [" + id + "]: it was never opened, was deleted, or"
                + " expired after " + idleTimeout.toSeconds() + " s without a request");
    }

    int count() {
        return open.size();
    }

    /** Closes and forgets the sessions idle longer than the timeout; a session in use is left alone. */
    void expireIdle() {
        long now = System.nanoTime();
        long idle = idleTimeout.toNanos();
        for (ServerSession s : new ArrayList<>(open.values())) {
            try {
                if (s.closeIfIdle(now, idle)) {
                    open.remove(s.id(), s);
                    log.println("iothub-kb: session " + s.id().substring(0, 8) + "… expired after "
                            + idleTimeout.toSeconds() + " s idle");
                }
            } catch (RuntimeException e) {
                open.remove(s.id(), s);
                log.println("iothub-kb: closing expired session " + s.id().substring(0, 8) + "… failed: " + e);
            }
        }
    }

    /** Closes every open session, discarding their reports: the server is stopping. */
    void closeAll() {
        List<ServerSession> all = new ArrayList<>(open.values());
        open.clear();
        for (ServerSession s : all) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.println("iothub-kb: closing session " + s.id().substring(0, 8) + "… failed: " + e);
            }
        }
    }
}
