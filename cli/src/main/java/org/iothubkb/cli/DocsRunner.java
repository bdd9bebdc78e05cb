package org.iothubkb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

import org.iothubkb.core.api.KnowledgeBase;

/**
 * Runs {@code iothub-kb docs --output DIR}: writes the error catalogue as Markdown pages ({@link CatalogueDocs}),
 * replacing the pages an earlier run generated there.
 */
final class DocsRunner {

    /** The command that regenerates the committed English catalogue in {@code docs/rules}. */
    static final String COMMAND = "./iothub-kb docs --output docs/rules";

    private final Invocation inv;
    private final Env env;

    DocsRunner(Invocation inv, Env env) {
        this.inv = inv;
        this.env = env;
    }

    /**
     * The command each page names as its source. It does not depend on the {@code --output} given, so pages
     * written anywhere compare equal to the committed ones; Dutch pages are meant for {@code docs/rules/nl}.
     */
    static String command(Locale locale) {
        return "nl".equals(locale.getLanguage()) ? COMMAND + "/nl --lang nl" : COMMAND;
    }

    /** Every page for the knowledge base's codes, rendered in {@code locale}; file name → content. */
    static SortedMap<String, String> render(KnowledgeBase kb, Locale locale) {
        return CatalogueDocs.render(kb.codes(), Messages.forLocale(locale), command(locale));
    }

    /**
     * @return the exit code
     * @throws InputException if the directory cannot be created or written; some pages may be written then
     */
    int run() throws InputException {
        Path dir = Path.of(inv.output());
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InputException("cannot write the catalogue to [" + dir + "]: not a directory");
        }
        KnowledgeBase kb = env.kbFactory().apply(RulesRequest.builtIn(inv.locale()));
        SortedMap<String, String> pages = render(kb, inv.locale());
        int changed = 0;
        List<Path> removed = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> page : pages.entrySet()) {
                if (write(dir.resolve(page.getKey()), page.getValue())) {
                    changed++;
                }
            }
            // A family that no longer has codes leaves its old page behind: remove it, but only pages this
            // command generated (their first line says so), never a hand-written file.
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.md")) {
                for (Path f : files) {
                    if (!pages.containsKey(f.getFileName().toString()) && Files.isRegularFile(f)
                            && CatalogueDocs.isGenerated(firstLine(f))) {
                        removed.add(f);
                    }
                }
            }
            removed.sort(null);
            for (Path f : removed) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new InputException("cannot write the catalogue to [" + dir + "]: " + e, e);
        }
        Messages msg = Messages.forLocale(inv.locale());
        env.out().println(msg.get("docs.written", pages.size(), dir.toString(), changed, removed.size(),
                kb.codes().size()));
        env.out().flush();
        return ExitCodes.OK;
    }

    /** Writes {@code content} unless the file already holds it, so unchanged pages keep their time stamp. */
    private static boolean write(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Files.write(file, bytes);
        return true;
    }

    private static String firstLine(Path f) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            return r.readLine();
        } catch (java.nio.charset.MalformedInputException e) {
            return null; // not UTF-8, so not ours
        }
    }
}
