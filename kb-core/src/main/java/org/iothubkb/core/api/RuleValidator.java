package org.iothubkb.core.api;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks rule files the way {@code iothub-kb validate} does: compiles them (with the built-in rules, so that they
 * may use the built-ins' declared types and react to their findings) and checks the metadata and texts of every
 * rule that carries {@code @code}:
 *
 * <ul>
 *   <li>{@code @code}, {@code @name}, {@code @cause} and {@code @severity} are present; the severity and (if given)
 *       the confidence are known values; the cause is kebab-case; every {@code @ref} is an https URL;</li>
 *   <li>{@code messages.properties} next to the DRL file has the cause's {@code title}, {@code detail} and
 *       {@code fix.1}; every text is a valid {@link MessageFormat} pattern without a lone apostrophe;</li>
 *   <li>{@code messages_nl.properties} has the same texts: a missing Dutch text is a warning, not an error, since
 *       English stands in for it.</li>
 * </ul>
 *
 * <p>Rules without {@code @code} (helpers that derive facts for other rules) conclude nothing and are not checked
 * beyond compiling. Every problem is collected; nothing stops at the first.
 *
 * @since 0.2
 */
public final class RuleValidator {

    /** The annotations every rule with {@code @code} needs. */
    public static final List<String> REQUIRED = List.of("code", "name", "cause", "severity");

    /** The texts every cause needs, after {@code iothub.<code>.<cause>.}. */
    public static final List<String> CAUSE_TEXTS = List.of("title", "detail", "fix.1");

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final Pattern RULE = Pattern.compile("^rule\\s+\"([^\"]+)\"(.*?)^when\\b",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern META = Pattern.compile("@(\\w+)\\(\\s*(?:\"([^\"]*)\"|([^)\"]*?))\\s*\\)");
    private static final Pattern KEBAB = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");
    private static final Pattern PROPERTY_KEY = Pattern.compile("^\\s*((?:\\\\.|[^=:\\s\\\\])+)");

    private final boolean builtInRules;

    /**
     * Creates a validator.
     *
     * @param builtInRules whether to compile the files together with the built-in rules (as {@code diagnose
     *                     --rules} does); the built-in rules must then be on the class path
     */
    public RuleValidator(boolean builtInRules) {
        this.builtInRules = builtInRules;
    }

    /** One annotation of a rule, e.g. {@code @cause("unstable-link")}, and where it is. */
    public static final class Annotation {
        private final String name;
        private final String value;
        private final int line;
        private final int column;

        Annotation(String name, String value, int line, int column) {
            this.name = name;
            this.value = value;
            this.line = line;
            this.column = column;
        }

        /** The name, without {@code @}. */
        public String getName() { return name; }
        /** The value, without quotes. */
        public String getValue() { return value; }
        /** The line, 1-based. */
        public int getLine() { return line; }
        /** The column of the {@code @}, 1-based. */
        public int getColumn() { return column; }
    }

    /** One rule as its DRL file declares it: its name, package, annotations and where it starts. */
    public static final class RuleDeclaration {
        private final Path file;
        private final String packageName;
        private final String name;
        private final int line;
        private final int column;
        private final Map<String, Annotation> annotations;

        RuleDeclaration(Path file, String packageName, String name, int line, int column,
                        Map<String, Annotation> annotations) {
            this.file = file;
            this.packageName = packageName;
            this.name = name;
            this.line = line;
            this.column = column;
            this.annotations = Collections.unmodifiableMap(annotations);
        }

        /** The DRL file, as given. */
        public Path getFile() { return file; }
        /** The file's package, or an empty string. */
        public String getPackageName() { return packageName; }
        /** The rule's name. */
        public String getName() { return name; }
        /** The line of the {@code rule} keyword. */
        public int getLine() { return line; }
        /** The column of the {@code rule} keyword. */
        public int getColumn() { return column; }
        /** The annotations by name, in file order; the first wins if one is repeated. */
        public Map<String, Annotation> getAnnotations() { return annotations; }

        /** An annotation's value, or {@code null}. */
        public String meta(String name) {
            Annotation a = annotations.get(name);
            return a == null ? null : a.getValue();
        }

        /** Whether the rule concludes something: it has {@code @code}. Helper rules do not. */
        public boolean hasCode() {
            return annotations.containsKey("code");
        }

        /** The annotation's position if it is there, else the rule's. */
        int[] positionOf(String name) {
            Annotation a = annotations.get(name);
            return a == null ? new int[] {line, column} : new int[] {a.getLine(), a.getColumn()};
        }
    }

    /**
     * Validates DRL files and folders (searched recursively for {@code *.drl}): compiles them and checks every rule
     * with {@code @code} and its texts.
     *
     * @param filesOrFolders as the user gave them; problems name files the same way
     * @return every problem, errors and warnings, ordered by file and position; empty when all is well
     */
    public List<RuleProblem> validate(List<Path> filesOrFolders) {
        List<RuleProblem> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrFolders) {
            List<Path> found = drlFiles(p, problems);
            if (found.isEmpty() && Files.isDirectory(p)) {
                problems.add(new RuleProblem(p.toString(), 0, 0, RuleProblem.Level.ERROR, "no .drl files here"));
            }
            files.addAll(found);
        }
        if (files.isEmpty()) {
            return sorted(problems);
        }
        List<RuleProblem> compileProblems = compile(files);
        problems.addAll(compileProblems);
        Set<String> builtInCodes = new TreeSet<>();
        if (builtInRules) {
            KnowledgeBase.builder().build().codes().forEach(c -> builtInCodes.add(c.getCode()));
        }
        Map<Path, List<RuleDeclaration>> byFolder = new LinkedHashMap<>();
        for (Path f : files) {
            List<RuleDeclaration> rules;
            try {
                rules = declarations(f, Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                problems.add(new RuleProblem(f.toString(), 0, 0, RuleProblem.Level.ERROR, "cannot read: " + e));
                continue;
            }
            for (RuleDeclaration r : rules) {
                problems.addAll(checkMetadata(r));
            }
            Path folder = f.getParent() == null ? Path.of("") : f.getParent();
            byFolder.computeIfAbsent(folder, x -> new ArrayList<>()).addAll(rules);
        }
        byFolder.forEach((folder, rules) -> problems.addAll(checkTexts(folder, rules, builtInCodes)));
        // The engine rejects a bad @severity or @confidence naming only the rule; the check above points at it.
        Set<String> fileNames = files.stream().map(Path::toString).collect(Collectors.toSet());
        boolean metadataErrors = problems.stream().anyMatch(p -> p.isError() && !compileProblems.contains(p));
        if (metadataErrors) {
            problems.removeIf(p -> compileProblems.contains(p) && !fileNames.contains(p.getPath()));
        }
        return sorted(problems);
    }

    private static List<RuleProblem> sorted(List<RuleProblem> problems) {
        List<RuleProblem> out = new ArrayList<>(problems);
        out.sort(RuleProblem.BY_POSITION);
        return out;
    }

    private static List<Path> drlFiles(Path p, List<RuleProblem> problems) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.walk(p)) {
                return s.filter(f -> f.toString().endsWith(".drl") && Files.isRegularFile(f)).sorted()
                        .collect(Collectors.toList());
            } catch (IOException e) {
                problems.add(new RuleProblem(p.toString(), 0, 0, RuleProblem.Level.ERROR, "cannot read: " + e));
                return List.of();
            }
        }
        if (!Files.isRegularFile(p)) {
            problems.add(new RuleProblem(p.toString(), 0, 0, RuleProblem.Level.ERROR, "no such file or folder"));
            return List.of();
        }
        return List.of(p);
    }

    /** Compiles the files as {@code diagnose --rules} would; the compiler's problems become errors. */
    private List<RuleProblem> compile(List<Path> files) {
        KnowledgeBase.Builder builder = KnowledgeBase.builder().builtInRules(builtInRules);
        files.forEach(builder::addRules);
        try {
            builder.build();
            return List.of();
        } catch (RuleBuildException e) {
            List<RuleProblem> out = new ArrayList<>();
            for (RuleBuildException.Problem p : e.getProblems()) {
                out.add(new RuleProblem(p.getPath(), p.getLine(), p.getColumn(), RuleProblem.Level.ERROR,
                        p.getText()));
            }
            return out;
        } catch (KbException e) {
            return List.of(new RuleProblem(files.get(0).toString(), 0, 0, RuleProblem.Level.ERROR, e.getMessage()));
        }
    }

    /**
     * The rules a DRL text declares (those named in double quotes, as ours are), with their annotations and
     * positions. Reads the text only; compiling is not needed, so this works on a file that does not compile.
     */
    public static List<RuleDeclaration> declarations(Path file, String text) {
        int[] lineStarts = lineStarts(text);
        Matcher pm = PACKAGE.matcher(text);
        String pkg = pm.find() ? pm.group(1) : "";
        List<RuleDeclaration> out = new ArrayList<>();
        Matcher rm = RULE.matcher(text);
        while (rm.find()) {
            Map<String, Annotation> meta = new LinkedHashMap<>();
            Matcher mm = META.matcher(rm.group(2));
            while (mm.find()) {
                int at = rm.start(2) + mm.start();
                String value = mm.group(2) != null ? mm.group(2) : mm.group(3).trim();
                meta.putIfAbsent(mm.group(1), new Annotation(mm.group(1), value, lineOf(lineStarts, at),
                        columnOf(lineStarts, at)));
            }
            out.add(new RuleDeclaration(file, pkg, rm.group(1), lineOf(lineStarts, rm.start()),
                    columnOf(lineStarts, rm.start()), meta));
        }
        return out;
    }

    /** The metadata conventions of one rule; nothing for a rule without {@code @code}. */
    public static List<RuleProblem> checkMetadata(RuleDeclaration r) {
        List<RuleProblem> out = new ArrayList<>();
        if (!r.hasCode()) {
            return out;
        }
        String where = "rule \"" + r.getName() + "\": ";
        for (String k : REQUIRED) {
            String v = r.meta(k);
            if (v == null || v.isBlank()) {
                out.add(problem(r, k, RuleProblem.Level.ERROR, where + "missing @" + k));
            }
        }
        String severity = r.meta("severity");
        if (severity != null && !severity.isBlank()) {
            try {
                Severity.fromId(severity);
            } catch (IllegalArgumentException e) {
                out.add(problem(r, "severity", RuleProblem.Level.ERROR, where + "@severity [" + severity
                        + "] is not info, warning, error or critical"));
            }
        }
        String confidence = r.meta("confidence");
        if (confidence != null) {
            try {
                Confidence.fromId(confidence);
            } catch (IllegalArgumentException e) {
                out.add(problem(r, "confidence", RuleProblem.Level.ERROR, where + e.getMessage()));
            }
        }
        String cause = r.meta("cause");
        if (cause != null && !cause.isBlank() && !KEBAB.matcher(cause).matches()) {
            out.add(problem(r, "cause", RuleProblem.Level.ERROR, where + "@cause [" + cause
                    + "] should be kebab-case, e.g. unstable-link"));
        }
        String refs = r.meta("ref");
        if (refs != null) {
            for (String ref : refs.split("[,\\s]+")) {
                if (!ref.isEmpty() && !ref.startsWith("https://")) {
                    out.add(problem(r, "ref", RuleProblem.Level.ERROR, where + "@ref [" + ref
                            + "] is not an https URL"));
                }
            }
        }
        return out;
    }

    /**
     * The texts of the rules of one folder: every cause's title, detail and first fix in {@code messages.properties}
     * (errors) and {@code messages_nl.properties} (warnings), every text a valid pattern.
     *
     * @param folder       the folder of the DRL files and their bundles
     * @param rules        the rules declared by the folder's DRL files
     * @param knownCodes   codes whose meaning another bundle already gives (the built-ins'); a new code without
     *                     {@code iothub.<code>.meaning} is warned about
     */
    public static List<RuleProblem> checkTexts(Path folder, List<RuleDeclaration> rules, Set<String> knownCodes) {
        List<RuleProblem> out = new ArrayList<>();
        Map<String, RuleDeclaration> byCause = new LinkedHashMap<>();
        Set<String> codes = new LinkedHashSet<>();
        for (RuleDeclaration r : rules) {
            String code = r.meta("code");
            String cause = r.meta("cause");
            if (r.hasCode() && code != null && !code.isBlank()) {
                codes.add(code);
                // A cause that is not kebab-case is reported as such; its texts' keys will change with it.
                if (cause != null && KEBAB.matcher(cause).matches()) {
                    byCause.putIfAbsent(code + "." + cause, r);
                }
            }
        }
        Path enFile = folder.resolve("messages.properties");
        Path nlFile = folder.resolve("messages_nl.properties");
        Bundle en = Bundle.read(enFile, out);
        Bundle nl = Bundle.read(nlFile, out);
        if (codes.isEmpty()) {
            return out;
        }
        if (en == null) {
            RuleDeclaration first = byCause.isEmpty() ? rules.get(0) : byCause.values().iterator().next();
            out.add(problem(first, "cause", RuleProblem.Level.ERROR, "no " + enFile
                    + ": the texts of this folder's rules go there"));
        }
        if (en != null && nl == null) {
            out.add(new RuleProblem(enFile.toString(), 0, 0, RuleProblem.Level.WARNING, "no " + nlFile
                    + " next to it: Dutch users get the English texts"));
        }
        for (Map.Entry<String, RuleDeclaration> e : byCause.entrySet()) {
            for (String part : CAUSE_TEXTS) {
                String key = "iothub." + e.getKey() + "." + part;
                if (en != null && !en.values.containsKey(key)) {
                    out.add(problem(e.getValue(), "cause", RuleProblem.Level.ERROR, "no text [" + key + "] in "
                            + enFile));
                }
                if (nl != null && !nl.values.containsKey(key)) {
                    out.add(problem(e.getValue(), "cause", RuleProblem.Level.WARNING, "no Dutch text [" + key
                            + "] in " + nlFile));
                }
            }
        }
        for (String code : codes) {
            String key = "iothub." + code + ".meaning";
            if (en != null && !knownCodes.contains(code) && !en.values.containsKey(key)) {
                RuleDeclaration first = rules.stream().filter(r -> code.equals(r.meta("code"))).findFirst()
                        .orElse(rules.get(0));
                out.add(problem(first, "code", RuleProblem.Level.WARNING, "code " + code + " is new, but " + enFile
                        + " has no [" + key + "]: 'explain " + code + "' will show the key"));
            }
        }
        if (en != null && nl != null) {
            for (String k : new TreeSet<>(nl.values.keySet())) {
                if (!en.values.containsKey(k)) {
                    out.add(new RuleProblem(nlFile.toString(), nl.line(k), 1, RuleProblem.Level.WARNING, "[" + k
                            + "] is not in " + enFile + ", so it is never used"));
                }
            }
        }
        return out;
    }

    private static RuleProblem problem(RuleDeclaration r, String annotation, RuleProblem.Level level, String text) {
        int[] at = r.positionOf(annotation);
        return new RuleProblem(r.getFile().toString(), at[0], at[1], level, text);
    }

    /** A message bundle's texts and the line of each key. */
    private static final class Bundle {
        final Map<String, String> values = new HashMap<>();
        final Map<String, Integer> lines = new HashMap<>();

        int line(String key) {
            return lines.getOrDefault(key, 0);
        }

        /** Reads a bundle and checks its patterns; {@code null} if the file does not exist. */
        static Bundle read(Path file, List<RuleProblem> out) {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Bundle b = new Bundle();
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.add(new RuleProblem(file.toString(), 0, 0, RuleProblem.Level.ERROR, "cannot read: " + e));
                return b;
            }
            Properties p = new Properties();
            try (Reader r = new StringReader(text)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                out.add(new RuleProblem(file.toString(), 0, 0, RuleProblem.Level.ERROR, "not a properties file: "
                        + e.getMessage()));
                return b;
            }
            p.stringPropertyNames().forEach(k -> b.values.put(k, p.getProperty(k)));
            String[] lines = text.split("\\R", -1);
            boolean continued = false;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                boolean startsEntry = !continued && !l.isBlank() && !l.stripLeading().startsWith("#")
                        && !l.stripLeading().startsWith("!");
                if (startsEntry) {
                    Matcher m = PROPERTY_KEY.matcher(l);
                    if (m.find()) {
                        b.lines.putIfAbsent(m.group(1).replaceAll("\\\\(.)", "$1"), i + 1);
                    }
                }
                continued = (startsEntry || continued) && endsWithOddBackslashes(l);
            }
            for (String k : new TreeSet<>(b.values.keySet())) {
                String value = b.values.get(k);
                if (LONE_APOSTROPHE.matcher(value).find()) {
                    out.add(new RuleProblem(file.toString(), b.line(k), 1, RuleProblem.Level.ERROR, "[" + k
                            + "] has a single apostrophe, which hides the rest of the text from the formatter;"
                            + " write '' for '"));
                }
                try {
                    new MessageFormat(value);
                } catch (IllegalArgumentException e) {
                    out.add(new RuleProblem(file.toString(), b.line(k), 1, RuleProblem.Level.ERROR, "[" + k
                            + "] is not a valid MessageFormat pattern: " + e.getMessage()));
                }
            }
            return b;
        }

        private static boolean endsWithOddBackslashes(String l) {
            int n = 0;
            for (int i = l.length() - 1; i >= 0 && l.charAt(i) == '\\'; i--) {
                n++;
            }
            return n % 2 == 1;
        }
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int lineOf(int[] starts, int offset) {
        int i = java.util.Arrays.binarySearch(starts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private static int columnOf(int[] starts, int offset) {
        return offset - starts[lineOf(starts, offset) - 1] + 1;
    }
}
