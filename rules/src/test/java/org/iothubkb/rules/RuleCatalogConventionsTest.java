package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.RuleValidator;
import org.junit.jupiter.api.Test;

/**
 * Keeps the catalogue honest (PMD/Sigma-style): collects every violation of the rule-file conventions across all
 * DRL files, bundles and scenarios, and fails once with the whole list.
 */
class RuleCatalogConventionsTest {

    private static final Path RULES = Path.of("src/main/resources/org/iothubkb/rules/iothub");
    private static final Path KMODULE = Path.of("src/main/resources/META-INF/kmodule.xml");
    private static final Pattern FILE_NAME = Pattern.compile("^(\\d{6}|\\d{3})-([A-Za-z0-9]+)\\.drl$");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final List<String> REQUIRED = List.of("code", "name", "category", "http", "cause", "severity",
            "confidence", "status", "since", "ref");

    record RuleDecl(Path file, String pkg, String name, Map<String, String> meta,
                    RuleValidator.RuleDeclaration declaration) {
    }

    @Test
    void everyRuleFileBundleAndScenarioFollowsTheConventions() throws IOException {
        List<String> v = new ArrayList<>();
        List<RuleDecl> rules = readRules(v);
        assertThat(rules).as("rules found under %s", RULES).isNotEmpty();

        Set<String> kmodulePackages = kmodulePackages();
        Set<String> rulePackages = new TreeSet<>();
        Map<String, Set<String>> causesByCode = new LinkedHashMap<>();
        Map<String, RuleDecl> firstByCode = new LinkedHashMap<>();
        Map<String, RuleDecl> aliases = new LinkedHashMap<>();
        List<String> related = new ArrayList<>();
        for (RuleDecl r : rules) {
            rulePackages.add(r.pkg());
            String where = RULES.relativize(r.file()) + " rule \"" + r.name() + "\"";
            String category = r.pkg().substring(r.pkg().lastIndexOf('.') + 1);
            // What every rule file must satisfy, users' too: the same checks as 'iothub-kb validate'.
            RuleValidator.checkMetadata(r.declaration()).forEach(p -> v.add(p.toString()));
            for (String k : REQUIRED) {
                if (RuleValidator.REQUIRED.contains(k)) {
                    continue;
                }
                if (!r.meta().containsKey(k) || r.meta().get(k).isBlank()) {
                    v.add(where + ": missing @" + k);
                }
            }
            Matcher fn = FILE_NAME.matcher(r.file().getFileName().toString());
            if (!fn.matches()) {
                v.add(where + ": file name should be <code>-<Name>.drl");
            } else {
                check(v, where, "code", r.meta().get("code"), fn.group(1));
                // A few names are logged with spaces ("Generic Server error"); the file name drops them.
                String name = r.meta().getOrDefault("name", "");
                if (!name.isEmpty() && !name.replaceAll("[^A-Za-z0-9]", "").equals(fn.group(2))) {
                    v.add(where + ": @name [" + name + "] does not match the file name [" + fn.group(2) + "]");
                }
            }
            check(v, where, "category", r.meta().get("category"), category);
            if (!r.file().getParent().getFileName().toString().equals(category)) {
                v.add(where + ": package [" + r.pkg() + "] does not match its folder");
            }
            String code = r.meta().getOrDefault("code", "?");
            if (!r.name().startsWith(code + " " + r.meta().getOrDefault("name", "?") + ": ")) {
                v.add(where + ": rule name should start with \"<code> <Name>: \"");
            }
            String httpStatus = r.meta().getOrDefault("http", "");
            if (!httpStatus.matches("\\d{3}|N/A")) {
                v.add(where + ": @http [" + httpStatus + "] should be a 3-digit status or N/A");
            }
            for (String alias : list(r.meta().get("aliases"))) {
                aliases.put(alias, r);
            }
            for (String rel : list(r.meta().get("related"))) {
                related.add(rel + " (named by " + where + ")");
            }
            causesByCode.computeIfAbsent(code, c -> new TreeSet<>()).add(r.meta().getOrDefault("cause", "?"));
            firstByCode.putIfAbsent(code, r);
        }
        for (String p : rulePackages) {
            if (!kmodulePackages.contains(p)) {
                v.add("package [" + p + "] has rules but is not listed in kmodule.xml");
            }
        }
        for (String p : kmodulePackages) {
            if (!Files.isDirectory(Path.of("src/main/resources", p.replace('.', '/')))) {
                v.add("kmodule.xml lists package [" + p + "] but it has no folder");
            }
        }
        for (String rel : related) {
            String code = rel.substring(0, rel.indexOf(' '));
            if (!firstByCode.containsKey(code) && !aliases.containsKey(code)) {
                v.add("@related code " + rel + " has no rules");
            }
        }
        aliases.forEach((alias, r) -> {
            String where = RULES.relativize(r.file().getParent()).toString();
            try {
                Set<String> keys = load(r.file().getParent().resolve("messages.properties")).stringPropertyNames();
                requireKey(v, where, keys, "iothub." + alias + ".name");
                requireKey(v, where, keys, "iothub." + alias + ".meaning");
            } catch (IOException e) {
                v.add(where + ": " + e);
            }
        });
        checkBundles(v, rules, firstByCode);
        checkScenarios(v, causesByCode, firstByCode, aliases.keySet());
        assertThat(v).as("convention violations").isEmpty();
    }

    @Test
    void theBuildGeneratedTheExecutableModelForEveryRulePackage() throws IOException {
        // Without drools-model-compiler on the build class path kie-maven-plugin silently ships DRL only, and the
        // CLI then compiles the rules at every start.
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/kie/org.iothubkb/iothub-kb-rules/drools-model")) {
            assertThat(in).as("generated executable model index").isNotNull();
            String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(kmodulePackages()).allSatisfy(p -> assertThat(index).contains(p + ".Rules"));
        }
    }

    @Test
    void catalogueIsReadFromTheCompiledRulesMetadata() {
        KnowledgeBase kb = ScenarioTest.compiled();
        assertThat(kb.ruleCount()).isGreaterThanOrEqualTo(15);
        assertThat(kb.codes()).extracting(CodeInfo::getCode)
                .contains("400027", "401003", "404104", "409002", "500001", "500008");
        CodeInfo c = kb.code("409002").orElseThrow();
        assertThat(c.getName()).isEqualTo("LinkCreationConflict");
        assertThat(c.getHttpStatus()).isEqualTo("N/A");
        assertThat(c.getCauses()).extracting(x -> x.getCause())
                .containsExactly("reconnect-race", "duplicate-connection", "documented-error");
        assertThat(c.getCauses().get(0).getFixes()).isNotEmpty();
        assertThat(c.getCauses().get(0).getTitle()).doesNotStartWith("[iothub.");
        assertThat(c.getReferences()).allMatch(r -> r.startsWith("https://learn.microsoft.com/"));
    }

    @Test
    void dutchTextsComeFromTheDutchBundles() {
        KnowledgeBase nl = KnowledgeBase.builder().locale(Locale.forLanguageTag("nl")).build();
        KnowledgeBase en = ScenarioTest.compiled();
        String nlTitle = nl.code("404104").orElseThrow().getCauses().get(0).getTitle();
        String enTitle = en.code("404104").orElseThrow().getCauses().get(0).getTitle();
        assertThat(nlTitle).isNotBlank().isNotEqualTo(enTitle);
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String x : value.split("[,\\s]+")) {
                if (!x.isEmpty()) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private static void check(List<String> v, String where, String key, String actual, String expected) {
        if (actual != null && !actual.equals(expected)) {
            v.add(where + ": @" + key + " is [" + actual + "], should be [" + expected + "]");
        }
    }

    private static List<RuleDecl> readRules(List<String> v) throws IOException {
        List<RuleDecl> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(RULES)) {
            files = s.filter(p -> p.toString().endsWith(".drl")).sorted().collect(Collectors.toList());
        }
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher pm = PACKAGE.matcher(text);
            String pkg = pm.find() ? pm.group(1) : "";
            if (pkg.endsWith(".common")) {
                continue; // declarations and helper rules: no @code, nothing to document
            }
            List<RuleValidator.RuleDeclaration> declared = RuleValidator.declarations(f, text);
            for (RuleValidator.RuleDeclaration d : declared) {
                Map<String, String> meta = new LinkedHashMap<>();
                d.getAnnotations().forEach((k, a) -> meta.put(k, a.getValue()));
                if (d.getName().startsWith("helper: ") && !meta.containsKey("code")) {
                    continue; // derives a fact for the rules of its file; concludes nothing, documents nothing
                }
                out.add(new RuleDecl(f, pkg, d.getName(), meta, d));
            }
            if (declared.isEmpty()) {
                v.add(RULES.relativize(f) + ": no rules");
            }
        }
        return out;
    }

    private static Set<String> kmodulePackages() throws IOException {
        Matcher m = Pattern.compile("packages=\"([^\"]+)\"").matcher(Files.readString(KMODULE));
        Set<String> out = new TreeSet<>();
        if (m.find()) {
            for (String p : m.group(1).split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static Properties load(Path p) throws IOException {
        Properties props = new Properties();
        if (Files.isRegularFile(p)) {
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                props.load(r);
            }
        }
        return props;
    }

    private static void checkBundles(List<String> v, List<RuleDecl> allRules, Map<String, RuleDecl> firstByCode)
            throws IOException {
        Set<Path> folders = firstByCode.values().stream().map(r -> r.file().getParent())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        for (Path folder : folders) {
            Properties en = load(folder.resolve("messages.properties"));
            Properties nl = load(folder.resolve("messages_nl.properties"));
            String where = RULES.relativize(folder).toString();
            if (en.isEmpty()) {
                v.add(where + ": no messages.properties");
            }
            Set<String> enKeys = en.stringPropertyNames();
            Set<String> nlKeys = nl.stringPropertyNames();
            for (String k : new TreeSet<>(enKeys)) {
                if (!nlKeys.contains(k)) {
                    v.add(where + "/messages_nl.properties: missing key [" + k + "]");
                }
            }
            // Patterns, cause texts in both languages, stray Dutch keys: as 'iothub-kb validate' checks them,
            // except that for the catalogue a missing Dutch text is as bad as a missing English one.
            List<RuleValidator.RuleDeclaration> inFolder = new ArrayList<>();
            allRules.stream().filter(r -> r.file().getParent().equals(folder)).forEach(r -> inFolder.add(r.declaration()));
            RuleValidator.checkTexts(folder, inFolder, firstByCode.keySet()).forEach(p -> v.add(p.toString()));
            for (Map.Entry<String, RuleDecl> e : firstByCode.entrySet()) {
                if (!e.getValue().file().getParent().equals(folder)) {
                    continue;
                }
                String code = e.getKey();
                for (String k : List.of("name", "meaning", "symptom.1")) {
                    requireKey(v, where, enKeys, "iothub." + code + "." + k);
                }
            }
        }
    }

    private static void requireKey(List<String> v, String where, Set<String> keys, String key) {
        if (!keys.contains(key)) {
            v.add(where + "/messages.properties: missing key [" + key + "]");
        }
    }

    private static void checkScenarios(List<String> v, Map<String, Set<String>> causesByCode,
                                       Map<String, RuleDecl> firstByCode, Set<String> aliases) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> positive = new HashSet<>();
        // Code → the scenario files that are about it: its own folder's ("code") or a catalogue file's ("codes").
        Map<String, List<Path>> filesByCode = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(ScenarioTest.SCENARIOS)) {
            for (Path f : s.filter(p -> p.getFileName().toString().equals("cases.json")).sorted()
                    .collect(Collectors.toList())) {
                JsonNode root = json.readTree(f.toFile());
                for (String code : ScenarioTest.codesOf(f)) {
                    filesByCode.computeIfAbsent(code, c -> new ArrayList<>()).add(f);
                }
                for (JsonNode c : root.path("cases")) {
                    if (!Files.isRegularFile(f.getParent().resolve(c.path("input").asText()))) {
                        v.add(f + ": case \"" + c.path("name").asText() + "\" names a missing input file");
                    }
                    for (JsonNode e : c.path("expect")) {
                        positive.add(e.path("errorCode").asText() + "/" + e.path("cause").asText());
                    }
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : causesByCode.entrySet()) {
            String code = e.getKey();
            List<Path> files = filesByCode.getOrDefault(code, List.of());
            if (files.isEmpty()) {
                v.add("code " + code + ": no scenario file names it (\"code\" in its own folder or \"codes\" in a"
                        + " catalogue file)");
                continue;
            }
            for (String cause : e.getValue()) {
                if (!positive.contains(code + "/" + cause)) {
                    v.add("code " + code + " cause [" + cause + "]: no positive scenario expects it");
                }
                boolean negative = false;
                for (Path f : files) {
                    negative |= hasNegative(f.getParent(), json.readTree(f.toFile()), code, cause,
                            e.getValue().size() == 1);
                }
                if (!negative) {
                    v.add("code " + code + " cause [" + cause + "]: no negative scenario (an input with " + code
                            + " that must not give this cause)");
                }
            }
        }
        for (String alias : aliases) {
            if (positive.stream().noneMatch(p -> p.startsWith(alias + "/"))) {
                v.add("alias " + alias + ": no scenario expects a diagnosis with this code");
            }
        }
    }

    /**
     * A negative case is a near miss: its input has a record with the code, yet the cause must not appear. A code
     * with a single cause gives it to every record, so there any case without that cause is the negative one.
     */
    private static boolean hasNegative(Path folder, JsonNode cases, String code, String cause, boolean onlyCause)
            throws IOException {
        Pattern hasCode = Pattern.compile("\"resultType\"\\s*:\\s*\"" + code + "\"");
        for (JsonNode c : cases.path("cases")) {
            boolean expects = false;
            for (JsonNode e : c.path("expect")) {
                expects |= code.equals(e.path("errorCode").asText()) && cause.equals(e.path("cause").asText());
            }
            Path input = folder.resolve(c.path("input").asText());
            if (!expects && Files.isRegularFile(input)
                    && (onlyCause || hasCode.matcher(Files.readString(input)).find())) {
                return true;
            }
        }
        return false;
    }
}
