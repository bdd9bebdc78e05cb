package org.iothubkb.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.CaseResult;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.api.ScenarioFile;
import org.iothubkb.core.api.ScenarioFileException;
import org.iothubkb.core.api.ScenarioResult;
import org.iothubkb.core.api.ScenarioRunner;

/**
 * Runs {@code iothub-kb test}: the scenario files' cases against the built-in rules plus {@code --rules}, one line
 * per failed case, then {@code N passed, N failed}.
 */
final class TestRunner {

    private final Invocation inv;
    private final Env env;

    TestRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /**
     * @return {@link ExitCodes#OK} when every case passed, {@link ExitCodes#CASES_FAILED} when one failed
     * @throws InputException if a path does not exist, holds no scenario file, or a scenario file is malformed
     */
    int run() throws InputException {
        Messages msg = Messages.forLocale(inv.locale());
        List<Path> paths = new ArrayList<>();
        for (String s : inv.inputs()) {
            Path p;
            try {
                p = Path.of(s);
            } catch (InvalidPathException e) {
                throw new InputException("cannot read [" + s + "]: not a valid path");
            }
            if (!Files.exists(p)) {
                throw new InputException("cannot read [" + s + "]: no such file or folder");
            }
            paths.add(p);
        }
        List<Path> files = ScenarioRunner.find(paths);
        if (files.isEmpty()) {
            throw new InputException(msg.get("test.none", String.join(", ", inv.inputs())));
        }
        // Read every file before the rules are built: a typo in a scenario should not wait for the compiler.
        List<ScenarioFile> scenarios = new ArrayList<>();
        for (Path f : files) {
            try {
                scenarios.add(ScenarioFile.read(f));
            } catch (ScenarioFileException e) {
                throw new InputException(e.getMessage());
            }
        }
        PluginRegistry plugins = PluginSupport.load(inv, env);
        if (plugins.parsers().isEmpty()) {
            throw new IllegalStateException("no input parser found to read the scenarios' inputs with");
        }
        KnowledgeBase kb = PluginSupport.knowledgeBase(inv, env, plugins);
        ScenarioRunner runner = new ScenarioRunner(kb, plugins.parsers());

        int passed = 0;
        int failed = 0;
        int toFix = 0;
        for (ScenarioFile file : scenarios) {
            ScenarioResult result = runner.run(file);
            for (CaseResult c : result.getCases()) {
                if (c.isPassed()) {
                    passed++;
                    toFix += c.getCase().isToFix() ? 1 : 0;
                    continue;
                }
                failed++;
                String[] lines = c.getProblem().split("\\R");
                env.out().println(msg.get("test.failed", file.getPath(), c.getName(), lines[0]));
                for (int i = 1; i < lines.length; i++) {
                    env.out().println("    " + lines[i]);
                }
            }
        }
        env.out().println(msg.get("test.summary", passed, failed)
                + (toFix > 0 ? " " + msg.get("test.toFix", toFix) : ""));
        env.out().flush();
        return failed > 0 ? ExitCodes.CASES_FAILED : ExitCodes.OK;
    }
}
