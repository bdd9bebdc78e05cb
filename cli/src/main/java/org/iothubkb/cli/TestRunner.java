package org.iothubkb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
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
import org.iothubkb.core.spi.RulePack;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

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
     * Copies the rule packs' scenario files and the inputs they name out of their jars, so that they run like files
     * on disk; {@code shownAs} maps each copy to {@code pack-id:resource} for the messages.
     */
    private static List<Path> packScenarios(PluginRegistry plugins, Map<Path, String> shownAs) throws InputException {
        List<Path> out = new ArrayList<>();
        for (RulePack pack : plugins.rulePacks()) {
            ClassLoader loader = pack.getClass().getClassLoader();
            for (String res : pack.scenarioResources()) {
                String where = pack.id() + ":" + res;
                try {
                    Path dir = Files.createTempDirectory("iothub-kb-pack-");
                    dir.toFile().deleteOnExit();
                    byte[] cases = resource(loader, res, where);
                    Path copy = dir.resolve(ScenarioFile.FILE_NAME);
                    Files.write(copy, cases);
                    copy.toFile().deleteOnExit();
                    String folder = res.contains("/") ? res.substring(0, res.lastIndexOf('/') + 1) : "";
                    for (String input : inputsOf(cases, where)) {
                        Path target = dir.resolve(input).normalize();
                        if (!target.startsWith(dir)) {
                            throw new InputException("scenario file [" + where + "] names an input outside its"
                                    + " folder: [" + input + "]");
                        }
                        Files.createDirectories(target.getParent());
                        Files.write(target, resource(loader, folder + input, pack.id() + ":" + folder + input));
                        target.toFile().deleteOnExit();
                    }
                    shownAs.put(copy, where);
                    out.add(copy);
                } catch (IOException e) {
                    throw new InputException("cannot copy the scenarios of rule pack [" + pack.id() + "]: "
                            + e.getMessage());
                }
            }
        }
        return out;
    }

    private static byte[] resource(ClassLoader loader, String name, String where) throws IOException, InputException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new InputException("rule pack resource [" + where + "] is not in its jar");
            }
            return in.readAllBytes();
        }
    }

    private static List<String> inputsOf(byte[] cases, String where) throws InputException {
        List<String> inputs = new ArrayList<>();
        try (JsonReader r = Json.createReader(new java.io.ByteArrayInputStream(cases))) {
            JsonObject root = r.readObject();
            for (JsonValue c : root.getJsonArray("cases")) {
                String input = c.asJsonObject().getString("input", null);
                if (input != null && !inputs.contains(input)) {
                    inputs.add(input);
                }
            }
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new InputException("scenario file [" + where + "] is not a cases.json: " + e.getMessage());
        }
        return inputs;
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
        PluginRegistry plugins = PluginSupport.load(inv, env);
        Map<Path, String> shownAs = new HashMap<>();
        List<Path> files;
        if (paths.isEmpty()) {
            files = packScenarios(plugins, shownAs);
            if (files.isEmpty()) {
                throw new InputException("no scenarios given, and no rule pack among the plugins carries any:"
                        + " name cases.json files or folders, e.g. 'iothub-kb test --rules my-rules my-scenarios'");
            }
        } else {
            files = ScenarioRunner.find(paths);
        }
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
                env.out().println(msg.get("test.failed", shownAs.getOrDefault(file.getPath(), file.getPath().toString()),
                        c.getName(), lines[0]));
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
