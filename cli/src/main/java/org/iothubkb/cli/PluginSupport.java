package org.iothubkb.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.PluginRegistry;

/** Finds the plugins and builds the knowledge base the same way for every command. */
final class PluginSupport {

    /** Plugin folders or jars, separated like a class path; read besides {@code --plugins}. */
    static final String PLUGINS_ENV = "IOTHUB_KB_PLUGINS";

    private PluginSupport() {
    }

    /** The plugin locations: {@code --plugins} first, then {@value #PLUGINS_ENV}. */
    static List<Path> locations(Invocation inv) throws InputException {
        List<String> given = new ArrayList<>(inv.plugins());
        String fromEnv = System.getenv(PLUGINS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String s : fromEnv.split(File.pathSeparator)) {
                if (!s.isBlank()) {
                    given.add(s.trim());
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (String s : given) {
            Path p = path(s, "plugins");
            if (!Files.exists(p)) {
                throw new InputException("cannot read plugins [" + s + "]: no such folder or jar");
            }
            out.add(p);
        }
        return out;
    }

    /**
     * The plugins; those that failed to load are reported on stderr, one line each, and the run goes on.
     *
     * @throws org.iothubkb.core.api.PluginConflictException if two plugins of one kind share an id
     */
    static PluginRegistry load(Invocation inv, Env env) throws InputException {
        PluginRegistry registry = env.plugins().apply(locations(inv));
        for (PluginRegistry.Failure f : registry.failures()) {
            env.err().println("iothub-kb: warning: plugin not loaded: " + Text.oneLine(f.toString()));
        }
        return registry;
    }

    /** The built-in rules plus {@code --rules} and the plugins' rule packs. */
    static KnowledgeBase knowledgeBase(Invocation inv, Env env, PluginRegistry registry) throws InputException {
        List<Path> rules = new ArrayList<>();
        for (String s : inv.rules()) {
            Path p = path(s, "rules");
            if (!Files.isReadable(p)) {
                throw new InputException("cannot read rules [" + s + "]: no such file or folder");
            }
            rules.add(p);
        }
        return env.kbFactory().apply(new RulesRequest(inv.locale(), rules, registry.rulePacks()));
    }

    private static Path path(String s, String what) throws InputException {
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new InputException("cannot read " + what + " [" + s + "]: not a valid path");
        }
    }
}
