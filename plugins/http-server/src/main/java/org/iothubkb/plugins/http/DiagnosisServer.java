package org.iothubkb.plugins.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.RuleBuildException;

/**
 * Answers diagnoses over HTTP: the server behind {@code iothub-kb serve}, on the JDK's
 * {@code com.sun.net.httpserver}.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /v1/diagnose}: a body in any input format the CLI reads (resource-log JSON Lines, a
 *       {@code {"records":[…]}} object, Event Grid events, event facts; gzip or not), recognised the same way;
 *       answers the report exactly as {@code diagnose --format json} writes it. Records are named
 *       {@code request:<line>}, or {@code <source>:<line>} with {@code ?source=NAME}.</li>
 *   <li>{@code POST /v1/sessions}: opens a streaming session (201, {@code {"id", "expiresAfterIdleSeconds",
 *       "maxLateness"}}); an optional JSON body {@code {"maxLateness":"PT2M"}}.</li>
 *   <li>{@code POST /v1/sessions/{id}/events}: feeds one more body to the session; answers what this call
 *       accepted and rejected. Records are named {@code request-<n>:<line>} for the session's n-th call.</li>
 *   <li>{@code GET /v1/sessions/{id}/diagnoses}: the diagnoses final so far ({@code {"diagnoses":[…]}}).</li>
 *   <li>{@code DELETE /v1/sessions/{id}}: closes the session and answers its full report.</li>
 *   <li>{@code GET /v1/catalog}, {@code GET /v1/catalog/{code}}: as {@code list} and {@code explain CODE} with
 *       {@code --format json}.</li>
 *   <li>{@code GET /healthz}: status, rule and session counts, limits and the outcome of the last reload; with a
 *       bearer token configured and not given, only the status.</li>
 * </ul>
 * Refusals are RFC 9457 problems ({@code application/problem+json}): 400 (with {@code line} and {@code column}
 * for a session body that is not JSON), 401 (bearer token missing or wrong), 404, 405, 413 (body over the cap),
 * 415 (a rule file: rules are never accepted over HTTP), 429 (too many sessions, too many events in one
 * session), 500.
 *
 * <h2>Reloading</h2>
 * With rule folders in the {@link ServerConfig}, a change in them (once quiet for the debounce time) or SIGHUP
 * calls {@link KnowledgeBaseSource#reload()}. Success makes the new rules serve every new session, one-shot
 * diagnosis and catalogue request. <b>Open sessions keep the rules they were opened with</b>, and their state: a
 * reload never disturbs a session half-way. A failed reload keeps the previous rules; its problems are logged,
 * one line each, and shown by {@code /healthz}.
 *
 * <h2>Limits and safety</h2>
 * Binds to {@value ServerConfig#DEFAULT_BIND} unless told otherwise; no TLS of its own, and an optional bearer
 * token ({@link ServerConfig.Builder#bearerToken(String)}), compared in constant time and never logged. Request
 * bodies are capped; sessions are capped in number and in events, and expire when idle; a client that takes
 * longer than the client timeout to send a request or take an answer is cut off; requests are handled by a
 * bounded pool. Thread-safe.
 *
 * @since 0.2
 */
public final class DiagnosisServer {

    /** The outcome of one reload. */
    record ReloadOutcome(Instant time, String trigger, boolean ok, List<String> problems) {
    }

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final ServerConfig config;
    private final Sessions sessions;
    private final ClientDeadlines deadlines;
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private final Object reloadLock = new Object();
    private volatile ReloadOutcome lastReload;
    private volatile Instant rulesSince;
    private HttpServer http;
    private ThreadPoolExecutor workers;
    private ScheduledExecutorService housekeeping;
    private ExecutorService reloader;
    private RuleWatcher watcher;
    private boolean sighup;

    /** Creates a server; nothing listens before {@link #start()}. */
    public DiagnosisServer(ServerConfig config) {
        this.config = config;
        this.sessions = new Sessions(config.getMaxOpenSessions(), config.getSessionIdleTimeout(), config.getLog());
        this.deadlines = new ClientDeadlines(config.getClientTimeout().toNanos());
    }

    /**
     * Starts listening, watching the rule folders and expiring idle sessions.
     *
     * @throws IOException if the address cannot be bound (e.g. the port is in use) or a rule folder cannot be
     *                     watched
     */
    public synchronized void start() throws IOException {
        if (http != null) {
            throw new IllegalStateException("the server is started already");
        }
        rulesSince = Instant.now();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.getBindAddress()),
                config.getPort());
        int threads = config.getThreads();
        // Bounded queue: past it the JDK server closes the connection rather than queue without end.
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 32), daemonThreads("iothub-kb-http"));
        workers.allowCoreThreadTimeOut(true);
        // Without TCP_NODELAY the JDK server's answer waits on the client's delayed ACK of its headers: about
        // 40 ms per request on Linux. The JDK reads this once per JVM, when its first server starts; a value the
        // user set wins.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HttpServer server = HttpServer.create(address, 64);
        server.createContext("/", new Api(this));
        server.setExecutor(deadlines.watching(workers));

        housekeeping = Executors.newSingleThreadScheduledExecutor(daemonThreads("iothub-kb-expiry"));
        long sweep = Math.max(50, Math.min(config.getSessionIdleTimeout().toMillis() / 4, 30_000));
        housekeeping.scheduleWithFixedDelay(sessions::expireIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        long tick = Math.max(20, Math.min(config.getClientTimeout().toMillis() / 5, 1_000));
        housekeeping.scheduleWithFixedDelay(this::cutOffSlowClients, tick, tick, TimeUnit.MILLISECONDS);
        reloader = Executors.newSingleThreadExecutor(daemonThreads("iothub-kb-reload"));
        if (!config.getRuleFolders().isEmpty()) {
            watcher = new RuleWatcher(config.getRuleFolders(), config.getReloadDebounce(),
                    () -> requestReload("rule folder changed"), config.getLog());
            try {
                watcher.start();
            } catch (IOException e) {
                shutdownExecutors();
                throw e;
            }
            if (config.isReloadOnSighup()) {
                sighup = Sighup.install(() -> requestReload("SIGHUP"));
            }
        }
        server.start();
        http = server;
    }

    /** The port the server listens on: the configured one, or the one picked for port 0. */
    public synchronized int port() {
        if (http == null) {
            throw new IllegalStateException("the server is not started");
        }
        return http.getAddress().getPort();
    }

    /** The address the server listens on. */
    public synchronized InetSocketAddress address() {
        if (http == null) {
            throw new IllegalStateException("the server is not started");
        }
        return http.getAddress();
    }

    /**
     * Reloads the rules now, on the calling thread, as a change in the rule folders would: success makes them
     * serve new sessions, failure keeps the previous ones. Open sessions are not touched either way.
     *
     * @return whether the reload succeeded; {@code /healthz} shows the outcome
     */
    public boolean reload() {
        return reloadNow("requested");
    }

    /** Whether SIGHUP reloads the rules in this JVM (rule folders configured and the handler installed). */
    public boolean reloadsOnSighup() {
        return sighup;
    }

    /**
     * Stops listening, closes the open sessions (their reports are lost) and stops the background threads.
     * Requests being handled get a few seconds to finish.
     */
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        http.stop(0);
        http = null;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            shutdownExecutors();
            sessions.closeAll();
        }
    }

    private void shutdownExecutors() {
        housekeeping.shutdownNow();
        reloader.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // For Api.

    ServerConfig config() {
        return config;
    }

    Sessions sessions() {
        return sessions;
    }

    KnowledgeBase knowledgeBase() {
        return config.getKnowledgeBases().current();
    }

    long clientsCutOff() {
        return deadlines.cutOffCount();
    }

    private void cutOffSlowClients() {
        int n = deadlines.sweep();
        if (n > 0) {
            config.getLog().println("iothub-kb: closed " + n + (n == 1 ? " connection" : " connections")
                    + " whose client took over " + config.getClientTimeout().toMillis() + " ms to send its"
                    + " request or take its answer");
        }
    }

    ReloadOutcome lastReload() {
        return lastReload;
    }

    Instant rulesSince() {
        return rulesSince;
    }

    /** Whether SIGHUP or a folder change may reload the rules. */
    boolean watching() {
        return watcher != null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reloading.

    private void requestReload(String trigger) {
        // A burst of triggers while one reload waits costs that one reload.
        if (reloadQueued.compareAndSet(false, true)) {
            try {
                reloader.execute(() -> {
                    reloadQueued.set(false);
                    reloadNow(trigger);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                reloadQueued.set(false); // stopping
            }
        }
    }

    private boolean reloadNow(String trigger) {
        synchronized (reloadLock) {
            return reloadLocked(trigger);
        }
    }

    private boolean reloadLocked(String trigger) {
        Instant at = Instant.now();
        try {
            config.getKnowledgeBases().reload();
        } catch (RuntimeException | LinkageError e) {
            List<String> problems = problemsOf(e);
            lastReload = new ReloadOutcome(at, trigger, false, problems);
            config.getLog().println("iothub-kb: reloading the rules (" + trigger + ") failed; the previous rules"
                    + " stay in use:");
            for (String p : problems) {
                config.getLog().println("iothub-kb:   " + p);
            }
            return false;
        }
        rulesSince = at;
        lastReload = new ReloadOutcome(at, trigger, true, List.of());
        KnowledgeBase kb = knowledgeBase();
        config.getLog().println("iothub-kb: rules reloaded (" + trigger + "): " + kb.ruleCount() + " rules, "
                + kb.codes().size() + " codes; open sessions keep the rules they were opened with");
        return true;
    }

    private static List<String> problemsOf(Throwable e) {
        List<String> problems = new ArrayList<>();
        if (e instanceof RuleBuildException) {
            for (RuleBuildException.Problem p : ((RuleBuildException) e).getProblems()) {
                problems.add(oneLine(p.toString()));
            }
        }
        if (problems.isEmpty()) {
            problems.add(oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return problems;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
