package org.iothubkb.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.spi.EventParser;

/**
 * What a runner works with: the standard streams (both UTF-8), how to build the knowledge base and where the
 * parsers come from. Tests pass their own.
 *
 * @param stdin     standard input
 * @param out       diagnoses and answers
 * @param err       problems, usage errors, logs
 * @param kbFactory builds the knowledge base for a locale; may throw {@code RuleBuildException}
 * @param parsers   the input parsers, in {@link java.util.ServiceLoader} order
 */
record Env(InputStream stdin, PrintStream out, PrintStream err, Function<Locale, KnowledgeBase> kbFactory,
           Supplier<List<EventParser>> parsers) {

    Env {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(kbFactory, "kbFactory");
        Objects.requireNonNull(parsers, "parsers");
    }
}
