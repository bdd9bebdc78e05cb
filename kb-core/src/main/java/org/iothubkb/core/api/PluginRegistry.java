package org.iothubkb.core.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.iothubkb.core.spi.DiagnosisSink;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.Plugin;
import org.iothubkb.core.spi.RulePack;

/**
 * The plugins found on a class path and in plugin folders: input parsers, output sinks and rule packs, each found
 * with {@link ServiceLoader} in its jar's {@code META-INF/services}.
 *
 * <p>Discovery never stops at a broken plugin: a class that is missing, cannot be instantiated, does not implement
 * its interface, or throws when asked its id is recorded as a {@link Failure} with its class and jar, and the
 * others load. Only two plugins of one kind with the same id stop it ({@link PluginConflictException}), since
 * neither could then be chosen by id. Immutable once built; safe to share across threads.
 *
 * <pre>{@code
 * PluginRegistry plugins = PluginRegistry.discover(List.of(Path.of("plugins")));
 * plugins.failures().forEach(f -> System.err.println("plugin not loaded: " + f));
 * EventParser parser = plugins.parser("event-grid").orElseThrow();
 * }</pre>
 *
 * @since 0.2
 */
public final class PluginRegistry {

    /** The kinds of plugin and their interfaces. */
    public enum Kind {
        /** Reads an input format: {@link EventParser}. */
        PARSER("parser", EventParser.class),
        /** Writes an output format: {@link DiagnosisSink}. */
        SINK("sink", DiagnosisSink.class),
        /** Contributes rules: {@link RulePack}. */
        RULE_PACK("rule-pack", RulePack.class);

        private final String id;
        private final Class<? extends Plugin> type;

        Kind(String id, Class<? extends Plugin> type) {
            this.id = id;
            this.type = type;
        }

        /** The kind as {@code iothub-kb plugins} prints it, e.g. {@code rule-pack}. */
        public String id() {
            return id;
        }

        /** The interface a plugin of this kind implements. */
        public Class<? extends Plugin> type() {
            return type;
        }
    }

    /** One loaded plugin. */
    public record Entry(Kind kind, String id, String version, String className, String jar, String description,
                        Plugin plugin) {
    }

    /** A plugin that could not be loaded, and why; {@code kind} is {@code null} for a jar that cannot be read. */
    public record Failure(Kind kind, String className, String jar, String reason) {
        @Override
        public String toString() {
            return (kind == null ? "jar" : kind.id()) + " " + (className == null ? "" : className + " ") + "(" + jar
                    + "): " + reason;
        }
    }

    private static final Pattern PROVIDER = Pattern.compile("Provider ([\\w$.]+)");
    private static final int MAX_FAILURES_PER_KIND = 1000;

    private final List<Entry> entries;
    private final List<Failure> failures;

    private PluginRegistry(List<Entry> entries, List<Failure> failures) {
        this.entries = List.copyOf(entries);
        this.failures = List.copyOf(failures);
    }

    /**
     * The plugins visible to {@code loader}.
     *
     * @throws PluginConflictException if two plugins of one kind have the same id
     */
    public static PluginRegistry discover(ClassLoader loader) {
        return discover(loader, new ArrayList<>());
    }

    /**
     * The plugins on this library's class path plus those in {@code locations}: folders (every {@code *.jar} in
     * them, not recursive) or single jar files. A location that does not exist is ignored; a jar that cannot be
     * read is a {@link Failure}.
     *
     * @throws PluginConflictException if two plugins of one kind have the same id
     */
    public static PluginRegistry discover(List<Path> locations) {
        List<Failure> failures = new ArrayList<>();
        List<URL> jars = new ArrayList<>();
        for (Path location : locations) {
            for (Path jar : jarsIn(location, failures)) {
                try (JarFile ignored = new JarFile(jar.toFile())) {
                    jars.add(jar.toUri().toURL());
                } catch (IOException | SecurityException e) {
                    failures.add(new Failure(null, null, jar.toString(), "not a readable jar: " + e.getMessage()));
                }
            }
        }
        ClassLoader parent = PluginRegistry.class.getClassLoader();
        ClassLoader loader = jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(new URL[0]), parent);
        return discover(loader, failures);
    }

    /**
     * A registry of plugins given directly, e.g. by an application that embeds iothub-kb with its own parser.
     * Each plugin is registered under every kind whose interface it implements.
     *
     * @throws PluginConflictException if two plugins of one kind have the same id
     */
    public static PluginRegistry of(List<? extends Plugin> plugins) {
        List<Entry> entries = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Map<String, Entry> byId = new LinkedHashMap<>();
            for (Plugin p : plugins) {
                if (!kind.type().isInstance(p)) {
                    continue;
                }
                String cls = p.getClass().getName();
                Entry e = new Entry(kind, p.id(), p.version(), cls, jarOf(p.getClass(), "?"), p.description(), p);
                Entry other = byId.putIfAbsent(e.id(), e);
                if (other != null) {
                    throw new PluginConflictException("Two " + kind.id() + " plugins have the id [" + e.id()
                            + "]: " + other.className() + " and " + cls);
                }
            }
            entries.addAll(byId.values());
        }
        return new PluginRegistry(entries, List.of());
    }

    private static List<Path> jarsIn(Path location, List<Failure> failures) {
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        if (!Files.isDirectory(location)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(location)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
                    .collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            failures.add(new Failure(null, null, location.toString(), "cannot list the folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static PluginRegistry discover(ClassLoader loader, List<Failure> failures) {
        List<Entry> entries = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Map<String, Entry> byId = new LinkedHashMap<>();
            Map<String, List<String>> jarsOfClass = declaringJars(loader, kind);
            Map<String, String> jarOfClass = new HashMap<>();
            jarsOfClass.forEach((cls, jars) -> jarOfClass.put(cls, jars.get(0)));
            Iterator<? extends Plugin> it = ServiceLoader.load(kind.type(), loader).iterator();
            int failed = 0;
            while (failed < MAX_FAILURES_PER_KIND) {
                Plugin p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    // The JDK's iterator moves past the provider that failed, so the others still load.
                    failed++;
                    String cls = providerOf(e, jarOfClass.keySet());
                    failures.add(new Failure(kind, cls, jarOfClass.getOrDefault(cls, "?"), reason(e)));
                    continue;
                }
                String cls = p.getClass().getName();
                String jar = jarOf(p.getClass(), jarOfClass.getOrDefault(cls, "?"));
                Entry entry;
                List<String> holders = jarsOfClass.getOrDefault(cls, List.of());
                try {
                    String id = p.id();
                    if (holders.size() > 1) {
                        // Two copies (often two versions) of one plugin: which one loads would be an accident.
                        throw new PluginConflictException("Two jars hold the " + kind.id() + " plugin [" + id
                                + "] (" + cls + "): " + String.join(" and ", holders) + "; remove one of the jars");
                    }
                    if (id == null || id.isBlank()) {
                        failures.add(new Failure(kind, cls, jar, "its id() is empty"));
                        continue;
                    }
                    entry = new Entry(kind, id, p.version(), cls, jar, p.description(), p);
                } catch (PluginConflictException e) {
                    throw e;
                } catch (RuntimeException | LinkageError e) {
                    failed++;
                    failures.add(new Failure(kind, cls, jar, "failed to describe itself: " + reason(e)));
                    continue;
                }
                Entry other = byId.putIfAbsent(entry.id(), entry);
                if (other != null) {
                    throw new PluginConflictException("Two " + kind.id() + " plugins have the id [" + entry.id()
                            + "]: " + other.className() + " (" + other.jar() + ") and " + cls + " (" + jar
                            + "); remove one of the jars");
                }
            }
            entries.addAll(byId.values());
        }
        return new PluginRegistry(entries, failures);
    }

    /** Which jar's services file names each provider class, to name the jar of a provider that failed to load. */
    private static Map<String, List<String>> declaringJars(ClassLoader loader, Kind kind) {
        Map<String, List<String>> out = new HashMap<>();
        try {
            Enumeration<URL> files = loader.getResources("META-INF/services/" + kind.type().getName());
            while (files.hasMoreElements()) {
                URL url = files.nextElement();
                String jar = location(url);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String name = line.replaceFirst("#.*", "").trim();
                        if (!name.isEmpty()) {
                            List<String> jars = out.computeIfAbsent(name, n -> new ArrayList<>());
                            if (!jars.contains(jar)) {
                                jars.add(jar);
                            }
                        }
                    }
                } catch (IOException e) {
                    // ServiceLoader reports the same file as a failure.
                }
            }
        } catch (IOException e) {
            // ditto
        }
        return out;
    }

    private static String location(URL url) {
        String s = url.toString();
        if (s.startsWith("jar:")) {
            s = s.substring(4, s.indexOf("!/") < 0 ? s.length() : s.indexOf("!/"));
        }
        try {
            return Path.of(new URL(s).toURI()).toString();
        } catch (MalformedURLException | java.net.URISyntaxException | IllegalArgumentException e) {
            return s;
        }
    }

    private static String jarOf(Class<?> c, String fallback) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? fallback : location(cs.getLocation());
        } catch (SecurityException e) {
            return fallback;
        }
    }

    /** The provider class a loading error is about: its message names it, in one of several wordings. */
    private static String providerOf(Throwable e, java.util.Set<String> declared) {
        String message = String.valueOf(e.getMessage());
        Matcher m = PROVIDER.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        for (String cls : declared) {
            if (Pattern.compile("(^|[\\s:])" + Pattern.quote(cls) + "($|[\\s:])").matcher(message).find()) {
                return cls;
            }
        }
        return null;
    }

    private static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append("; caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString().replaceAll("\\s+", " ").trim();
    }

    /** Every loaded plugin: parsers, then sinks, then rule packs, each in discovery order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The plugins that could not be loaded. */
    public List<Failure> failures() {
        return failures;
    }

    /** The input parsers, in discovery order. */
    public List<EventParser> parsers() {
        return plugins(Kind.PARSER, EventParser.class);
    }

    /** The output sinks, in discovery order. */
    public List<DiagnosisSink> sinks() {
        return plugins(Kind.SINK, DiagnosisSink.class);
    }

    /** The rule packs, in discovery order. */
    public List<RulePack> rulePacks() {
        return plugins(Kind.RULE_PACK, RulePack.class);
    }

    /** The parser with this id. */
    public Optional<EventParser> parser(String id) {
        return parsers().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The sink with this id. */
    public Optional<DiagnosisSink> sink(String id) {
        return sinks().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private <T> List<T> plugins(Kind kind, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.kind() == kind) {
                out.add(type.cast(e.plugin()));
            }
        }
        return Collections.unmodifiableList(out);
    }
}
