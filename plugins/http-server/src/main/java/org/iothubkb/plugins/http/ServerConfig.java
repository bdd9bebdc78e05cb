package org.iothubkb.plugins.http;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.spi.EventParser;

/**
 * How a {@link DiagnosisServer} listens, what it accepts and where its rules come from. Immutable; made with
 * {@link #builder(KnowledgeBaseSource, List)}.
 *
 * @since 0.2
 */
public final class ServerConfig {

    /** The default address: loopback only, so nothing outside this machine can reach the server unless told. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default cap on a request body as sent: 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
    /** How many times the body cap a gzip body may grow to once decompressed. */
    public static final int DECOMPRESSED_FACTOR = 16;
    /** The default time after which a session nobody used is closed: 10 minutes. */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The default number of sessions open at once. */
    public static final int DEFAULT_MAX_OPEN_SESSIONS = 64;
    /** The default number of requests handled at once. */
    public static final int DEFAULT_THREADS = 8;
    /** How long the rule folders must stay quiet after a change before the rules are reloaded. */
    public static final Duration DEFAULT_RELOAD_DEBOUNCE = Duration.ofMillis(500);
    /** The default number of events one session takes before it refuses more: one million. */
    public static final long DEFAULT_MAX_EVENTS_PER_SESSION = 1_000_000;
    /** The default time a client has to send one request, and again to take in one answer: 30 seconds. */
    public static final Duration DEFAULT_CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /** The shortest client timeout accepted. */
    public static final Duration MIN_CLIENT_TIMEOUT = Duration.ofMillis(100);
    /** The longest client timeout accepted. */
    public static final Duration MAX_CLIENT_TIMEOUT = Duration.ofHours(1);
    /** The shortest bearer token accepted: shorter ones are too easy to guess. */
    public static final int MIN_TOKEN_LENGTH = 16;
    /** What a bearer token may consist of: RFC 6750's {@code b64token}. */
    private static final java.util.regex.Pattern TOKEN_CHARS =
            java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final String bindAddress;
    private final int port;
    private final long maxBodyBytes;
    private final Duration sessionIdleTimeout;
    private final int maxOpenSessions;
    private final Duration maxLateness;
    private final int threads;
    private final List<EventParser> parsers;
    private final KnowledgeBaseSource knowledgeBases;
    private final List<Path> ruleFolders;
    private final Duration reloadDebounce;
    private final boolean reloadOnSighup;
    private final PrintStream log;
    private final long maxEventsPerSession;
    private final Duration clientTimeout;
    private final String bearerToken;

    private ServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.sessionIdleTimeout = b.sessionIdleTimeout;
        this.maxOpenSessions = b.maxOpenSessions;
        this.maxLateness = b.maxLateness;
        this.threads = b.threads;
        this.parsers = List.copyOf(b.parsers);
        this.knowledgeBases = b.knowledgeBases;
        this.ruleFolders = List.copyOf(b.ruleFolders);
        this.reloadDebounce = b.reloadDebounce;
        this.reloadOnSighup = b.reloadOnSighup;
        this.log = b.log;
        this.maxEventsPerSession = b.maxEventsPerSession;
        this.clientTimeout = b.clientTimeout;
        this.bearerToken = b.bearerToken;
    }

    /**
     * A builder with every default.
     *
     * @param knowledgeBases where the rules come from; never {@code null}
     * @param parsers        the input parsers, in the order they are tried (as the CLI's); at least one
     */
    public static Builder builder(KnowledgeBaseSource knowledgeBases, List<EventParser> parsers) {
        return new Builder(knowledgeBases, parsers);
    }

    /** The address to listen on; {@value #DEFAULT_BIND} by default. */
    public String getBindAddress() { return bindAddress; }
    /** The port to listen on; 0 picks a free one (see {@link DiagnosisServer#port()}). */
    public int getPort() { return port; }
    /** The largest request body accepted, in bytes as sent; a gzip body may grow {@value #DECOMPRESSED_FACTOR}×. */
    public long getMaxBodyBytes() { return maxBodyBytes; }
    /** How long a session may go unused before it is closed and forgotten. */
    public Duration getSessionIdleTimeout() { return sessionIdleTimeout; }
    /** How many sessions may be open at once. */
    public int getMaxOpenSessions() { return maxOpenSessions; }
    /** The allowed lateness of events when a request does not give one. */
    public Duration getMaxLateness() { return maxLateness; }
    /** How many requests are handled at once. */
    public int getThreads() { return threads; }
    /** The input parsers, in the order they are tried. */
    public List<EventParser> getParsers() { return parsers; }
    /** Where the rules come from. */
    public KnowledgeBaseSource getKnowledgeBases() { return knowledgeBases; }
    /** The folders watched for rule changes; empty for none. */
    public List<Path> getRuleFolders() { return ruleFolders; }
    /** How long the rule folders must stay quiet after a change before the rules are reloaded. */
    public Duration getReloadDebounce() { return reloadDebounce; }
    /** Whether SIGHUP reloads the rules (only where the JVM lets a program handle it, and with rule folders). */
    public boolean isReloadOnSighup() { return reloadOnSighup; }
    /** Where the server writes its log lines (reloads, failures); standard error by default. */
    public PrintStream getLog() { return log; }
    /** How many events one session takes in all; a call that would go past it is refused with 429. */
    public long getMaxEventsPerSession() { return maxEventsPerSession; }
    /**
     * How long a client may take to send one request (headers and body), and again to take in one answer;
     * past it the connection is closed, so that slow clients cannot hold the request threads.
     */
    public Duration getClientTimeout() { return clientTimeout; }
    /** Whether requests must carry a bearer token ({@code Authorization: Bearer …}). The token itself is not shown. */
    public boolean requiresToken() { return bearerToken != null; }

    /** The bearer token, for the server only; never logged or shown. */
    String bearerToken() { return bearerToken; }

    /**
     * Checks that {@code token} can serve as a bearer token: at least {@value #MIN_TOKEN_LENGTH} characters of
     * RFC 6750's token alphabet.
     *
     * @throws IllegalArgumentException saying what is wrong; the message never contains the token
     */
    public static void checkBearerToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the bearer token is " + token.length() + " characters long; it"
                    + " must have at least " + MIN_TOKEN_LENGTH);
        }
        if (!TOKEN_CHARS.matcher(token).matches()) {
            throw new IllegalArgumentException("the bearer token may hold only letters, digits and -._~+/ (then ="
                    + " at the end): no spaces, quotes or line breaks");
        }
    }

    /** Says which settings are in force, without the token. */
    @Override
    public String toString() {
        return "ServerConfig[" + bindAddress + ":" + port + ", maxBodyBytes=" + maxBodyBytes + ", maxOpenSessions="
                + maxOpenSessions + ", maxEventsPerSession=" + maxEventsPerSession + ", clientTimeout="
                + clientTimeout + ", token=" + (bearerToken == null ? "none" : "required") + "]";
    }

    /** Sets the fields of a {@link ServerConfig}. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
        private int maxOpenSessions = DEFAULT_MAX_OPEN_SESSIONS;
        private Duration maxLateness = SessionOptions.DEFAULT_MAX_LATENESS;
        private int threads = DEFAULT_THREADS;
        private final List<EventParser> parsers;
        private final KnowledgeBaseSource knowledgeBases;
        private final List<Path> ruleFolders = new ArrayList<>();
        private Duration reloadDebounce = DEFAULT_RELOAD_DEBOUNCE;
        private boolean reloadOnSighup = true;
        private PrintStream log = System.err;
        private long maxEventsPerSession = DEFAULT_MAX_EVENTS_PER_SESSION;
        private Duration clientTimeout = DEFAULT_CLIENT_TIMEOUT;
        private String bearerToken;

        private Builder(KnowledgeBaseSource knowledgeBases, List<EventParser> parsers) {
            this.knowledgeBases = Objects.requireNonNull(knowledgeBases, "knowledgeBases");
            this.parsers = List.copyOf(parsers);
            if (this.parsers.isEmpty()) {
                throw new IllegalArgumentException("at least one input parser is needed");
            }
        }

        /** The address to listen on, a host name or IP literal; {@value #DEFAULT_BIND} unless set. */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port, 0 to 65535; 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: [" + port + "]");
            }
            this.port = port;
            return this;
        }

        /** The largest request body accepted, 1 byte to 1 GiB. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 1 || bytes > (1L << 30)) {
                throw new IllegalArgumentException("maxBodyBytes must be 1 to 1 GiB: [" + bytes + "]");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a session may go unused; positive. */
        public Builder sessionIdleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sessionIdleTimeout must be positive: [" + timeout + "]");
            }
            this.sessionIdleTimeout = timeout;
            return this;
        }

        /** How many sessions may be open at once; at least 1. */
        public Builder maxOpenSessions(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOpenSessions must be at least 1: [" + max + "]");
            }
            this.maxOpenSessions = max;
            return this;
        }

        /** The default allowed lateness of events; not negative. */
        public Builder maxLateness(Duration lateness) {
            if (lateness.isNegative()) {
                throw new IllegalArgumentException("maxLateness must not be negative: [" + lateness + "]");
            }
            this.maxLateness = lateness;
            return this;
        }

        /** How many requests are handled at once; at least 1. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: [" + threads + "]");
            }
            this.threads = threads;
            return this;
        }

        /** Adds a folder to watch: a change in it (or below it) reloads the rules. */
        public Builder watchRuleFolder(Path folder) {
            ruleFolders.add(Objects.requireNonNull(folder, "folder"));
            return this;
        }

        /** How long the rule folders must stay quiet after a change before reloading; not negative. */
        public Builder reloadDebounce(Duration debounce) {
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("reloadDebounce must not be negative: [" + debounce + "]");
            }
            this.reloadDebounce = debounce;
            return this;
        }

        /** Whether SIGHUP reloads the rules; {@code true} unless set. */
        public Builder reloadOnSighup(boolean onSighup) {
            this.reloadOnSighup = onSighup;
            return this;
        }

        /** Where to write log lines; standard error unless set. */
        public Builder log(PrintStream log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** How many events one session takes in all; at least 1. */
        public Builder maxEventsPerSession(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxEventsPerSession must be at least 1: [" + max + "]");
            }
            this.maxEventsPerSession = max;
            return this;
        }

        /** How long a client may take to send a request, and to take in an answer; 100 ms to 1 hour. */
        public Builder clientTimeout(Duration timeout) {
            if (timeout.compareTo(MIN_CLIENT_TIMEOUT) < 0 || timeout.compareTo(MAX_CLIENT_TIMEOUT) > 0) {
                throw new IllegalArgumentException("clientTimeout must be 100 ms to 1 hour: [" + timeout + "]");
            }
            this.clientTimeout = timeout;
            return this;
        }

        /**
         * Requires every request but {@code GET /healthz} to carry {@code Authorization: Bearer <token>};
         * {@code null} for none (the default).
         *
         * @param token at least {@value #MIN_TOKEN_LENGTH} characters of RFC 6750's token alphabet (letters,
         *              digits, {@code -._~+/}, trailing {@code =})
         * @throws IllegalArgumentException if the token is too short or has other characters; the message never
         *                                  contains the token
         */
        public Builder bearerToken(String token) {
            if (token != null) {
                checkBearerToken(token);
            }
            this.bearerToken = token;
            return this;
        }

        /** The configuration. */
        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
