package org.iothubkb.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.api.Severity;

/**
 * One command line, parsed and checked: what to run and how. Immutable; built only by {@link Main}.
 *
 * @param command     what to run
 * @param help        whether to print the command's help instead of running it
 * @param format      the output format
 * @param locale      the language of the texts
 * @param maxLateness the allowed lateness of events ({@code diagnose})
 * @param failOn      the severity from which {@code diagnose} exits with 1, or {@code null}
 * @param strict      whether a rejected record makes {@code diagnose} exit with 2
 * @param verbose     whether to log at INFO
 * @param inputs      the files to read, {@code -} for standard input ({@code diagnose}); the rule files or folders
 *                    ({@code validate}); the scenario files or folders ({@code test})
 * @param code        the error code to explain ({@code explain}), or {@code null}
 * @param output      the directory to write the catalogue pages to ({@code docs}), the file to write the report to
 *                    ({@code diagnose}, instead of standard output), or {@code null}
 * @param sink        the id of the output sink ({@code diagnose --format}): text, json, jsonl or a plugin's
 * @param inputFormat the parser id to read every input with ({@code --input-format}), or {@code null} to detect
 * @param rules       the user's rule folders or files ({@code --rules}), added to the built-in rules
 * @param plugins     plugin folders or jars ({@code --plugins} and {@code IOTHUB_KB_PLUGINS})
 * @param quiet       whether {@code diagnose} keeps stderr for errors and warnings: no progress line, no summary
 * @param filter      which diagnoses {@code diagnose} reports ({@code --since}, {@code --until}, {@code --device})
 */
record Invocation(Command command, boolean help, Format format, Locale locale, Duration maxLateness,
                  Severity failOn, boolean strict, boolean verbose, List<String> inputs, String code,
                  String output, String sink, String inputFormat, List<String> rules, List<String> plugins,
                  boolean quiet, DiagnosisFilter filter) {

    /** The name used for standard input on the command line. */
    static final String STDIN = "-";

    /** The commands. */
    enum Command {
        /** Diagnose log files. */
        DIAGNOSE("diagnose"),
        /** Explain one error code. */
        EXPLAIN("explain"),
        /** List the known error codes. */
        LIST("list"),
        /** Write the catalogue documentation. */
        DOCS("docs"),
        /** Check rule files. */
        VALIDATE("validate"),
        /** Run scenario files against the rules. */
        TEST("test"),
        /** List the plugins found. */
        PLUGINS("plugins"),
        /** Answer over HTTP ({@link ServeRunner} parses its own options). */
        SERVE("serve"),
        /** Print the list of commands. */
        HELP("help"),
        /** Print the version. */
        VERSION("version");

        private final String word;

        Command(String word) {
            this.word = word;
        }

        /** The word on the command line. */
        String word() {
            return word;
        }
    }

    /** Output formats. */
    enum Format {
        /** Human-readable text. */
        TEXT,
        /** One JSON object. */
        JSON,
        /** One JSON object per diagnosis per line. */
        JSONL;

        /** The word on the command line. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Invocation {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(maxLateness, "maxLateness");
        inputs = List.copyOf(inputs);
        rules = List.copyOf(rules);
        plugins = List.copyOf(plugins);
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(filter, "filter");
    }

    /** A copy with the options every command that builds a knowledge base shares. */
    Invocation withRulesAndPlugins(List<String> rules, List<String> plugins) {
        return new Invocation(command, help, format, locale, maxLateness, failOn, strict, verbose, inputs, code,
                output, sink, inputFormat, rules, plugins, quiet, filter);
    }

    /** A copy for {@code diagnose}'s output sink and input format. */
    Invocation withSinkAndInputFormat(String sink, String inputFormat) {
        return new Invocation(command, help, format, locale, maxLateness, failOn, strict, verbose, inputs, code,
                output, sink, inputFormat, rules, plugins, quiet, filter);
    }

    /** A copy for {@code diagnose --quiet}. */
    Invocation withQuiet(boolean quiet) {
        return new Invocation(command, help, format, locale, maxLateness, failOn, strict, verbose, inputs, code,
                output, sink, inputFormat, rules, plugins, quiet, filter);
    }

    /** An invocation of {@code command} with every option at its default. */
    static Invocation of(Command command) {
        return new Invocation(command, false, Format.TEXT, Locale.ENGLISH, SessionOptions.DEFAULT_MAX_LATENESS,
                null, false, false, List.of(), null, null, "text", null, List.of(), List.of(), false,
                DiagnosisFilter.NONE);
    }
}
