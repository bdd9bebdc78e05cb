package org.iothubkb.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.help.HelpFormatter;
import org.apache.commons.cli.help.TextHelpAppendable;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.plugins.http.DiagnosisServer;
import org.iothubkb.plugins.http.KnowledgeBaseSource;
import org.iothubkb.plugins.http.ServerConfig;

/**
 * Runs {@code iothub-kb serve}: the HTTP server of {@code plugins/http-server} until the process is stopped. It
 * parses its own options, so that it needs nothing from {@link Invocation} but its command.
 */
final class ServeRunner {

    /** The command word. */
    static final String COMMAND = "serve";

    private final Env env;

    /** What {@code serve} was asked to do; {@code token} is {@code null} without {@code --token-file}. */
    record Settings(boolean help, Locale locale, String bind, int port, List<Path> rules, List<String> plugins,
                    Duration maxLateness, boolean verbose, int maxSessions, long maxEventsPerSession,
                    Duration clientTimeout, Path tokenFile, String token) {

        /** Everything but the token, which must never reach a log. */
        @Override
        public String toString() {
            return "Settings[bind=" + bind + ", port=" + port + ", rules=" + rules + ", maxSessions=" + maxSessions
                    + ", maxEventsPerSession=" + maxEventsPerSession + ", clientTimeout=" + clientTimeout
                    + ", tokenFile=" + tokenFile + "]";
        }
    }

    ServeRunner(Env env) {
        this.env = env;
    }

    /**
     * The arguments of {@code serve} if {@code args} runs it ({@code serve …}) or asks for its help
     * ({@code help serve}); {@code null} otherwise.
     */
    static String[] serveArgs(String[] args) {
        if (args.length > 0 && args[0].equals(COMMAND)) {
            return Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length == 2 && args[0].equals("help") && args[1].equals(COMMAND)) {
            return new String[] {"--" + CliOptions.HELP};
        }
        return null;
    }

    /** Serves until the process is stopped, or prints the help; returns the exit code. */
    int run(String[] args) throws UsageException, InputException {
        Settings settings = parse(args);
        if (settings.help()) {
            printHelp(settings.locale());
            return ExitCodes.OK;
        }
        DiagnosisServer server = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            env.err().println("iothub-kb: stopped");
            stopped.countDown();
        }, "iothub-kb-serve-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
        }
        return ExitCodes.OK;
    }

    /** Parses the options of {@code serve}. */
    static Settings parse(String[] args) throws UsageException {
        CommandLine cl;
        try {
            cl = DefaultParser.builder().setAllowPartialMatching(false).get().parse(CliOptions.serve(), args);
        } catch (ParseException e) {
            throw usage(e.getMessage());
        }
        Locale locale = Main.locale(Invocation.Command.SERVE, cl.getOptionValue(CliOptions.LANG));
        if (cl.hasOption(CliOptions.HELP)) {
            return new Settings(true, locale, null, 0, List.of(), List.of(), null, false, 0, 0, null, null, null);
        }
        if (!cl.getArgList().isEmpty()) {
            throw usage("unexpected argument [" + cl.getArgList().get(0) + "]: serve reads its input from HTTP"
                    + " requests");
        }
        String bind = cl.getOptionValue(CliOptions.BIND, ServerConfig.DEFAULT_BIND).trim();
        if (bind.isEmpty()) {
            throw usage("--" + CliOptions.BIND + ": empty address");
        }
        int port = ServerConfig.DEFAULT_PORT;
        String portText = cl.getOptionValue(CliOptions.PORT);
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw usage("--" + CliOptions.PORT + ": not a port number (0 to 65535): [" + portText + "]");
            }
        }
        List<Path> rules = new ArrayList<>();
        String[] given = cl.getOptionValues(CliOptions.RULES);
        for (String r : given == null ? new String[0] : given) {
            Path p;
            try {
                p = Path.of(r);
            } catch (InvalidPathException e) {
                throw usage("--" + CliOptions.RULES + ": not a valid path: [" + r + "]");
            }
            if (!Files.isReadable(p)) {
                throw usage("--" + CliOptions.RULES + ": no such file or folder: [" + r + "]");
            }
            rules.add(p);
        }
        String[] plugins = cl.getOptionValues(CliOptions.PLUGINS);
        Duration lateness = SessionOptions.DEFAULT_MAX_LATENESS;
        String latenessText = cl.getOptionValue(CliOptions.MAX_LATENESS);
        if (latenessText != null) {
            try {
                lateness = Durations.parse(latenessText);
            } catch (IllegalArgumentException e) {
                throw usage("--" + CliOptions.MAX_LATENESS + ": " + e.getMessage());
            }
        }
        int maxSessions = (int) count(cl, CliOptions.MAX_SESSIONS, ServerConfig.DEFAULT_MAX_OPEN_SESSIONS,
                Integer.MAX_VALUE);
        long maxEvents = count(cl, CliOptions.MAX_EVENTS_PER_SESSION, ServerConfig.DEFAULT_MAX_EVENTS_PER_SESSION,
                Long.MAX_VALUE);
        Duration clientTimeout = ServerConfig.DEFAULT_CLIENT_TIMEOUT;
        String timeoutText = cl.getOptionValue(CliOptions.CLIENT_TIMEOUT);
        if (timeoutText != null) {
            try {
                clientTimeout = Durations.parse(timeoutText);
            } catch (IllegalArgumentException e) {
                throw usage("--" + CliOptions.CLIENT_TIMEOUT + ": " + e.getMessage());
            }
            if (clientTimeout.compareTo(ServerConfig.MIN_CLIENT_TIMEOUT) < 0
                    || clientTimeout.compareTo(ServerConfig.MAX_CLIENT_TIMEOUT) > 0) {
                throw usage("--" + CliOptions.CLIENT_TIMEOUT + ": must be 100ms to 1h: [" + timeoutText + "]");
            }
        }
        Path tokenFile = null;
        String token = null;
        String tokenText = cl.getOptionValue(CliOptions.TOKEN_FILE);
        if (tokenText != null) {
            tokenFile = path(CliOptions.TOKEN_FILE, tokenText);
            token = TokenFiles.read(tokenFile, "--" + CliOptions.TOKEN_FILE, ServeRunner::usage);
        }
        return new Settings(false, locale, bind, port, List.copyOf(rules),
                plugins == null ? List.of() : List.of(plugins), lateness, cl.hasOption(CliOptions.VERBOSE),
                maxSessions, maxEvents, clientTimeout, tokenFile, token);
    }

    /** A whole number option from 1 to {@code max}, or {@code fallback} when not given. */
    private static long count(CommandLine cl, String option, long fallback, long max) throws UsageException {
        String text = cl.getOptionValue(option);
        if (text == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            throw usage("--" + option + ": not a whole number from 1 to " + max + ": [" + text + "]");
        }
        return n;
    }

    private static Path path(String option, String text) throws UsageException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw usage("--" + option + ": not a valid path: [" + text + "]");
        }
    }

    /**
     * Builds the rules and starts the server, watching the rule folders; for tests, which stop it themselves.
     *
     * @throws InputException if the address cannot be used
     */
    DiagnosisServer start(Settings s) throws InputException {
        // The plugins are found as for every other command (--plugins, IOTHUB_KB_PLUGINS, the class path).
        Invocation inv = new Invocation(Invocation.Command.SERVE, false, Invocation.Format.TEXT, s.locale(),
                s.maxLateness(), null, false, s.verbose(), List.of(), null, null, "text", null,
                s.rules().stream().map(Path::toString).toList(), s.plugins(), false, DiagnosisFilter.NONE);
        PluginRegistry plugins = PluginSupport.load(inv, env);
        List<EventParser> parsers = plugins.parsers();
        if (parsers.isEmpty()) {
            throw new IllegalStateException("no input parser found on the class path (META-INF/services/"
                    + EventParser.class.getName() + ")");
        }
        RulesRequest request = new RulesRequest(s.locale(), s.rules(), plugins.rulePacks());
        // Built now, so that rules that do not compile stop the command (exit 3) before it listens; rebuilt the
        // same way on every reload.
        KnowledgeBaseSource rules = s.rules().isEmpty()
                ? KnowledgeBaseSource.fixed(env.kbFactory().apply(request))
                : KnowledgeBaseSource.rebuilding(() -> env.kbFactory().apply(request));
        ServerConfig.Builder config = ServerConfig.builder(rules, parsers).bindAddress(s.bind()).port(s.port())
                .maxLateness(s.maxLateness()).maxOpenSessions(s.maxSessions())
                .maxEventsPerSession(s.maxEventsPerSession()).clientTimeout(s.clientTimeout())
                .bearerToken(s.token()).log(env.err());
        for (Path p : s.rules()) {
            // A rule file is watched through its folder: editors replace files rather than write them in place.
            Path folder = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
            if (folder != null) {
                config.watchRuleFolder(folder);
            }
        }
        DiagnosisServer server = new DiagnosisServer(config.build());
        try {
            server.start();
        } catch (UnknownHostException e) {
            throw new InputException("cannot listen on [" + s.bind() + "]: unknown host");
        } catch (BindException e) {
            throw new InputException("cannot listen on [" + s.bind() + ":" + s.port() + "]: "
                    + Text.oneLine(e.getMessage()));
        } catch (IOException e) {
            throw new InputException("cannot start the server: " + Text.oneLine(String.valueOf(e)), e);
        }
        InetSocketAddress at = server.address();
        InetAddress address = at.getAddress();
        if (!address.isLoopbackAddress()) {
            env.err().println("iothub-kb: warning: listening on " + address.getHostAddress() + ", reachable from"
                    + " other machines, without TLS" + (s.token() == null ? " or authentication" : " (the bearer"
                    + " token travels in clear)") + ": put a reverse proxy in front (docs/server.md)");
        }
        if (s.token() != null) {
            env.err().println("iothub-kb: requests must carry the bearer token from " + s.tokenFile()
                    + " (GET /healthz excepted)");
        }
        if (!s.rules().isEmpty()) {
            env.err().println("iothub-kb: reloading the rules when " + s.rules() + " change"
                    + (server.reloadsOnSighup() ? " or on SIGHUP" : ""));
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        env.err().println("iothub-kb: serving on http://" + host + ":" + at.getPort());
        return server;
    }

    private static UsageException usage(String message) {
        return new UsageException(Invocation.Command.SERVE, message);
    }

    /** The help, in the language of {@code --lang}: usage, what it does, the options, the exit codes. */
    private void printHelp(Locale locale) {
        Messages msg = Messages.forLocale(locale);
        StringBuilder sb = new StringBuilder(msg.get("serve.help.usage")).append("\n\n");
        Text.wrap(sb, msg.get("serve.help.header"), "", "");
        sb.append('\n');
        Options options = CliOptions.serve();
        for (Option o : options.getOptions()) {
            String key = "serve.option." + o.getLongOpt();
            if (msg.has(key)) {
                o.setDescription(msg.get(key));
            }
        }
        StringBuilder table = new StringBuilder();
        TextHelpAppendable appendable = new TextHelpAppendable(table);
        appendable.setLeftPad(2);
        appendable.setIndent(2);
        appendable.setMaxWidth(Text.WIDTH);
        try {
            HelpFormatter.builder().setHelpAppendable(appendable).setShowSince(false).get().printOptions(options);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String line : table.toString().split("\\R")) {
            if (!line.isBlank()) {
                sb.append(line.stripTrailing()).append('\n');
            }
        }
        sb.append('\n');
        Text.wrap(sb, msg.get("serve.help.footer"), "", "");
        env.out().print(sb);
        env.out().flush();
    }
}
