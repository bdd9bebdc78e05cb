package org.iothubkb.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Summary;

/**
 * Renders a {@link DiagnosisReport} for people: each root cause as a block, fixes first, with its side effects
 * nested below it; then the rejected records and the counts.
 */
final class TextReportWriter {

    /** Evidence lines shown per diagnosis. */
    static final int MAX_EVIDENCE_SHOWN = 5;
    /** Rejected records listed. */
    static final int MAX_REJECTED_SHOWN = 10;

    /** Marks a side effect under its root cause. */
    static final String TREE_MARKER = "\u2514\u2500 ";
    private static final String STEP = "   ";

    private final Messages msg;
    private final StringBuilder sb = new StringBuilder();

    private TextReportWriter(Messages msg) {
        this.msg = msg;
    }

    /** The whole report as text, ending with the summary line. */
    static String render(DiagnosisReport report, Messages msg) {
        return new TextReportWriter(msg).report(report);
    }

    /** The one-line summary with all six counts. */
    static String summaryLine(Summary s, Messages msg) {
        return msg.get("summary", s.getRecordsRead(), s.getEventsAccepted(), s.getRecordsRejected(),
                s.getLateEvents(), s.getDevices(), s.getDiagnoses());
    }

    /**
     * The diagnoses in display order, each with its depth: roots (no root cause, or one that is not in the
     * report) by severity, most severe first, then first seen; each followed by its side effects, recursively.
     */
    static List<Map.Entry<Diagnosis, Integer>> layout(List<Diagnosis> diagnoses) {
        Map<String, Integer> order = new HashMap<>();
        Map<String, Diagnosis> byId = new HashMap<>();
        for (int i = 0; i < diagnoses.size(); i++) {
            order.putIfAbsent(diagnoses.get(i).getId(), i);
            byId.putIfAbsent(diagnoses.get(i).getId(), diagnoses.get(i));
        }
        Comparator<Diagnosis> display = Comparator
                .comparing(Diagnosis::getSeverity, Comparator.reverseOrder())
                .thenComparing(Diagnosis::getFirstSeen)
                .thenComparing(d -> order.get(d.getId()));
        Map<String, List<Diagnosis>> children = new HashMap<>();
        List<Diagnosis> roots = new ArrayList<>();
        for (Diagnosis d : diagnoses) {
            String root = d.getRootCauseId();
            if (root == null || !byId.containsKey(root) || root.equals(d.getId())) {
                roots.add(d);
            } else {
                children.computeIfAbsent(root, k -> new ArrayList<>()).add(d);
            }
        }
        roots.sort(display);
        children.values().forEach(l -> l.sort(display));

        Map<Diagnosis, Integer> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Diagnosis r : roots) {
            visit(r, 0, children, seen, out);
        }
        // Diagnoses caught in a cycle of root causes are reachable from no root: show them as roots.
        List<Diagnosis> left = new ArrayList<>();
        for (Diagnosis d : diagnoses) {
            if (!seen.contains(d.getId())) {
                left.add(d);
            }
        }
        left.sort(display);
        for (Diagnosis d : left) {
            visit(d, 0, children, seen, out);
        }
        return new ArrayList<>(out.entrySet());
    }

    private static void visit(Diagnosis d, int depth, Map<String, List<Diagnosis>> children, Set<String> seen,
                              Map<Diagnosis, Integer> out) {
        if (!seen.add(d.getId())) {
            return;
        }
        out.put(d, depth);
        for (Diagnosis c : children.getOrDefault(d.getId(), List.of())) {
            visit(c, depth + 1, children, seen, out);
        }
    }

    private String report(DiagnosisReport report) {
        List<Map.Entry<Diagnosis, Integer>> layout = layout(report.getDiagnoses());
        if (layout.isEmpty()) {
            sb.append(msg.get("none")).append("\n\n");
        }
        // Side effects of one root that share code and cause (e.g. every device of a mass disconnect) repeat
        // the same fixes: show them in full once, then refer to that one.
        Map<String, String> shownInFull = new HashMap<>();
        for (Map.Entry<Diagnosis, Integer> e : layout) {
            Diagnosis d = e.getKey();
            if (e.getValue() == 0) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                shownInFull.clear();
                diagnosis(d, 0, null);
            } else {
                String key = d.getRootCauseId() + "|" + d.getErrorCode() + "|" + d.getCause();
                String first = shownInFull.putIfAbsent(key, d.getId());
                diagnosis(d, e.getValue(), first);
            }
        }
        if (!layout.isEmpty()) {
            sb.append('\n');
        }
        rejected(report);
        sb.append(summaryLine(report.getSummary(), msg)).append('\n');
        return sb.toString();
    }

    /**
     * Appends one diagnosis block.
     *
     * @param sameAs the id of a sibling shown in full whose fixes and explanation this one shares, or
     *               {@code null} to show them
     */
    private void diagnosis(Diagnosis d, int depth, String sameAs) {
        String headerIndent = depth == 0 ? "" : STEP.repeat(2 * depth - 1) + TREE_MARKER;
        String body = STEP.repeat(2 * depth + 1);
        String inner = body + STEP;

        if (depth > 0) {
            sb.append(STEP.repeat(2 * depth - 1)).append("\u2502\n");
        }
        StringBuilder header = new StringBuilder(headerIndent)
                .append('[').append(msg.get("severity." + d.getSeverity().id())).append("] ")
                .append(d.getErrorCode());
        if (d.getErrorName() != null) {
            header.append(' ').append(d.getErrorName());
        }
        if (d.getAliasOf() != null) {
            header.append(' ').append(msg.get("label.treatedAs", d.getAliasOf()));
        }
        header.append(" \u00b7 ").append(msg.get("label.cause", d.getCause()))
                .append(" \u00b7 ").append(msg.get("label.confidence", msg.confidence(d.getConfidence())));
        sb.append(header).append('\n');

        String subject = d.getScope() == Scope.HUB || d.getDeviceId() == null
                ? msg.get("label.hub", d.getHub() == null ? "?" : d.getHub())
                : msg.get("label.device", d.getModuleId() == null ? d.getDeviceId()
                        : d.getDeviceId() + "/" + d.getModuleId());
        String seen = d.getFirstSeen().equals(d.getLastSeen())
                ? msg.get("label.seenOnce", d.getFirstSeen().toString())
                : msg.get("label.seen", d.getFirstSeen().toString(), d.getLastSeen().toString());
        sb.append(body).append(subject).append(" \u00b7 ").append(d.getId()).append(" \u00b7 ")
                .append(msg.get("label.occurrences", d.getOccurrences())).append(" \u00b7 ").append(seen)
                .append('\n');
        Text.wrap(sb, d.getTitle(), body, body);

        if (sameAs != null) {
            sb.append(body).append(msg.get("label.sameAs", sameAs)).append('\n');
        } else {
            fixesAndExplanation(d, body, inner);
        }
        evidence(d, inner, body);
    }

    private void fixesAndExplanation(Diagnosis d, String body, String inner) {
        if (!d.getFixes().isEmpty()) {
            sb.append(body).append(msg.get("label.fix")).append('\n');
            int n = 1;
            for (String fix : d.getFixes()) {
                String number = n++ + ". ";
                Text.wrap(sb, fix, inner + number, inner + " ".repeat(number.length()));
            }
        }
        sb.append(body).append(msg.get("label.why")).append('\n');
        Text.wrap(sb, d.getExplanation(), inner, inner);
    }

    private void evidence(Diagnosis d, String inner, String body) {
        List<LogEvent> evidence = d.getEvidence();
        if (!evidence.isEmpty()) {
            sb.append(body).append(msg.get("label.evidence")).append('\n');
            int shown = Math.min(evidence.size(), MAX_EVIDENCE_SHOWN);
            int width = 0;
            for (int i = 0; i < shown; i++) {
                width = Math.max(width, evidence.get(i).getSource().length());
            }
            for (int i = 0; i < shown; i++) {
                LogEvent e = evidence.get(i);
                String source = e.getSource();
                sb.append(inner).append(source).append(" ".repeat(width - source.length())).append("  ")
                        .append(e.getTime())
                        .append("  ").append(e.getOperation() == null ? "-" : e.getOperation());
                if (e.getErrorCode() != null) {
                    sb.append("  ").append(e.getErrorCode());
                }
                if (d.getScope() == Scope.HUB && e.getDeviceId() != null) {
                    sb.append("  ").append(e.getDeviceId());
                }
                sb.append('\n');
            }
            long more = evidence.size() - Math.min(evidence.size(), MAX_EVIDENCE_SHOWN);
            if (more > 0) {
                sb.append(inner).append(msg.get("label.more", more)).append('\n');
            }
        }
    }

    private void rejected(DiagnosisReport report) {
        long total = Math.max(report.getSummary().getRecordsRejected(), report.getRejected().size());
        if (total == 0) {
            return;
        }
        sb.append(msg.get("rejected.header", total)).append('\n');
        List<Rejection> listed = report.getRejected();
        int shown = Math.min(listed.size(), MAX_REJECTED_SHOWN);
        for (int i = 0; i < shown; i++) {
            Rejection r = listed.get(i);
            sb.append(STEP).append(r.getSource()).append("  ").append(Text.oneLine(r.getReason())).append('\n');
        }
        if (total > shown) {
            sb.append(STEP).append(msg.get("label.more", total - shown)).append('\n');
        }
        sb.append('\n');
    }
}
