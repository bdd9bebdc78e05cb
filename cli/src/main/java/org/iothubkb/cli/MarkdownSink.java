package org.iothubkb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.DiagnosisSink;

/**
 * {@code --format markdown}: one ticket-ready section per root cause in GitHub-flavoured Markdown, to paste into an
 * issue for the team that owns the devices: what happened, to whom, when, why, the fixes as a task list, the side
 * effects as a table and the evidence records. Ends with the rejected records and the counts.
 */
public final class MarkdownSink implements DiagnosisSink {

    /** The id of this output format. */
    public static final String ID = "markdown";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a ticket-ready section per root cause in GitHub-flavoured Markdown";
    }

    @Override
    public String mediaType() {
        return "text/markdown";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        out.write(render(report, Messages.forLocale(locale)).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String render(DiagnosisReport report, Messages msg) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(msg.get("md.title")).append("\n\n");
        sb.append(TextReportWriter.summaryLine(report.getSummary(), msg)).append("\n\n");
        List<Map.Entry<Diagnosis, Integer>> layout = TextReportWriter.layout(report.getDiagnoses());
        if (layout.isEmpty()) {
            sb.append(msg.get("none")).append("\n\n");
        }
        int section = 0;
        for (int i = 0; i < layout.size(); i++) {
            Diagnosis root = layout.get(i).getKey();
            List<Diagnosis> effects = new ArrayList<>();
            while (i + 1 < layout.size() && layout.get(i + 1).getValue() > 0) {
                effects.add(layout.get(++i).getKey());
            }
            section(sb, ++section, root, effects, msg);
        }
        rejected(sb, report, msg);
        return sb.toString();
    }

    private static void section(StringBuilder sb, int n, Diagnosis d, List<Diagnosis> effects, Messages msg) {
        sb.append("## ").append(n).append(". ").append(d.getErrorCode()).append(' ').append(text(d.getErrorName()))
                .append(": ").append(text(d.getCause())).append(" (").append(msg.get("severity." + d.getSeverity().id()))
                .append(")\n\n");
        sb.append("**").append(text(d.getTitle())).append("**\n\n");
        sb.append("| | |\n|---|---|\n");
        row(sb, msg.get("md.hub"), d.getHub());
        if (d.getDeviceId() != null) {
            row(sb, msg.get("md.device"), d.getDeviceId() + (d.getModuleId() == null ? "" : "/" + d.getModuleId()));
        }
        row(sb, msg.get("md.seen"), d.getFirstSeen().equals(d.getLastSeen()) ? d.getFirstSeen().toString()
                : d.getFirstSeen() + " \u2013 " + d.getLastSeen());
        row(sb, msg.get("md.occurrences"), String.valueOf(d.getOccurrences()));
        row(sb, msg.get("md.confidence"), msg.get("confidence." + d.getConfidence().id()));
        row(sb, msg.get("md.rule"), d.getRule());
        sb.append('\n');
        sb.append("**").append(msg.get("label.why")).append("** ").append(text(d.getExplanation())).append("\n\n");
        sb.append("**").append(msg.get("label.fix")).append("**\n\n");
        for (String fix : d.getFixes()) {
            sb.append("- [ ] ").append(text(fix)).append('\n');
        }
        sb.append('\n');
        if (!effects.isEmpty()) {
            sb.append("**").append(msg.get("md.sideEffects", effects.size())).append("**\n\n");
            sb.append("| ").append(msg.get("md.code")).append(" | ").append(msg.get("md.cause")).append(" | ")
                    .append(msg.get("md.device")).append(" | ").append(msg.get("md.firstSeen")).append(" | ")
                    .append(msg.get("md.occurrences")).append(" |\n|---|---|---|---|---:|\n");
            for (Diagnosis e : effects) {
                sb.append("| ").append(cell(e.getErrorCode() + " " + e.getErrorName())).append(" | ")
                        .append(cell(e.getCause())).append(" | ").append(cell(e.getDeviceId() == null ? "\u2013"
                                : e.getDeviceId())).append(" | ").append(e.getFirstSeen()).append(" | ")
                        .append(e.getOccurrences()).append(" |\n");
            }
            sb.append('\n');
        }
        if (!d.getEvidence().isEmpty()) {
            sb.append("**").append(msg.get("label.evidence")).append("**\n\n```text\n");
            int shown = 0;
            for (LogEvent e : d.getEvidence()) {
                if (shown++ == TextReportWriter.MAX_EVIDENCE_SHOWN) {
                    sb.append(msg.get("label.more", d.getEvidence().size() - TextReportWriter.MAX_EVIDENCE_SHOWN))
                            .append('\n');
                    break;
                }
                // A fenced block shows text as it is; only a fence inside it could end it early.
                sb.append((e.getTime() + " " + e.getCategory() + "/" + e.getOperation() + " "
                        + (e.getErrorCode() == null ? "" : e.getErrorCode() + " ") + e.getSource())
                        .replace("```", "'''")).append('\n');
            }
            sb.append("```\n\n");
        }
        if (!d.getReferences().isEmpty()) {
            sb.append("**").append(msg.get("md.references")).append("**\n\n");
            for (String ref : d.getReferences()) {
                sb.append("- <").append(ref.replace(">", "%3E").replace(" ", "%20")).append(">\n");
            }
            sb.append('\n');
        }
    }

    private static void rejected(StringBuilder sb, DiagnosisReport report, Messages msg) {
        List<Rejection> listed = report.getRejected();
        long total = Math.max(report.getSummary().getRecordsRejected(), listed.size());
        if (total == 0) {
            return;
        }
        sb.append("## ").append(text(msg.get("rejected.header", total).replaceFirst(":$", ""))).append("\n\n");
        int shown = Math.min(listed.size(), TextReportWriter.MAX_REJECTED_SHOWN);
        for (Rejection r : listed.subList(0, shown)) {
            sb.append("- `").append(r.getSource().replace("`", "'")).append("`: ").append(text(r.getReason()))
                    .append('\n');
        }
        if (total > shown) {
            sb.append("- ").append(msg.get("label.more", total - shown)).append('\n');
        }
        sb.append('\n');
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append("| ").append(cell(label)).append(" | ").append(cell(value == null ? "\u2013" : value))
                .append(" |\n");
    }

    /** Text in a table cell: one line, pipes escaped. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    /**
     * Text from the knowledge base or the log, made inert: on one line, and with the characters that would
     * start emphasis, links, HTML or code escaped, so a device id like {@code a_b_c} shows as written.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : Text.oneLine(s).toCharArray()) {
            if ("\\`*_[]<>#~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
