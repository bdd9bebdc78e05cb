package org.iothubkb.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.help.HelpFormatter;
import org.apache.commons.cli.help.TextHelpAppendable;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.PluginConflictException;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.RuleFailureException;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Severity;

/**
 * The {@code iothub-kb} command: dispatches on the first argument, parses that command's options into an
 * {@link Invocation} and hands it to the command's runner.
 *
 * <p>Diagnoses and answers go to standard output, everything else to standard error. Exit codes: see
 * {@link ExitCodes}.
 */
public final class Main {

    /** The system property slf4j-simple reads its level from. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    /** Loggers simplelogger.properties keeps at ERROR by default. */
    private static final List<String> QUIET_LOGGERS = List.of("org.slf4j.simpleLogger.log.org.drools",
            "org.slf4j.simpleLogger.log.org.kie");

    /** The logger that repeats every rule compile error on stderr, already reported by RuleBuildException. */
    private static final String COMPILER_LOG = "org.slf4j.simpleLogger.log.org.drools.compiler.kie.builder.impl";

    private static final boolean LOG_LEVEL_GIVEN;

    static {
        // Before any Drools class loads: SLF4J reads its configuration once, when the first logger is created.
        LOG_LEVEL_GIVEN = System.getProperty(LOG_LEVEL_PROPERTY) != null;
        if (!LOG_LEVEL_GIVEN) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
    }

    private final Env env;

    /** Creates the command with its own streams, knowledge-base factory and parsers; for tests. */
    Main(Env env) {
        this.env = env;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // Standard output carries only our answers: whatever a library prints there goes to standard error.
        System.setOut(err);
        Env env = new Env(System.in, out, err, Main::buildKnowledgeBase, PluginRegistry::discover,
                Progress.stderrIsTerminal());
        int code = new Main(env).run(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The built-in rules, plus the user's rule folders and the plugins' rule packs. */
    static KnowledgeBase buildKnowledgeBase(RulesRequest request) {
        KnowledgeBase.Builder b = KnowledgeBase.builder().locale(request.locale());
        request.ruleFolders().forEach(b::addRules);
        request.rulePacks().forEach(b::addRulePack);
        return b.build();
    }

    /** Runs one command line; returns the exit code. Never throws. */
    int run(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--" + CliOptions.VERBOSE);
        try {
            if (args.length > 0 && args[0].equals("bench")) {
                return BenchRunner.run(Arrays.copyOfRange(args, 1, args.length), env.out(), env.err());
            }
            String[] serveArgs = ServeRunner.serveArgs(args);
            if (serveArgs != null) {
                if (verbose) {
                    raiseLogLevel();
                }
                return new ServeRunner(env).run(serveArgs);
            }
            Invocation inv = parse(args);
            if (inv.verbose()) {
                raiseLogLevel();
            } else if (System.getProperty(COMPILER_LOG) == null) {
                // The rule compiler logs every error it returns; we print them all ourselves, with positions.
                System.setProperty(COMPILER_LOG, "off");
            }
            return execute(inv);
        } catch (UsageException e) {
            env.err().println("iothub-kb: " + Text.oneLine(e.getMessage()));
            env.err().println(e.hint());
            return ExitCodes.USAGE_OR_INPUT;
        } catch (InputException | PluginConflictException e) {
            env.err().println("iothub-kb: " + Text.oneLine(e.getMessage()));
            return ExitCodes.USAGE_OR_INPUT;
        } catch (RuleBuildException e) {
            env.err().println("iothub-kb: the rules failed to build:");
            if (e.getProblems().isEmpty()) {
                env.err().println("  " + Text.oneLine(e.getMessage()));
            }
            for (RuleBuildException.Problem p : e.getProblems()) {
                env.err().println("  " + Text.oneLine(p.toString()));
            }
            return ExitCodes.RULES_FAILED;
        } catch (RuleFailureException e) {
            // A defect in a rule, found while running: the report would be incomplete, so none is printed.
            env.err().println("iothub-kb: " + Text.oneLine(e.getMessage()));
            return ExitCodes.RULES_FAILED;
        } catch (Exception | Error e) {
            env.err().println("iothub-kb: unexpected error: " + Text.oneLine(String.valueOf(e))
                    + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                env.err().print(trace);
            }
            return ExitCodes.UNEXPECTED;
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }

    /** {@code --verbose}: INFO for everything, Drools included, unless the user set levels with -D. */
    private static void raiseLogLevel() {
        if (!LOG_LEVEL_GIVEN) {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
        for (String quiet : QUIET_LOGGERS) {
            if (System.getProperty(quiet) == null) {
                System.setProperty(quiet, "info");
            }
        }
    }

    private int execute(Invocation inv) throws InputException, UsageException, IOException {
        if (inv.help()) {
            printCommandHelp(inv.command());
            return ExitCodes.OK;
        }
        switch (inv.command()) {
            case HELP:
                printGeneralHelp(env.out());
                return ExitCodes.OK;
            case VERSION:
                env.out().println("iothub-kb " + version());
                return ExitCodes.OK;
            case DIAGNOSE:
                return new DiagnoseRunner(inv, env).run();
            case EXPLAIN:
                return new ExplainRunner(inv, env).run();
            case LIST:
                return new ListRunner(inv, env).run();
            case DOCS:
                return new DocsRunner(inv, env).run();
            case PLUGINS:
                return new PluginsRunner(inv, env).run();
            case VALIDATE:
                return new ValidateRunner(inv, env).run();
            case TEST:
                return new TestRunner(inv, env).run();
            default:
                throw new IllegalStateException("unknown command " + inv.command());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parsing: the only place that reads a CommandLine.

    /** Turns the arguments into an {@link Invocation}. */
    static Invocation parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException(null, "no command given");
        }
        String first = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (first) {
            case "-h":
            case "--help":
                return Invocation.of(Invocation.Command.HELP);
            case "help":
                if (rest.length == 0) {
                    return Invocation.of(Invocation.Command.HELP);
                }
                Invocation.Command about = command(rest[0]);
                if (about == null || rest.length > 1) {
                    throw new UsageException(null, "no help on [" + String.join(" ", rest) + "]");
                }
                return withHelp(about);
            case "-V":
            case "--version":
            case "version":
                return Invocation.of(Invocation.Command.VERSION);
            default:
                break;
        }
        Invocation.Command command = command(first);
        if (command == null) {
            throw new UsageException(null, first.startsWith("-") ? "unknown option [" + first + "]"
                    : "unknown command [" + first + "]: use diagnose, explain, list, docs, plugins, serve,"
                    + " validate, test or bench");
        }
        Options options = CliOptions.forCommand(command);
        CommandLine cl;
        try {
            cl = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, rest);
        } catch (ParseException e) {
            throw new UsageException(command, e.getMessage());
        }
        return toInvocation(command, cl);
    }

    private static Invocation.Command command(String word) {
        switch (word) {
            case "diagnose":
                return Invocation.Command.DIAGNOSE;
            case "explain":
                return Invocation.Command.EXPLAIN;
            case "list":
                return Invocation.Command.LIST;
            case "docs":
                return Invocation.Command.DOCS;
            case "plugins":
                return Invocation.Command.PLUGINS;
            case "validate":
                return Invocation.Command.VALIDATE;
            case "test":
                return Invocation.Command.TEST;
            default:
                return null;
        }
    }

    private static Invocation withHelp(Invocation.Command command) {
        Invocation d = Invocation.of(command);
        return new Invocation(command, true, d.format(), d.locale(), d.maxLateness(), null, false, false, List.of(),
                null, null, "text", null, List.of(), List.of(), false, DiagnosisFilter.NONE);
    }

    private static Invocation toInvocation(Invocation.Command command, CommandLine cl) throws UsageException {
        if (cl.hasOption(CliOptions.HELP)) {
            return withHelp(command);
        }
        String sink = "text";
        String inputFormat = null;
        String formatText = cl.getOptionValue(CliOptions.FORMAT);
        if (command == Invocation.Command.DIAGNOSE && formatText != null) {
            // Any sink's id: text, json, jsonl or a plugin's; checked once the plugins are known.
            sink = formatText.trim().toLowerCase(Locale.ROOT);
            if (sink.isEmpty()) {
                throw new UsageException(command, "--" + CliOptions.FORMAT + ": empty format");
            }
            formatText = null;
        }
        if (cl.hasOption(CliOptions.INPUT_FORMAT)) {
            inputFormat = cl.getOptionValue(CliOptions.INPUT_FORMAT).trim();
        }
        Invocation base = toInvocation(command, cl, format(command, formatText));
        return base.withSinkAndInputFormat(sink, inputFormat)
                .withRulesAndPlugins(values(cl, CliOptions.RULES), values(cl, CliOptions.PLUGINS))
                .withQuiet(cl.hasOption(CliOptions.QUIET));
    }

    private static List<String> values(CommandLine cl, String option) {
        String[] v = cl.getOptionValues(option);
        return v == null ? List.of() : List.of(v);
    }

    private static Invocation toInvocation(Invocation.Command command, CommandLine cl, Invocation.Format format)
            throws UsageException {
        Locale locale = locale(command, cl.getOptionValue(CliOptions.LANG));
        boolean verbose = cl.hasOption(CliOptions.VERBOSE);
        List<String> args = cl.getArgList();

        switch (command) {
            case DIAGNOSE: {
                Duration lateness = SessionOptions.DEFAULT_MAX_LATENESS;
                String latenessText = cl.getOptionValue(CliOptions.MAX_LATENESS);
                if (latenessText != null) {
                    try {
                        lateness = Durations.parse(latenessText);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(command, "--" + CliOptions.MAX_LATENESS + ": " + e.getMessage());
                    }
                }
                Severity failOn = null;
                String failOnText = cl.getOptionValue(CliOptions.FAIL_ON);
                if (failOnText != null) {
                    try {
                        failOn = Severity.fromId(failOnText);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(command, "--" + CliOptions.FAIL_ON + ": unknown severity ["
                                + failOnText + "]: use info, warning, error or critical");
                    }
                }
                if (args.isEmpty()) {
                    throw new UsageException(command, "no input: give one or more log files, or - for standard input");
                }
                if (args.stream().filter(Invocation.STDIN::equals).count() > 1) {
                    throw new UsageException(command, "standard input (-) can be read only once");
                }
                DiagnosisFilter filter;
                try {
                    String since = cl.getOptionValue(CliOptions.SINCE);
                    String until = cl.getOptionValue(CliOptions.UNTIL);
                    filter = new DiagnosisFilter(
                            since == null ? null : DiagnosisFilter.parseInstant(CliOptions.SINCE, since),
                            until == null ? null : DiagnosisFilter.parseInstant(CliOptions.UNTIL, until),
                            values(cl, CliOptions.DEVICE));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(command, e.getMessage());
                }
                if (filter.devices().stream().anyMatch(String::isBlank)) {
                    throw new UsageException(command, "--" + CliOptions.DEVICE + ": empty pattern");
                }
                String output = cl.getOptionValue(CliOptions.OUTPUT);
                if (output != null && output.isBlank()) {
                    throw new UsageException(command, "--" + CliOptions.OUTPUT + ": empty file name");
                }
                if (output != null && args.stream().anyMatch(a -> !Invocation.STDIN.equals(a)
                        && Path.of(a).toAbsolutePath().normalize().equals(Path.of(output).toAbsolutePath().normalize()))) {
                    throw new UsageException(command, "--" + CliOptions.OUTPUT + " [" + output
                            + "] is also an input: the report would overwrite the log it is read from");
                }
                return new Invocation(command, false, format, locale, lateness, failOn,
                        cl.hasOption(CliOptions.STRICT), verbose, args, null, output, "text", null, List.of(),
                        List.of(), false, filter);
            }
            case EXPLAIN: {
                if (args.isEmpty()) {
                    throw new UsageException(command, "no error code given, e.g. 'iothub-kb explain 404104'");
                }
                if (args.size() > 1) {
                    throw new UsageException(command, "one error code at a time, got [" + String.join(" ", args) + "]");
                }
                if (args.get(0).isBlank()) {
                    throw new UsageException(command, "empty error code");
                }
                return new Invocation(command, false, format, locale, SessionOptions.DEFAULT_MAX_LATENESS, null,
                        false, verbose, List.of(), args.get(0).trim(), null, "text", null, List.of(), List.of(), false,
                        DiagnosisFilter.NONE);
            }
            case LIST: {
                if (!args.isEmpty()) {
                    throw new UsageException(command, "unexpected argument [" + args.get(0) + "]");
                }
                return new Invocation(command, false, format, locale, SessionOptions.DEFAULT_MAX_LATENESS, null,
                        false, verbose, List.of(), null, null, "text", null, List.of(), List.of(), false,
                        DiagnosisFilter.NONE);
            }
            case VALIDATE:
            case TEST: {
                // 'test' without a path runs the scenarios of the rule packs among the plugins.
                if (args.isEmpty() && command == Invocation.Command.VALIDATE) {
                    throw new UsageException(command,
                            "no rule files given: name .drl files or folders, e.g. 'iothub-kb validate my-rules'");
                }
                return new Invocation(command, false, format, locale, SessionOptions.DEFAULT_MAX_LATENESS, null,
                        false, verbose, args, null, null, "text", null, List.of(), List.of(), false,
                        DiagnosisFilter.NONE);
            }
            case PLUGINS: {
                if (!args.isEmpty()) {
                    throw new UsageException(command, "unexpected argument [" + args.get(0) + "]");
                }
                return new Invocation(command, false, format, locale, SessionOptions.DEFAULT_MAX_LATENESS, null,
                        false, verbose, List.of(), null, null, "text", null, List.of(), List.of(), false,
                        DiagnosisFilter.NONE);
            }
            case DOCS: {
                if (!args.isEmpty()) {
                    throw new UsageException(command, "unexpected argument [" + args.get(0) + "]");
                }
                String output = cl.getOptionValue(CliOptions.OUTPUT);
                if (output == null || output.isBlank()) {
                    throw new UsageException(command, "no output directory: give --" + CliOptions.OUTPUT
                            + " DIR, e.g. --" + CliOptions.OUTPUT + " docs/rules");
                }
                return new Invocation(command, false, format, locale, SessionOptions.DEFAULT_MAX_LATENESS, null,
                        false, verbose, List.of(), null, output, "text", null, List.of(), List.of(), false,
                        DiagnosisFilter.NONE);
            }
            default:
                throw new IllegalStateException("no options for " + command);
        }
    }

    private static Invocation.Format format(Invocation.Command command, String value) throws UsageException {
        if (value == null) {
            return Invocation.Format.TEXT;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Invocation.Format f : Invocation.Format.values()) {
            if (f.word().equals(v) && (f != Invocation.Format.JSONL || command == Invocation.Command.DIAGNOSE)) {
                return f;
            }
        }
        throw new UsageException(command, "--" + CliOptions.FORMAT + ": unknown format [" + value + "]: use "
                + (command == Invocation.Command.DIAGNOSE ? "text, json or jsonl" : "text or json"));
    }

    static Locale locale(Invocation.Command command, String value) throws UsageException {
        if (value == null) {
            return Locale.ENGLISH;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "en":
                return Locale.ENGLISH;
            case "nl":
                return new Locale("nl");
            default:
                throw new UsageException(command, "--" + CliOptions.LANG + ": unknown language [" + value
                        + "]: use en or nl");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Help and version.

    static void printGeneralHelp(PrintStream out) {
        out.print(String.join("\n",
                "Usage: iothub-kb <command> [options]",
                "",
                "Diagnoses Azure IoT Hub errors from the hub's resource logs.",
                "",
                "Commands:",
                "  diagnose FILE|- ...   diagnose resource-log files (plain or gzip), - for standard input",
                "  explain CODE          what an error code means, its causes and fixes",
                "  list                  every error code the knowledge base knows",
                "  docs --output DIR     write the error catalogue as Markdown pages (docs/rules)",
                "  plugins               list the plugins found: parsers, output formats, rule packs",
                "  serve                 answer diagnoses over HTTP on 127.0.0.1:8080 (docs/server.md)",
                "  bench                 measure parse and diagnose speed on a generated log (docs/performance.md)",
                "  validate PATH ...     check rule files (.drl and their texts): file:line:column: problem",
                "  test PATH ...         run scenario files (cases.json) against the rules: N passed, N failed",
                "  help [COMMAND]        show this help, or a command's help",
                "",
                "Options:",
                "  -h, --help            show this help",
                "  -V, --version         show the version",
                "",
                "Run 'iothub-kb <command> --help' for a command's options.",
                "",
                "Writing your own rules: docs/authoring.md.",
                "",
                "Exit codes: 0 ran, 1 --fail-on threshold met or a scenario failed, 2 usage error or unreadable",
                "input (or a rejected record with --strict), 3 the rules failed to build or validate found an",
                "error, 4 unexpected error.",
                ""));
        out.flush();
    }

    private void printCommandHelp(Invocation.Command command) throws IOException {
        String syntax;
        String header;
        switch (command) {
            case DIAGNOSE:
                syntax = "iothub-kb diagnose [options] FILE|- ...";
                header = "Diagnoses IoT Hub logs: Azure Monitor resource logs (JSON Lines or {\"records\":[...]}),"
                        + " Event Grid device events, iothub-kb event facts, or any format a parser plugin reads;"
                        + " plain or gzip; - reads standard input. Each input's format is detected unless"
                        + " --input-format names it. All inputs are read as one stream of events.";
                break;
            case EXPLAIN:
                syntax = "iothub-kb explain [options] CODE";
                header = "Explains an IoT Hub error code: what it means, its causes and how to fix them.";
                break;
            case PLUGINS:
                syntax = "iothub-kb plugins [options]";
                header = "Lists the plugins found on the class path and in the plugin folders (--plugins, and"
                        + " IOTHUB_KB_PLUGINS, a list of folders or jars separated by '" + java.io.File.pathSeparator
                        + "'): input parsers, output formats (sinks) and rule packs, with id, kind, version and"
                        + " jar, then the plugins that failed to load and why.";
                break;
            case VALIDATE:
                syntax = "iothub-kb validate [options] PATH ...";
                header = "Checks your rule files: PATH is a .drl file or a folder searched for them. The files are"
                        + " compiled together with the built-in rules, and every rule with @code is checked for"
                        + " @code, @name, @cause (kebab-case) and @severity, https @ref links, and its title,"
                        + " detail and fix.1 texts in messages.properties next to the file. Each problem is printed"
                        + " as file:line:column: message (column 0 where the compiler gives none); a missing Dutch"
                        + " text in messages_nl.properties is a warning. See docs/authoring.md.";
                break;
            case TEST:
                syntax = "iothub-kb test [options] [PATH ...]";
                header = "Runs scenario files against the built-in rules plus --rules: PATH is a cases.json file"
                        + " or a folder searched for cases.json. Each case feeds its input file through a new"
                        + " session and expects exactly the diagnoses it lists. Prints each failed case (file, case"
                        + " name, what differed), then 'N passed, N failed'. Without PATH it runs the scenarios that"
                        + " the rule packs among the plugins (--plugins) carry. See docs/authoring.md.";
                break;
            case DOCS:
                syntax = "iothub-kb docs --output DIR [options]";
                header = "Writes the error catalogue as Markdown, generated from the rules' metadata and message"
                        + " bundles: DIR/README.md (the families, how confidence is defined, how the pages are made)"
                        + " and one page per code family, e.g. DIR/404xxx.md. The committed catalogue is"
                        + " regenerated with '" + DocsRunner.COMMAND + "'.";
                break;
            default:
                syntax = "iothub-kb list [options]";
                header = "Lists every error code the knowledge base knows, by family.";
                break;
        }
        StringBuilder sb = new StringBuilder("Usage: ").append(syntax).append("\n\n");
        Text.wrap(sb, header, "", "");
        sb.append('\n');
        StringBuilder options = new StringBuilder();
        TextHelpAppendable table = new TextHelpAppendable(options);
        table.setLeftPad(2);
        table.setIndent(2);
        table.setMaxWidth(Text.WIDTH);
        HelpFormatter formatter = HelpFormatter.builder()
                .setHelpAppendable(table)
                .setShowSince(false)
                .get();
        formatter.printOptions(CliOptions.forCommand(command));
        for (String line : options.toString().split("\\R")) {
            if (!line.isBlank()) {
                sb.append(line.stripTrailing()).append('\n');
            }
        }
        sb.append('\n');
        Text.wrap(sb, footer(command), "", "");
        env.out().print(sb);
        env.out().flush();
    }

    private static String footer(Invocation.Command command) {
        if (command == Invocation.Command.DIAGNOSE) {
            return "Exit codes: 0 ran, 1 --fail-on threshold met, 2 usage error, unreadable input or (with"
                    + " --strict) a rejected record, 3 the rules failed to build, 4 unexpected error.";
        }
        if (command == Invocation.Command.VALIDATE) {
            return "Exit codes: 0 no errors (warnings allowed), 2 usage error, 3 a rule file has an error, 4"
                    + " unexpected error.";
        }
        if (command == Invocation.Command.TEST) {
            return "Exit codes: 0 every case passed, 1 a case failed, 2 usage error, a missing or malformed"
                    + " scenario file, 3 the rules failed to build, 4 unexpected error.";
        }
        if (command == Invocation.Command.DOCS) {
            return "Exit codes: 0 written, 2 usage error or the directory cannot be written, 3 the rules failed to"
                    + " build, 4 unexpected error.";
        }
        return "Exit codes: 0 ran, 2 usage error or unknown code, 3 the rules failed to build, 4 unexpected error.";
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        String v = p.getProperty("version");
        return v == null || v.startsWith("${") ? "unknown" : v;
    }
}
