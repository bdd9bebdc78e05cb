package org.iothubkb.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drools.model.Model;

/**
 * The built-in rules' metadata (their {@code @code}, {@code @cause}, ... annotations, the rule count and the
 * globals), written at build time from the executable model into the rules jar. {@code explain}, {@code list}
 * and {@code docs} read it instead of loading the model's several hundred classes, which only a session needs.
 *
 * <p>The index names the model classes it was made from; one made from other classes (an older build) is not
 * used, so it can never disagree with the rules that actually run.
 */
public final class RuleIndex {

    /** Where the rules jar carries the index. */
    static final String RESOURCE = "META-INF/iothub-kb/rule-index.tsv";

    private static final String MODELS = "models";
    private static final String RULES = "rules";
    private static final String GLOBALS = "globals";
    private static final String RULE = "rule";

    private RuleIndex() {
    }

    /**
     * Writes the index of the executable model in a classes folder (the rules module's {@code target/classes});
     * run by the rules module's build after kie-maven-plugin has compiled the model.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RuleIndex CLASSES_FOLDER");
        }
        Path classes = Path.of(args[0]);
        List<String> models = DroolsKnowledgeBase.builtInModelNames(RuleIndex.class.getClassLoader());
        if (models == null) {
            throw new IllegalStateException("no " + DroolsKnowledgeBase.BUILT_IN_MODEL + " on the class path");
        }
        Path out = classes.resolve(RESOURCE);
        Files.createDirectories(out.getParent());
        Files.writeString(out, write(models, of(DroolsKnowledgeBase.loadModels(models,
                RuleIndex.class.getClassLoader()))), StandardCharsets.UTF_8);
    }

    /** What the index holds: the rules that conclude something (with @code), all rules' count, the globals. */
    record Contents(List<Entry> rules, int count, boolean declaresFleet, boolean declaresCatalogue) {
    }

    /** One indexed rule: its name, package and metadata values as the model gives them, in text. */
    record Entry(String ruleName, String packageName, Map<String, String> metadata) {
    }

    /** The index of an executable model; fails as loading it would if a rule's metadata is not valid. */
    static Contents of(List<Model> models) {
        List<Entry> rules = new ArrayList<>();
        int count = 0;
        for (Model model : models) {
            for (org.drools.model.Rule r : model.getRules()) {
                count++;
                if (RuleMeta.of(r.getName(), r.getPackage(), r.getMetaData()) == null) {
                    continue; // a helper rule: counted, nothing to explain
                }
                Map<String, String> metadata = new LinkedHashMap<>();
                r.getMetaData().forEach((k, v) -> {
                    if (v != null) {
                        metadata.put(k, v.toString());
                    }
                });
                rules.add(new Entry(r.getName(), r.getPackage(), metadata));
            }
        }
        DroolsKnowledgeBase.Rules globals = DroolsKnowledgeBase.rulesOf(models);
        return new Contents(rules, count, globals.declaresFleet(), globals.declaresCatalogue());
    }

    /**
     * The index as text: one line per fact, fields separated by tabs, tab, newline and backslash escaped. Plain
     * lines rather than a properties file, as reading them is the larger part of what {@code explain} does.
     */
    static String write(List<String> models, Contents contents) {
        StringBuilder sb = new StringBuilder("# The built-in rules' metadata, generated from the executable model"
                + " at build time by " + RuleIndex.class.getName() + ".\n");
        line(sb, MODELS, String.join(",", models));
        line(sb, RULES, Integer.toString(contents.count()));
        line(sb, GLOBALS, (contents.declaresFleet() ? "fleet," : "") + (contents.declaresCatalogue() ? "catalogue" : ""));
        for (Entry e : contents.rules()) {
            List<String> fields = new ArrayList<>();
            fields.add(e.ruleName());
            fields.add(e.packageName());
            e.metadata().forEach((k, v) -> {
                fields.add(k);
                fields.add(v);
            });
            line(sb, RULE, fields.toArray(new String[0]));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String kind, String... fields) {
        sb.append(kind);
        for (String f : fields) {
            sb.append('\t');
            for (int i = 0; i < f.length(); i++) {
                char c = f.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
        }
        sb.append('\n');
    }

    /**
     * Reads the index on a class path, or returns {@code null} if there is none, it is damaged, or it was made
     * from other model classes than {@code models}.
     */
    static DroolsKnowledgeBase.Rules read(ClassLoader loader, List<String> models) {
        String text;
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // the model itself is still there to read the metadata from
        }
        return read(text, models);
    }

    static DroolsKnowledgeBase.Rules read(String text, List<String> models) {
        String modelList = null;
        int count = -1;
        boolean fleet = false;
        boolean catalogue = false;
        List<RuleMeta> meta = new ArrayList<>();
        try {
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) {
                    end = text.length();
                }
                List<String> fields = fields(text, start, end);
                start = end + 1;
                switch (fields.get(0)) {
                    case MODELS -> modelList = fields.get(1);
                    case RULES -> count = Integer.parseInt(fields.get(1));
                    case GLOBALS -> {
                        fleet = fields.get(1).contains("fleet");
                        catalogue = fields.get(1).contains("catalogue");
                    }
                    case RULE -> {
                        Map<String, Object> m = new HashMap<>();
                        for (int i = 3; i + 1 < fields.size(); i += 2) {
                            m.put(fields.get(i), fields.get(i + 1));
                        }
                        RuleMeta rule = RuleMeta.of(fields.get(1), fields.get(2), m);
                        if (rule == null) {
                            return null;
                        }
                        meta.add(rule);
                    }
                    default -> {
                        if (!fields.get(0).startsWith("#") && !fields.get(0).isEmpty()) {
                            return null;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            return null; // a damaged index: read the metadata from the model instead
        }
        if (count < meta.size() || !String.join(",", models).equals(modelList)) {
            return null;
        }
        return new DroolsKnowledgeBase.Rules(meta, count, fleet, catalogue);
    }

    /** The tab-separated fields of {@code text[start, end)}, unescaped. */
    private static List<String> fields(String text, int start, int end) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                out.add(f.toString());
                f.setLength(0);
            } else if (c == '\\' && i + 1 < end) {
                char n = text.charAt(++i);
                f.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else if (c != '\r') {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
