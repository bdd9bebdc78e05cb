package org.iothubkb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.iothubkb.core.api.RuleProblem;
import org.iothubkb.core.api.RuleValidator;

/**
 * Runs {@code iothub-kb validate}: compiles the user's rule files with the built-in rules, checks their metadata
 * and texts, and prints every problem as {@code file:line:column: message}, then a summary.
 */
final class ValidateRunner {

    private final Invocation inv;
    private final Env env;

    ValidateRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /** @return {@link ExitCodes#OK} without errors (warnings allowed), else {@link ExitCodes#RULES_FAILED} */
    int run() throws InputException {
        List<Path> paths = new ArrayList<>();
        for (String s : inv.inputs()) {
            try {
                paths.add(Path.of(s));
            } catch (InvalidPathException e) {
                throw new InputException("cannot read [" + s + "]: not a valid path");
            }
        }
        List<RuleProblem> problems = new RuleValidator(true).validate(paths);
        int errors = 0;
        for (RuleProblem p : problems) {
            env.out().println(Text.oneLine(p.toString()));
            if (p.isError()) {
                errors++;
            }
        }
        Messages msg = Messages.forLocale(inv.locale());
        env.out().println(msg.get("validate.summary", errors, problems.size() - errors, countRuleFiles(paths)));
        env.out().flush();
        return errors > 0 ? ExitCodes.RULES_FAILED : ExitCodes.OK;
    }

    private static long countRuleFiles(List<Path> paths) {
        long n = 0;
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    n += s.filter(f -> f.toString().endsWith(".drl") && Files.isRegularFile(f)).count();
                } catch (IOException e) {
                    // the validator has reported the folder as unreadable
                }
            } else if (Files.isRegularFile(p)) {
                n++;
            }
        }
        return n;
    }
}
