package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.KnowledgeBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed catalogue in {@code docs/rules/} is what {@code iothub-kb docs} generates from the built-in rules
 * today: a rule or text changed without regenerating the pages fails here, naming the pages and the command.
 */
class CatalogueDocsTest {

    /** The committed pages; the build passes the path, and a run from the module directory finds it as well. */
    private static final Path COMMITTED = Path.of(System.getProperty("iothubkb.docs.rules", "../docs/rules"));

    private static KnowledgeBase kb;

    @BeforeAll
    static void buildKnowledgeBase() {
        kb = KnowledgeBase.builder().locale(Locale.ENGLISH).build();
    }

    @Test
    void committedPagesAreUpToDate() throws IOException {
        SortedMap<String, String> expected = DocsRunner.render(kb, Locale.ENGLISH);
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, String> page : expected.entrySet()) {
            Path f = COMMITTED.resolve(page.getKey());
            if (!Files.isRegularFile(f)) {
                missing.add(page.getKey());
            } else if (!normalise(Files.readString(f, StandardCharsets.UTF_8)).equals(page.getValue())) {
                stale.add(page.getKey());
            }
        }
        for (String name : committedPages()) {
            if (!expected.containsKey(name)) {
                extra.add(name);
            }
        }
        if (!missing.isEmpty() || !stale.isEmpty() || !extra.isEmpty()) {
            StringBuilder sb = new StringBuilder("docs/rules/ is not what the knowledge base generates:");
            if (!stale.isEmpty()) {
                sb.append("\n  out of date: ").append(String.join(", ", stale));
            }
            if (!missing.isEmpty()) {
                sb.append("\n  missing: ").append(String.join(", ", missing));
            }
            if (!extra.isEmpty()) {
                sb.append("\n  no longer generated (a family without codes): ").append(String.join(", ", extra));
            }
            sb.append("\nRegenerate them from the repository root with:\n  ").append(DocsRunner.COMMAND)
                    .append("\n(or, with the jar built: java -jar cli/target/iothub-kb.jar docs --output docs/rules)")
                    .append("\nand commit docs/rules/. Do not edit the pages by hand.");
            fail(sb.toString());
        }
    }

    @Test
    void everyCodeAndFamilyOfTheKnowledgeBaseIsOnItsPage() {
        SortedMap<String, String> pages = DocsRunner.render(kb, Locale.ENGLISH);
        for (CodeInfo c : kb.codes()) {
            String page = pages.get(CatalogueDocs.fileName(c.getFamily()));
            assertThat(page).as(c.getFamily()).isNotNull();
            assertThat(page).as(c.getCode()).contains("\n## " + c.getCode() + " ", "(#" + CatalogueDocs.anchor(c) + ")");
        }
        assertThat(pages.get(CatalogueDocs.INDEX)).contains("The knowledge base knows " + kb.codes().size()
                + " error codes");
    }

    /** Generated pages under docs/rules/ (top level only: docs/rules/nl would be the Dutch ones). */
    private static List<String> committedPages() throws IOException {
        if (!Files.isDirectory(COMMITTED)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(COMMITTED)) {
            List<Path> md = files.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f))
                    .collect(Collectors.toList());
            TreeSet<String> out = new TreeSet<>();
            for (Path f : md) {
                String first = normalise(Files.readString(f, StandardCharsets.UTF_8)).lines().findFirst().orElse("");
                if (CatalogueDocs.isGenerated(first)) {
                    out.add(f.getFileName().toString());
                }
            }
            return new ArrayList<>(out);
        }
    }

    /** A checkout with Windows line ends is still up to date. */
    private static String normalise(String s) {
        return s.replace("\r\n", "\n");
    }
}
