package org.iothubkb.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Confidence;

/**
 * Renders the error catalogue as Markdown: an index ({@value #INDEX}) and one page per code family
 * ({@code 404xxx.md}), from what the knowledge base knows ({@link CodeInfo}: the rules' metadata and texts).
 *
 * <p>The output depends only on the codes and the labels: no time, no path, no machine-specific order, so the
 * committed pages can be compared with a fresh rendering ({@code CatalogueDocsTest}).
 */
final class CatalogueDocs {

    /** The index page's file name. */
    static final String INDEX = "README.md";

    /** Every generated file starts with this, so stale generated pages can be told from hand-written ones. */
    static final String HEADER_START = "<!-- ";

    private final Messages msg;
    private final String command;
    private final Map<String, List<CodeInfo>> families;
    private final Map<String, CodeInfo> byCode = new HashMap<>();

    private CatalogueDocs(List<CodeInfo> codes, Messages msg, String command) {
        this.msg = msg;
        this.command = command;
        this.families = Families.group(codes);
        for (CodeInfo c : codes) {
            byCode.putIfAbsent(c.getCode(), c);
        }
    }

    /**
     * Renders every page.
     *
     * @param command the command that regenerates the pages, named in each page's header
     * @return file name → content, sorted by file name; contents end with a newline and use {@code \n}
     */
    static SortedMap<String, String> render(List<CodeInfo> codes, Messages msg, String command) {
        CatalogueDocs docs = new CatalogueDocs(codes, msg, command);
        SortedMap<String, String> files = new TreeMap<>();
        files.put(INDEX, docs.index());
        for (Map.Entry<String, List<CodeInfo>> f : docs.families.entrySet()) {
            files.put(fileName(f.getKey()), docs.familyPage(f.getKey(), f.getValue()));
        }
        return files;
    }

    /** The page of a family: {@code 404xxx} → {@code 404xxx.md}. */
    static String fileName(String family) {
        return family + ".md";
    }

    /** Whether a file's first line is the header of a generated page. */
    static boolean isGenerated(String firstLine) {
        return firstLine != null && firstLine.startsWith(HEADER_START) && firstLine.contains("iothub-kb docs ");
    }

    private String header() {
        return HEADER_START + msg.get("docs.header", command) + " -->\n";
    }

    // ---------------------------------------------------------------------------------------------------------
    // The index.

    private String index() {
        StringBuilder sb = new StringBuilder(header()).append('\n');
        int total = 0;
        for (List<CodeInfo> codes : families.values()) {
            total += codes.size();
        }
        sb.append("# ").append(msg.get("docs.index.title")).append("\n\n");
        sb.append(msg.get("docs.index.intro", total, families.size())).append("\n\n");
        if (!families.isEmpty()) {
            sb.append("| ").append(msg.get("docs.column.family")).append(" | | ")
                    .append(msg.get("docs.column.codes")).append(" |\n|---|---|--:|\n");
            for (Map.Entry<String, List<CodeInfo>> f : families.entrySet()) {
                String title = Families.title(f.getKey(), msg);
                sb.append("| [").append(f.getKey()).append("](").append(fileName(f.getKey())).append(") | ")
                        .append(title == null ? "" : cell(title)).append(" | ").append(f.getValue().size())
                        .append(" |\n");
            }
            sb.append("| **").append(msg.get("docs.total")).append("** | | **").append(total).append("** |\n");
            sb.append('\n');
        }

        sb.append("## ").append(msg.get("docs.confidence.title")).append("\n\n");
        sb.append(msg.get("docs.confidence.intro")).append("\n\n");
        sb.append("| ").append(msg.get("docs.column.confidence")).append(" | ")
                .append(msg.get("docs.column.meaning")).append(" |\n|---|---|\n");
        for (Confidence c : Confidence.values()) {
            // The id is what JSON and rule metadata use; the localised word only where it differs from it.
            String label = msg.confidence(c);
            sb.append("| `").append(c.id()).append('`').append(label.equals(c.id()) ? "" : " (" + cell(label) + ")")
                    .append(" | ").append(cell(msg.confidenceDefinition(c))).append(" |\n");
        }
        sb.append('\n').append(msg.get("docs.confidence.rules")).append("\n\n");

        sb.append("## ").append(msg.get("docs.severity.title")).append("\n\n");
        sb.append(msg.get("docs.severity.text")).append("\n\n");

        sb.append("## ").append(msg.get("docs.generated.title")).append("\n\n");
        sb.append(msg.get("docs.generated.sources")).append("\n\n");
        sb.append(msg.get("docs.generated.regenerate", command)).append('\n');
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // A family page.

    private String familyPage(String family, List<CodeInfo> codes) {
        StringBuilder sb = new StringBuilder(header()).append('\n');
        String title = Families.title(family, msg);
        sb.append("# ").append(family).append(title == null ? "" : " \u00b7 " + inline(title)).append("\n\n");
        sb.append('[').append(msg.get("docs.allFamilies")).append("](").append(INDEX).append(") \u00b7 ")
                .append(msg.get("docs.familyCount", codes.size())).append("\n\n");

        // A table of contents: one row per code, linking to its section.
        sb.append("| ").append(msg.get("docs.column.code")).append(" | ").append(msg.get("docs.column.name"))
                .append(" | HTTP | ").append(msg.get("docs.column.causes")).append(" |\n|---|---|---|---|\n");
        for (CodeInfo c : codes) {
            List<String> causes = new ArrayList<>();
            for (CauseInfo cause : c.getCauses()) {
                causes.add(code(cause.getCause()));
            }
            String aliasNote = c.getAliasOf() == null ? "" : " " + cell(msg.get("label.treatedAs", c.getAliasOf()));
            sb.append("| [").append(c.getCode()).append("](#").append(anchor(c)).append(") | ")
                    .append(cell(value(c.getName()))).append(" | ").append(cell(http(c))).append(" | ")
                    .append(String.join(", ", causes)).append(aliasNote).append(" |\n");
        }
        if (codes.stream().anyMatch(c -> c.getHttpStatus() != null && c.isHttpStatusFromPrefix())) {
            sb.append('\n').append(inline(msg.get("list.inferred", ListRunner.INFERRED_MARK))).append('\n');
        }
        for (CodeInfo c : codes) {
            sb.append('\n');
            codeSection(sb, c);
        }
        return sb.toString();
    }

    private void codeSection(StringBuilder sb, CodeInfo c) {
        sb.append("## ").append(inline(headingText(c))).append("\n\n");

        // The facts, one per line: short enough to scan, and each has a stable label to search for.
        if (c.getHttpStatus() != null) {
            sb.append("- **").append(msg.get("docs.fact.http")).append("** ").append(inline(c.getHttpStatus()));
            if (c.isHttpStatusFromPrefix()) {
                sb.append(" (").append(inline(msg.get("docs.httpInferred"))).append(')');
            }
            sb.append('\n');
        }
        if (c.getCategory() != null) {
            sb.append("- **").append(msg.get("docs.fact.category")).append("** ").append(code(c.getCategory()))
                    .append('\n');
        }
        if (c.getAliasOf() != null) {
            sb.append("- **").append(msg.get("docs.fact.alias")).append("** ").append(link(c.getAliasOf(), c))
                    .append(": ").append(inline(msg.get("explain.aliasNote", c.getCode(), c.getAliasOf())))
                    .append('\n');
        }
        if (!c.getRelated().isEmpty()) {
            List<String> links = new ArrayList<>();
            for (String r : c.getRelated()) {
                links.add(link(r, c));
            }
            sb.append("- **").append(msg.get("docs.fact.related")).append("** ").append(String.join(", ", links))
                    .append('\n');
        }
        sb.append('\n');

        if (c.getMeaning() != null && !c.getMeaning().isBlank()) {
            sb.append("**").append(msg.get("docs.meaning")).append("**\n\n");
            paragraphs(sb, c.getMeaning());
        }
        if (!c.getSymptoms().isEmpty()) {
            sb.append("**").append(msg.get("docs.symptoms")).append("**\n\n");
            for (String s : c.getSymptoms()) {
                sb.append("- ").append(inline(s)).append('\n');
            }
            sb.append('\n');
        }
        if (!c.getReferences().isEmpty()) {
            sb.append("**").append(msg.get("docs.references")).append("**\n\n");
            for (String r : c.getReferences()) {
                sb.append("- ").append(url(r)).append('\n');
            }
            sb.append('\n');
        }
        for (CauseInfo cause : c.getCauses()) {
            causeSection(sb, cause);
        }
        // One blank line between sections, never two: the caller adds it.
        trimTrailingBlankLines(sb);
    }

    private void causeSection(StringBuilder sb, CauseInfo cause) {
        sb.append("### ").append(msg.get("docs.cause")).append(' ').append(code(cause.getCause()));
        if (cause.getTitle() != null && !cause.getTitle().isBlank()) {
            sb.append(": ").append(inline(cause.getTitle()));
        }
        sb.append("\n\n");
        if (cause.getSeverity() != null) {
            sb.append("- **").append(msg.get("docs.fact.severity")).append("** ")
                    .append(code(cause.getSeverity().id())).append('\n');
        }
        if (cause.getConfidence() != null) {
            sb.append("- **").append(msg.get("docs.fact.confidence")).append("** [")
                    .append(cause.getConfidence().id()).append("](").append(INDEX).append('#')
                    .append(slug(msg.get("docs.confidence.title"))).append("): ")
                    .append(inline(msg.confidenceDefinition(cause.getConfidence()))).append('\n');
        }
        sb.append('\n');
        if (cause.getExplanation() != null && !cause.getExplanation().isBlank()) {
            paragraphs(sb, cause.getExplanation());
        }
        if (!cause.getFixes().isEmpty()) {
            sb.append("**").append(msg.get("docs.fixes")).append("**\n\n");
            int n = 1;
            for (String fix : cause.getFixes()) {
                sb.append(n++).append(". ").append(inline(fix)).append('\n');
            }
            sb.append('\n');
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Links and anchors.

    /** A code as a link to its section, on this page or its family's; as plain text if the catalogue lacks it. */
    private String link(String code, CodeInfo from) {
        CodeInfo target = byCode.get(code);
        if (target == null) {
            return inline(code);
        }
        String page = target.getFamily().equals(from.getFamily()) ? "" : fileName(target.getFamily());
        return "[" + inline(code) + "](" + page + "#" + anchor(target) + ")";
    }

    private static String headingText(CodeInfo c) {
        return c.getName() == null ? c.getCode() : c.getCode() + " " + c.getName();
    }

    /** The anchor GitHub gives a code's heading. */
    static String anchor(CodeInfo c) {
        return slug(headingText(c));
    }

    /**
     * GitHub's heading anchor: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens.
     * Headings are plain enough (code, name, a label) that this matches what GitHub renders.
     */
    static String slug(String heading) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < heading.length(); ) {
            int cp = heading.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                sb.append('-');
            } else if (cp == '-' || cp == '_' || Character.isLetterOrDigit(cp)) {
                sb.appendCodePoint(Character.toLowerCase(cp));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Markdown text.

    /** Text on one line, with the characters Markdown would read as markup escaped. */
    static String inline(String text) {
        String s = Text.oneLine(text);
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\':
                case '`':
                case '*':
                case '|':
                    sb.append('\\').append(ch);
                    break;
                case '<':
                    // Texts use <device> and <hub> as placeholders: HTML would swallow them.
                    sb.append("&lt;");
                    break;
                default:
                    sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Text for a table cell: {@link #inline} already escapes the pipe. */
    private static String cell(String text) {
        return inline(text);
    }

    /** An identifier (cause id, category) as code; its characters are plain enough to need no escaping. */
    private static String code(String id) {
        return "`" + id.replace("`", "'") + "`";
    }

    private static String url(String url) {
        String u = Text.oneLine(url);
        return u.startsWith("https://") || u.startsWith("http://") ? "<" + u.replace(">", "%3E") + ">" : inline(u);
    }

    /** One paragraph per line of {@code text}, each followed by a blank line. */
    private static void paragraphs(StringBuilder sb, String text) {
        for (String p : text.strip().split("\\R")) {
            if (!p.isBlank()) {
                sb.append(inline(p)).append("\n\n");
            }
        }
    }

    private static void trimTrailingBlankLines(StringBuilder sb) {
        while (sb.length() >= 2 && sb.charAt(sb.length() - 1) == '\n' && sb.charAt(sb.length() - 2) == '\n') {
            sb.setLength(sb.length() - 1);
        }
    }

    private static String http(CodeInfo c) {
        if (c.getHttpStatus() == null) {
            return "-";
        }
        return c.isHttpStatusFromPrefix() ? c.getHttpStatus() + ListRunner.INFERRED_MARK : c.getHttpStatus();
    }

    private static String value(String s) {
        return s == null ? "-" : s;
    }
}
