package org.iothubkb.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.PluginRegistry;

/**
 * What a runner works with: the standard streams (both UTF-8), how to build the knowledge base and how to find
 * the plugins. Tests pass their own.
 *
 * @param stdin     standard input
 * @param out       diagnoses and answers
 * @param err       problems, usage errors, logs
 * @param kbFactory builds the knowledge base; may throw {@code RuleBuildException}
 * @param plugins   finds the plugins on the class path and in the given plugin folders or jars; may throw
 *                  {@code PluginConflictException}
 * @param stderrIsTerminal whether {@code err} is a terminal, where a progress line may be drawn; see
 *                  {@link Progress#stderrIsTerminal()}
 */
record Env(InputStream stdin, PrintStream out, PrintStream err, Function<RulesRequest, KnowledgeBase> kbFactory,
           Function<List<Path>, PluginRegistry> plugins, boolean stderrIsTerminal) {

    /** Streams that are not a terminal, as in tests and pipes. */
    Env(InputStream stdin, PrintStream out, PrintStream err, Function<RulesRequest, KnowledgeBase> kbFactory,
        Function<List<Path>, PluginRegistry> plugins) {
        this(stdin, out, err, kbFactory, plugins, false);
    }

    Env {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(kbFactory, "kbFactory");
        Objects.requireNonNull(plugins, "plugins");
    }
}
