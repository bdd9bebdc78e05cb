package org.iothubkb.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Defines the options of each subcommand, and nothing else: reading them is {@link Main}'s job.
 *
 * <p>The long option names are a contract used by scripts; do not rename them.
 */
final class CliOptions {

    static final String FORMAT = "format";
    static final String LANG = "lang";
    static final String MAX_LATENESS = "max-lateness";
    static final String FAIL_ON = "fail-on";
    static final String STRICT = "strict";
    static final String SINCE = "since";
    static final String UNTIL = "until";
    static final String DEVICE = "device";
    static final String VERBOSE = "verbose";
    static final String QUIET = "quiet";
    static final String HELP = "help";
    static final String OUTPUT = "output";
    static final String RULES = "rules";
    static final String PLUGINS = "plugins";
    static final String INPUT_FORMAT = "input-format";
    static final String BIND = "bind";
    static final String PORT = "port";
    static final String TOKEN_FILE = "token-file";
    static final String MAX_SESSIONS = "max-sessions";
    static final String MAX_EVENTS_PER_SESSION = "max-events-per-session";
    static final String CLIENT_TIMEOUT = "client-timeout";

    private CliOptions() {
    }

    /** The options of {@code command}. */
    static Options forCommand(Invocation.Command command) {
        switch (command) {
            case DIAGNOSE:
                return diagnose();
            case EXPLAIN:
                return explain();
            case LIST:
                return list();
            case DOCS:
                return docs();
            case PLUGINS:
                return plugins();
            case SERVE:
                return serve();
            case VALIDATE:
                return validate();
            case TEST:
                return test();
            default:
                throw new IllegalArgumentException("No options for command [" + command + "]");
        }
    }

    static Options diagnose() {
        return new Options()
                .addOption(format("text|json|jsonl|markdown|html|id", "output format: text (default), json (one"
                        + " object), jsonl (one diagnosis per line, summary on stderr), markdown (a ticket-ready"
                        + " section per root cause), html (a self-contained page with timelines; use with --output)"
                        + " or the id of a sink plugin"))
                .addOption(Option.builder().longOpt(OUTPUT).hasArg().argName("file")
                        .desc("write the report to this file instead of standard output; the file is replaced only"
                                + " once the report is complete").get())
                .addOption(Option.builder().longOpt(INPUT_FORMAT).hasArg().argName("id")
                        .desc("read every input with this parser (azure-monitor-logs, log-analytics, event-grid,"
                                + " facts or a plugin's id) instead of detecting each input's format").get())
                .addOption(rules())
                .addOption(pluginsOption())
                .addOption(lang())
                .addOption(Option.builder().longOpt(MAX_LATENESS).hasArg().argName("duration")
                        .desc("how late an event may arrive and still be put in its place in time, e.g. 90s, 2m,"
                                + " 1h, 500ms or PT2M (default 2m)").get())
                .addOption(Option.builder().longOpt(FAIL_ON).hasArg().argName("warning|error")
                        .desc("exit with 1 if any diagnosis is at least this severe"
                                + " (info, warning, error or critical)").get())
                .addOption(Option.builder().longOpt(STRICT)
                        .desc("exit with 2 if any input record was rejected").get())
                .addOption(Option.builder().longOpt(SINCE).hasArg().argName("time")
                        .desc("report only diagnoses still going on at or after this time, e.g."
                                + " 2026-11-02T08:00:00Z or 2026-11-02 (every record is still read: context counts)")
                        .get())
                .addOption(Option.builder().longOpt(UNTIL).hasArg().argName("time")
                        .desc("report only diagnoses that began before this time").get())
                .addOption(Option.builder().longOpt(DEVICE).hasArg().argName("pattern")
                        .desc("report only diagnoses of matching devices (* and ? as in a shell; repeatable),"
                                + " and the root causes they point to").get())
                .addOption(Option.builder().longOpt(QUIET)
                        .desc("print only errors and warnings on stderr: no progress line while big inputs are"
                                + " read, no summary line after jsonl").get())
                .addOption(verbose())
                .addOption(help());
    }

    static Options explain() {
        return new Options()
                .addOption(format("text|json", "output format: text (default) or json"))
                .addOption(rules())
                .addOption(pluginsOption())
                .addOption(lang())
                .addOption(verbose())
                .addOption(help());
    }

    static Options list() {
        return new Options()
                .addOption(format("text|json", "output format: text (default) or json"))
                .addOption(rules())
                .addOption(pluginsOption())
                .addOption(lang())
                .addOption(verbose())
                .addOption(help());
    }

    static Options docs() {
        return new Options()
                .addOption(Option.builder().longOpt(OUTPUT).hasArg().argName("dir")
                        .desc("the directory to write README.md and one page per code family to (created if"
                                + " missing); the committed catalogue is docs/rules").get())
                .addOption(lang())
                .addOption(verbose())
                .addOption(help());
    }

    static Options validate() {
        return new Options()
                .addOption(lang())
                .addOption(verbose())
                .addOption(help());
    }

    static Options test() {
        return new Options()
                .addOption(rules())
                .addOption(pluginsOption())
                .addOption(lang())
                .addOption(verbose())
                .addOption(help());
    }

    static Options plugins() {
        return new Options()
                .addOption(format("text|json", "output format: text (default) or json"))
                .addOption(pluginsOption())
                .addOption(verbose())
                .addOption(help());
    }

    static Options serve() {
        return new Options()
                .addOption(Option.builder().longOpt(BIND).hasArg().argName("address")
                        .desc("the address to listen on (default 127.0.0.1: this machine only)").get())
                .addOption(Option.builder().longOpt(PORT).hasArg().argName("port")
                        .desc("the port to listen on (default 8080; 0 picks a free one)").get())
                .addOption(rules())
                .addOption(pluginsOption())
                .addOption(lang())
                .addOption(Option.builder().longOpt(MAX_LATENESS).hasArg().argName("duration")
                        .desc("how late an event may arrive, unless a request says otherwise (default 2m)").get())
                .addOption(Option.builder().longOpt(TOKEN_FILE).hasArg().argName("file")
                        .desc("require Authorization: Bearer <token> on every request but GET /healthz, with the"
                                + " token read from this file (not readable by other users)").get())
                .addOption(Option.builder().longOpt(MAX_SESSIONS).hasArg().argName("n")
                        .desc("how many streaming sessions may be open at once (default 64)").get())
                .addOption(Option.builder().longOpt(MAX_EVENTS_PER_SESSION).hasArg().argName("n")
                        .desc("how many events one session takes in all (default 1000000)").get())
                .addOption(Option.builder().longOpt(CLIENT_TIMEOUT).hasArg().argName("duration")
                        .desc("how long a client may take to send a request or take an answer (default 30s)")
                        .get())
                .addOption(verbose())
                .addOption(help());
    }

    /** {@code --rules DIR}: repeatable. */
    static Option rules() {
        return Option.builder().longOpt(RULES).hasArg().argName("dir|file")
                .desc("add your own rule files (*.drl, with their messages*.properties) to the built-in rules;"
                        + " a folder is searched recursively; repeatable").get();
    }

    /** {@code --plugins DIR}: repeatable. */
    static Option pluginsOption() {
        return Option.builder().longOpt(PLUGINS).hasArg().argName("dir|jar")
                .desc("load plugin jars from this folder (or this jar), besides IOTHUB_KB_PLUGINS; repeatable")
                .get();
    }

    private static Option format(String values, String desc) {
        return Option.builder().longOpt(FORMAT).hasArg().argName(values).desc(desc).get();
    }

    private static Option lang() {
        return Option.builder().longOpt(LANG).hasArg().argName("en|nl")
                .desc("language of the texts: en (default) or nl").get();
    }

    private static Option verbose() {
        return Option.builder().longOpt(VERBOSE).desc("log what the engine does (at INFO) on stderr").get();
    }

    private static Option help() {
        return Option.builder("h").longOpt(HELP).desc("show this help and exit").get();
    }
}
