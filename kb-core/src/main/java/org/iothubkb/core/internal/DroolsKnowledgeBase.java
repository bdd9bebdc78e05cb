package org.iothubkb.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KbException;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.RuleBuildException;
import org.iothubkb.core.api.RuleValidator;
import org.iothubkb.core.api.SessionOptions;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link KnowledgeBase} backed by one Drools {@link KieBase} in STREAM mode. */
public final class DroolsKnowledgeBase implements KnowledgeBase {

    /** The logger, made on first use: explain and list log nothing and need not start the logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(DroolsKnowledgeBase.class);
    }

    /** The kbase the built-in rules' kmodule.xml declares. */
    static final String BUILT_IN_KBASE = "iothub";

    /** Where kie-maven-plugin lists the generated executable-model classes of the built-in rules jar. */
    static final String BUILT_IN_MODEL = "META-INF/kie/org.iothubkb/iothub-kb-rules/drools-model";

    /** What {@code explain} shows for a text's device, hub and count, which only a diagnosis knows. */
    private static final Object[] GENERIC = {"<device>", "<hub>", "N"};

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);

    /** Built on first use: explain, list and docs only need the rules' metadata, not the Rete network. */
    private volatile KieBase kieBase;
    private volatile RelevanceFilter relevanceFilter;
    private final java.util.function.Supplier<KieBase> kieBaseFactory;
    private final Locale locale;
    private final Messages messages;
    private final Map<String, RuleMeta> metaByRule;
    /** Rules by code and the codes they alias, read once; each code's texts are rendered when first asked for. */
    private final Map<String, List<RuleMeta>> rulesByCode = new TreeMap<>();
    private final Map<String, String> aliasOf = new TreeMap<>();
    private final Map<String, CodeInfo> codeCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean declaresFleet;
    private final boolean declaresCatalogue;
    private final int ruleCount;
    /** Where the user's rules are declared ({@code package.name} to {@code file:line}); built-in rules are not here. */
    private volatile Map<String, String> ruleLocations = Map.of();

    /** The metadata of a knowledge base's rules, read from a KieBase, the executable model or its index. */
    record Rules(List<RuleMeta> meta, int count, boolean declaresFleet, boolean declaresCatalogue) {
    }

    private DroolsKnowledgeBase(KieBase kieBase, Locale locale, Map<String, Path> packageFolders,
                                Map<String, ClassLoader> packageLoaders) {
        this(rulesOf(kieBase), () -> kieBase, locale, packageFolders, packageLoaders);
        this.kieBase = kieBase;
    }

    private DroolsKnowledgeBase(Rules rules, java.util.function.Supplier<KieBase> kieBaseFactory, Locale locale,
                                Map<String, Path> packageFolders, Map<String, ClassLoader> packageLoaders) {
        this.kieBaseFactory = kieBaseFactory;
        this.locale = locale;
        this.messages = new Messages(locale, packageFolders, packageLoaders);
        Map<String, RuleMeta> meta = new LinkedHashMap<>();
        rules.meta().forEach(m -> meta.put(m.ruleName(), m));
        int count = rules.count();
        boolean fleet = rules.declaresFleet();
        if (count == 0) {
            throw new RuleBuildException(List.of(new RuleBuildException.Problem("(knowledge base)", 0, 0,
                    "no rules were loaded; is the iothub-kb-rules jar on the class path?")));
        }
        this.ruleCount = count;
        this.declaresFleet = fleet;
        this.declaresCatalogue = rules.declaresCatalogue();
        this.metaByRule = Collections.unmodifiableMap(meta);
        metaByRule.values().forEach(m -> {
            if (m.anyCode()) {
                return; // a catch-all for codes outside the catalogue is not itself a code to explain
            }
            rulesByCode.computeIfAbsent(m.code(), c -> new ArrayList<>()).add(m);
            m.aliases().forEach(a -> aliasOf.putIfAbsent(a, m.code()));
        });
    }

    private static Rules rulesOf(KieBase kieBase) {
        List<RuleMeta> meta = new ArrayList<>();
        int count = 0;
        boolean fleet = false;
        boolean catalogue = false;
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) {
                count++;
                RuleMeta m = RuleMeta.of(r);
                if (m != null) {
                    meta.add(m);
                }
            }
            fleet |= p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals("fleet"));
            catalogue |= p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals("catalogue"));
        }
        return new Rules(meta, count, fleet, catalogue);
    }

    static Rules rulesOf(List<Model> models) {
        List<RuleMeta> meta = new ArrayList<>();
        int count = 0;
        boolean fleet = false;
        boolean catalogue = false;
        for (Model model : models) {
            for (org.drools.model.Rule r : model.getRules()) {
                count++;
                RuleMeta m = RuleMeta.of(r.getName(), r.getPackage(), r.getMetaData());
                if (m != null) {
                    meta.add(m);
                }
            }
            fleet |= model.getGlobals().stream().anyMatch(g -> g.getName().equals("fleet"));
            catalogue |= model.getGlobals().stream().anyMatch(g -> g.getName().equals("catalogue"));
        }
        return new Rules(meta, count, fleet, catalogue);
    }

    /** One DRL file to compile at run time, and where its message bundles are. */
    public record RuleSource(String name, String drl, Path folder, ClassLoader loader) {
    }

    /** The DRL files of a rule pack, read from its jar. */
    public static List<RuleSource> sourcesOf(org.iothubkb.core.spi.RulePack pack) {
        ClassLoader loader = pack.getClass().getClassLoader();
        List<RuleSource> out = new ArrayList<>();
        List<String> resources = pack.ruleResources();
        if (resources == null || resources.isEmpty()) {
            throw new KbException("Rule pack [" + pack.id() + "] (" + pack.getClass().getName() + ") lists no"
                    + " DRL files");
        }
        for (String res : resources) {
            String name = pack.id() + ":" + res;
            try (InputStream in = loader.getResourceAsStream(res)) {
                if (in == null) {
                    throw new KbException("Rule pack [" + pack.id() + "] lists [" + res + "], which is not in its"
                            + " jar");
                }
                out.add(new RuleSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), null, loader));
            } catch (IOException e) {
                throw new KbException("Cannot read [" + name + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Builds a knowledge base; see {@link KnowledgeBase.Builder#build()}. */
    public static KnowledgeBase build(Locale locale, boolean builtInRules, List<Path> ruleFiles) {
        return build(locale, builtInRules, ruleFiles, List.of());
    }

    /**
     * Builds a knowledge base from the built-in rules (if asked), the given DRL files and folders, and rule
     * sources from rule packs.
     */
    public static KnowledgeBase build(Locale locale, boolean builtInRules, List<Path> ruleFiles,
                                      List<RuleSource> packSources) {
        List<RuleSource> extra = new ArrayList<>(read(expand(ruleFiles)));
        extra.addAll(packSources);
        if (extra.isEmpty()) {
            if (!builtInRules) {
                throw new KbException("No rules to load: built-in rules are off and no rule files were given");
            }
            ClassLoader loader = DroolsKnowledgeBase.class.getClassLoader();
            List<String> names = builtInModelNames(loader);
            if (names == null) {
                return new DroolsKnowledgeBase(builtInKieBase(), locale, Map.of(), Map.of());
            }
            // Explain, list and docs need only the metadata: the model's classes are loaded for the first session.
            Rules indexed = RuleIndex.read(loader, names);
            if (indexed != null) {
                return new DroolsKnowledgeBase(indexed, () -> {
                    Log.LOG.debug("Loading {} pre-compiled rule packages from {} (their metadata came from {})",
                            names.size(), BUILT_IN_MODEL, RuleIndex.RESOURCE);
                    return KieBaseBuilder.createKieBaseFromModel(loadModels(names, loader),
                            EventProcessingOption.STREAM);
                }, locale, Map.of(), Map.of());
            }
            List<Model> models = loadModels(names, loader);
            Log.LOG.debug("Loading {} pre-compiled rule packages from {}", models.size(), BUILT_IN_MODEL);
            return new DroolsKnowledgeBase(rulesOf(models),
                    () -> KieBaseBuilder.createKieBaseFromModel(models, EventProcessingOption.STREAM), locale,
                    Map.of(), Map.of());
        }
        Map<String, Path> folders = new HashMap<>();
        Map<String, ClassLoader> loaders = new HashMap<>();
        KieBase added = compile(extra, folders, loaders);
        Map<String, String> locations = locations(extra);
        if (!builtInRules) {
            return new DroolsKnowledgeBase(added, locale, folders, loaders).located(locations);
        }
        // The built-in rules come pre-compiled (executable model); the user's are compiled from DRL here and
        // their packages added to the same knowledge base, so that they share facts, globals and one session.
        List<Model> models = builtInModels();
        InternalKnowledgeBase base = models != null
                ? KieBaseBuilder.createKieBaseFromModel(models, EventProcessingOption.STREAM)
                : (InternalKnowledgeBase) freshBuiltInKieBase();
        try {
            base.addPackages(added.getKiePackages());
        } catch (RuntimeException e) {
            // Compiled alone, but clashing with the built-in rules (e.g. a declared type of the same name).
            List<RuleBuildException.Problem> problems = new ArrayList<>();
            for (RuleSource src : extra) {
                problems.add(new RuleBuildException.Problem(src.name(), 0, 0, "cannot be added to the built-in"
                        + " rules: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim()));
            }
            throw new RuleBuildException(problems);
        }
        return new DroolsKnowledgeBase(base, locale, folders, loaders).located(locations);
    }

    private DroolsKnowledgeBase located(Map<String, String> locations) {
        this.ruleLocations = Map.copyOf(locations);
        return this;
    }

    /** Each rule of {@code sources} as {@code package.name} to {@code file:line}, read off the text. */
    private static Map<String, String> locations(List<RuleSource> sources) {
        Map<String, String> out = new HashMap<>();
        for (RuleSource src : sources) {
            Path file;
            try {
                file = Path.of(src.name());
            } catch (java.nio.file.InvalidPathException e) {
                file = Path.of("rules.drl"); // a rule pack's resource name on a file system that refuses it
            }
            for (RuleValidator.RuleDeclaration r : RuleValidator.declarations(file, src.drl())) {
                out.putIfAbsent(r.getPackageName() + "." + r.getName(), src.name() + ":" + r.getLine());
            }
        }
        return out;
    }

    /** Where a rule of the user's rule files is declared, as {@code file:line}, known only by its name; else null. */
    String locationOf(String ruleName) {
        String found = null;
        for (Map.Entry<String, String> e : ruleLocations.entrySet()) {
            if (e.getKey().endsWith("." + ruleName)) {
                if (found != null) {
                    return null; // the same name in two packages: not worth a guess
                }
                found = e.getValue();
            }
        }
        return found;
    }

    /**
     * Where a rule is declared, as {@code file:line} for the user's rule files, else the resource Drools
     * knows it by, else {@code null}.
     */
    String locationOf(org.kie.api.definition.rule.Rule rule) {
        String at = ruleLocations.get(rule.getPackageName() + "." + rule.getName());
        if (at != null) {
            return at;
        }
        if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl
                && ((org.drools.base.definitions.rule.impl.RuleImpl) rule).getResource() != null) {
            return ((org.drools.base.definitions.rule.impl.RuleImpl) rule).getResource().getSourcePath();
        }
        return null;
    }

    /** A new knowledge base of the class path's built-in DRL, not the container's shared one: it will be changed. */
    private static KieBase freshBuiltInKieBase() {
        KieContainer container = KieServices.Factory.get().getKieClasspathContainer();
        builtInKieBase();
        return container.newKieBase(BUILT_IN_KBASE, null);
    }

    private static KieBase builtInKieBase() {
        // No pre-compiled model (e.g. rules on the class path as plain DRL): let KIE find and compile them.
        KieContainer container = KieServices.Factory.get().getKieClasspathContainer();
        if (!container.getKieBaseNames().contains(BUILT_IN_KBASE)) {
            throw new RuleBuildException(List.of(new RuleBuildException.Problem("META-INF/kmodule.xml", 0, 0,
                    "no knowledge base [" + BUILT_IN_KBASE + "] on the class path; is the iothub-kb-rules jar"
                            + " there?")));
        }
        return container.getKieBase(BUILT_IN_KBASE);
    }

    /**
     * Loads the executable model that kie-maven-plugin generated for the rules jar, straight from the classes it
     * lists. This skips KIE's class-path scan, which inside the CLI's shaded jar mistakes the CLI for the kjar and
     * falls back to compiling the DRL at every start.
     */
    private static List<Model> builtInModels() {
        ClassLoader loader = DroolsKnowledgeBase.class.getClassLoader();
        List<String> names = builtInModelNames(loader);
        return names == null ? null : loadModels(names, loader);
    }

    /** The classes of the pre-compiled rules that {@link #BUILT_IN_MODEL} lists, or {@code null} if it is absent. */
    static List<String> builtInModelNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(BUILT_IN_MODEL)) {
            if (in == null) {
                return null;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String name = line.trim();
                if (!name.isEmpty() && !name.startsWith("Drools-Model-Version")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new RuleBuildException(List.of(new RuleBuildException.Problem(BUILT_IN_MODEL, 0, 0,
                    "cannot read the list of pre-compiled rules: " + e)));
        }
        return names;
    }

    static List<Model> loadModels(List<String> names, ClassLoader loader) {
        List<Model> models = new ArrayList<>();
        try {
            for (String name : names) {
                models.add((Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            }
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new RuleBuildException(List.of(new RuleBuildException.Problem(BUILT_IN_MODEL, 0, 0,
                    "cannot load the pre-compiled rules: " + e)));
        }
        return models;
    }

    private static List<Path> expand(List<Path> given) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.toString().endsWith(".drl") && Files.isRegularFile(f)).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new KbException("Cannot read rule folder [" + p + "]: " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new KbException("Rule file [" + p + "] does not exist or is not readable");
            }
        }
        return out;
    }

    private static List<RuleSource> read(List<Path> drlFiles) {
        List<RuleSource> out = new ArrayList<>();
        for (Path f : drlFiles) {
            try {
                out.add(new RuleSource(f.toString(), Files.readString(f, StandardCharsets.UTF_8),
                        f.toAbsolutePath().getParent(), null));
            } catch (IOException e) {
                throw new KbException("Cannot read rule file [" + f + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static KieBase compile(List<RuleSource> sources, Map<String, Path> packageFolders,
                                   Map<String, ClassLoader> packageLoaders) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        Map<String, String> byResource = new HashMap<>();
        int i = 0;
        for (RuleSource src : sources) {
            Matcher m = PACKAGE.matcher(src.drl());
            if (m.find()) {
                if (src.folder() != null) {
                    packageFolders.putIfAbsent(m.group(1), src.folder());
                } else if (src.loader() != null) {
                    packageLoaders.putIfAbsent(m.group(1), src.loader());
                }
            }
            String fileName = src.name().substring(Math.max(src.name().lastIndexOf('/'),
                    src.name().lastIndexOf('\\')) + 1);
            String path = "rules/r" + (i++) + "/" + fileName;
            byResource.put(path, src.name());
            kfs.write("src/main/resources/" + path, src.drl());
        }
        // Written literally: KieModuleModel.toXML() lower-cases enum names in the default locale, which turns
        // 'disabled' into 'dısabled' under a Turkish locale and fails the XSD check.
        kfs.writeKModuleXML("<kmodule xmlns=\"http://www.drools.org/xsd/kmodule\">"
                + "<kbase name=\"" + BUILT_IN_KBASE + "\" default=\"true\" eventProcessingMode=\"stream\">"
                + "<ksession name=\"" + BUILT_IN_KBASE + "-session\" default=\"true\"/></kbase></kmodule>");
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<RuleBuildException.Problem> problems = builder.getResults().getMessages(Message.Level.ERROR).stream()
                .map(msg -> new RuleBuildException.Problem(
                        byResource.getOrDefault(
                                String.valueOf(msg.getPath()).replaceFirst("^src/main/resources/", ""),
                                String.valueOf(msg.getPath())),
                        msg.getLine(), msg.getColumn(), msg.getText().replaceAll("\\s+", " ").trim()))
                .collect(Collectors.toList());
        if (!problems.isEmpty()) {
            throw new RuleBuildException(problems);
        }
        return ks.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase(BUILT_IN_KBASE);
    }

    /** The description of one code, rendered on first request: its own rules, plus those of the code it aliases. */
    private CodeInfo describe(String code) {
        List<RuleMeta> rules = rulesByCode.get(code);
        String canonical = aliasOf.get(code);
        if (rules == null) {
            // A code only known as another code's alias (404102 for 404103): its name and meaning are in the
            // bundle of the code it stands for, its causes are that code's.
            if (canonical == null || !rulesByCode.containsKey(canonical)) {
                return null;
            }
            CodeInfo of = describe(canonical);
            String pkg = rulesByCode.get(canonical).get(0).packageName();
            String name = messages.text(pkg, "iothub." + code + ".name");
            // An alias number is in no REST table: its status is what its own first three digits imply.
            return new CodeInfo(code, name != null ? name : of.getName(), code.substring(0, 3), true,
                    of.getCategory(), meaning(pkg, code), of.getSymptoms(), asAlias(of.getCauses()), of.getRelated(),
                    of.getReferences(), canonical);
        }
        String pkg = rules.get(0).packageName();
        List<CauseInfo> causes = causes(code, rules);
        if (canonical != null && rulesByCode.containsKey(canonical)) {
            causes.addAll(asAlias(causes(canonical, rulesByCode.get(canonical))));
        }
        String name = rules.stream().map(RuleMeta::name).filter(n -> n != null).findFirst()
                .orElse(messages.text(pkg, "iothub." + code + ".name"));
        RuleMeta http = rules.stream().filter(r -> r.httpStatus() != null && !r.httpStatus().isEmpty())
                .findFirst().orElse(rules.get(0));
        return new CodeInfo(code, name, http.httpStatus(), http.httpFromPrefix(),
                firstNonNull(rules, RuleMeta::category), meaning(pkg, code),
                messages.numbered(pkg, "iothub." + code + ".symptom"), causes,
                distinct(rules, RuleMeta::related), distinct(rules, RuleMeta::references), canonical);
    }

    private List<CauseInfo> causes(String code, List<RuleMeta> rules) {
        Map<String, List<RuleMeta>> byCause = new LinkedHashMap<>();
        rules.stream().sorted((a, b) -> a.severity().compareTo(b.severity()))
                .forEach(r -> byCause.computeIfAbsent(r.cause(), c -> new ArrayList<>()).add(r));
        List<CauseInfo> causes = new ArrayList<>();
        // Each cause's texts are in the bundle of its own rule's package: a user's cause of a built-in code too.
        byCause.forEach((cause, rs) -> causes.add(causeInfo(code, cause, rs)));
        return causes;
    }

    private CauseInfo causeInfo(String code, String cause, List<RuleMeta> rs) {
        String pkg = rs.get(0).packageName();
        return new CauseInfo(cause, rs.get(0).severity(),
                rs.stream().map(RuleMeta::ruleName).collect(Collectors.toList()),
                orKey(messages.text(pkg, key(code, cause, "title"), GENERIC), key(code, cause, "title")),
                orKey(messages.text(pkg, key(code, cause, "detail"), GENERIC), key(code, cause, "detail")),
                messages.numbered(pkg, key(code, cause, "fix"), GENERIC),
                rs.stream().map(RuleMeta::confidence).min(Enum::compareTo).orElse(Confidence.DOCUMENTED));
    }

    /** Another code's causes as they apply to an alias: the reading itself is our inference. */
    private static List<CauseInfo> asAlias(List<CauseInfo> causes) {
        List<CauseInfo> out = new ArrayList<>();
        for (CauseInfo c : causes) {
            out.add(new CauseInfo(c.getCause(), c.getSeverity(), c.getRules(), c.getTitle(), c.getExplanation(),
                    c.getFixes(), Confidence.INFERRED));
        }
        return out;
    }

    private String meaning(String pkg, String code) {
        return orKey(messages.text(pkg, "iothub." + code + ".meaning"), "iothub." + code + ".meaning");
    }

    private static String firstNonNull(List<RuleMeta> rules, java.util.function.Function<RuleMeta, String> f) {
        return rules.stream().map(f).filter(v -> v != null && !v.isEmpty()).findFirst().orElse(null);
    }

    private static List<String> distinct(List<RuleMeta> rules,
                                         java.util.function.Function<RuleMeta, List<String>> f) {
        return rules.stream().flatMap(r -> f.apply(r).stream()).distinct().collect(Collectors.toList());
    }

    static String key(String code, String cause, String part) {
        return "iothub." + code + "." + cause + "." + part;
    }

    private static String orKey(String text, String key) {
        return text != null ? text : "[" + key + "]";
    }

    @Override
    public DiagnosisSession newSession(SessionOptions options) {
        return new DroolsDiagnosisSession(this, options);
    }

    @Override
    public List<CodeInfo> codes() {
        java.util.Set<String> all = new java.util.TreeSet<>(rulesByCode.keySet());
        all.addAll(aliasOf.keySet());
        List<CodeInfo> out = new ArrayList<>();
        for (String c : all) {
            code(c).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<CodeInfo> code(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim();
        if (!rulesByCode.containsKey(c) && !aliasOf.containsKey(c)) {
            return Optional.empty();
        }
        return Optional.ofNullable(codeCache.computeIfAbsent(c, this::describe));
    }

    @Override
    public Locale locale() {
        return locale;
    }

    @Override
    public int ruleCount() {
        return ruleCount;
    }

    /** Which events some rule of this knowledge base could match; derived once from the compiled network. */
    RelevanceFilter relevanceFilter() {
        RelevanceFilter f = relevanceFilter;
        if (f == null) {
            f = RelevanceFilter.of(kieBase());
            relevanceFilter = f;
        }
        return f;
    }

    KieBase kieBase() {
        KieBase kb = kieBase;
        if (kb == null) {
            synchronized (this) {
                kb = kieBase;
                if (kb == null) {
                    kb = kieBaseFactory.get();
                    kieBase = kb;
                }
            }
        }
        return kb;
    }

    boolean declaresCatalogue() {
        return declaresCatalogue;
    }

    /** Whether a loaded rule explains the code, as its own or as an alias. */
    boolean knowsCode(String code) {
        return code != null && (rulesByCode.containsKey(code) || aliasOf.containsKey(code));
    }

    boolean declaresFleet() {
        return declaresFleet;
    }

    /** Renders one diagnosis group's texts from its first rule's package bundle. */
    Aggregator.Texts texts(Aggregator.Group g) {
        RuleMeta meta = metaByRule.get(g.rule);
        String pkg = meta != null ? meta.packageName() : "";
        // Texts belong to the rule's own code: a logged alias (404102) is explained with 404103's texts.
        String code = meta != null ? meta.code() : g.code();
        String aliasOf = meta != null && meta.aliases().contains(g.code()) ? code : null;
        String cause = g.cause();
        String subject = g.device() != null ? g.device() : String.valueOf(g.hub());
        Object[] args = {subject, String.valueOf(g.hub()), g.occurrences};
        String title = orKey(messages.text(pkg, key(code, cause, "title"), args), key(code, cause, "title"));
        String detail = orKey(messages.text(pkg, key(code, cause, "detail"), args), key(code, cause, "detail"));
        if (g.note != null) {
            String note = messages.text(pkg, key(code, cause, "note." + g.note), args);
            if (note != null) {
                detail = detail + " " + note;
            } else {
                Log.LOG.warn("Rule [{}] names note [{}] but no text [{}] exists", g.rule, g.note,
                        key(code, cause, "note." + g.note));
            }
        }
        List<String> fixes = messages.numbered(pkg, key(code, cause, "fix"), args);
        List<String> refs = meta != null ? meta.references() : List.of();
        if (meta == null) {
            Log.LOG.warn("No metadata for rule [{}]", g.rule);
        }
        return new Aggregator.Texts(title, detail, fixes, refs,
                // Reading a logged number as another code is our interpretation of sources that disagree.
                aliasOf != null ? Confidence.INFERRED : meta != null ? meta.confidence() : Confidence.DOCUMENTED,
                aliasOf);
    }
}
