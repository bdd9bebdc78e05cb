package org.iothubkb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.iothubkb.core.spi.DiagnosisSink;

/**
 * {@code --format html}: one self-contained page to hand to a device team. It holds the counts and the diagnoses by
 * severity and cause; each root cause with its fix, a KQL query to check the fix, and its side effects folded under
 * it; a timeline per affected device; and a fleet chart per hub-wide incident. Styles, script and drawings are
 * inline, so the page opens from a file or a mail attachment and fetches nothing.
 *
 * <p>{@code diagnose} records every event's marks for the timelines ({@link DeviceActivity}); called through the
 * plain {@link DiagnosisSink} interface the page draws what the diagnoses' evidence shows, and says so.
 */
public final class HtmlSink implements DiagnosisSink {

    /** The id of this output format. */
    public static final String ID = "html";

    /** How many device timelines a page draws at most; the most severe devices come first. */
    static final int MAX_TIMELINES = 100;

    /** How many evidence records a cause lists; the rest are counted. */
    static final int MAX_EVIDENCE_LISTED = 10;

    /** How many rejected records the page lists; the rest are counted. */
    static final int MAX_REJECTED_LISTED = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "one self-contained HTML page: summary, causes with fixes and KQL, device timelines, fleet view";
    }

    @Override
    public String mediaType() {
        return "text/html; charset=utf-8";
    }

    @Override
    public void write(DiagnosisReport report, Locale locale, OutputStream out) throws IOException {
        write(report, DeviceActivity.fromEvidence(report), locale, out);
    }

    /** Writes the page with the timelines drawn from {@code activity}. */
    void write(DiagnosisReport report, DeviceActivity activity, Locale locale, OutputStream out) throws IOException {
        out.write(render(report, activity, Messages.forLocale(locale)).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String render(DiagnosisReport report, DeviceActivity activity, Messages msg) {
        return new Page(report, activity, msg).render();
    }

    /** One page being written. */
    private static final class Page {
        private final DiagnosisReport report;
        private final DeviceActivity activity;
        private final Messages msg;
        private final StringBuilder sb = new StringBuilder(64 * 1024);
        private final Map<String, Diagnosis> byId = new HashMap<>();
        /** Device timelines drawn, by (hub, device), in page order, with their anchors. */
        private final Map<DeviceActivity.DeviceKey, String> deviceAnchors = new LinkedHashMap<>();
        private final List<DeviceActivity.DeviceKey> affected;

        Page(DiagnosisReport report, DeviceActivity activity, Messages msg) {
            this.report = report;
            this.activity = activity;
            this.msg = msg;
            for (Diagnosis d : report.getDiagnoses()) {
                byId.putIfAbsent(d.getId(), d);
            }
            affected = affectedDevices(report.getDiagnoses());
            for (int i = 0; i < affected.size() && i < MAX_TIMELINES; i++) {
                deviceAnchors.put(affected.get(i), "dev-" + (i + 1));
            }
        }

        String render() {
            Summary s = report.getSummary();
            sb.append("<!DOCTYPE html>\n<html lang=\"").append(Html.esc(msg.locale().getLanguage().isEmpty() ? "en"
                    : msg.locale().getLanguage())).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta name=\"generator\" content=\"iothub-kb ").append(Html.esc(Main.version()))
                    .append("\">\n<title>").append(Html.esc(msg.get("html.pageTitle", s.getDiagnoses())))
                    .append("</title>\n<style>\n").append(resource("report.css")).append("</style>\n</head>\n");
            sb.append("<body>\n<header class=\"top\">\n<h1>").append(Html.esc(msg.get("md.title"))).append("</h1>\n");
            span();
            sb.append("<nav><a href=\"#summary\">").append(Html.esc(msg.get("html.nav.summary")))
                    .append("</a><a href=\"#causes\">").append(Html.esc(msg.get("html.nav.causes")))
                    .append("</a><a href=\"#fleet\">").append(Html.esc(msg.get("html.nav.fleet")))
                    .append("</a><a href=\"#timelines\">").append(Html.esc(msg.get("html.nav.timelines")))
                    .append("</a><a href=\"#rejected\">").append(Html.esc(msg.get("html.nav.rejected")))
                    .append("</a></nav>\n</header>\n<main>\n");
            summary(s);
            causes();
            fleet();
            timelines();
            rejected(s);
            sb.append("</main>\n<footer>").append(Html.esc(msg.get("html.footer", Main.version())))
                    .append("</footer>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
            return sb.toString();
        }

        private void span() {
            List<Diagnosis> ds = report.getDiagnoses();
            if (ds.isEmpty()) {
                return;
            }
            Instant first = ds.get(0).getFirstSeen();
            Instant last = ds.get(0).getLastSeen();
            Set<String> hubs = new TreeSet<>();
            for (Diagnosis d : ds) {
                first = d.getFirstSeen().isBefore(first) ? d.getFirstSeen() : first;
                last = d.getLastSeen().isAfter(last) ? d.getLastSeen() : last;
                if (d.getHub() != null && !d.getHub().isBlank()) {
                    hubs.add(d.getHub());
                }
            }
            sb.append("<p class=\"span\">").append(Html.esc(msg.get("html.span", first, last)));
            if (!hubs.isEmpty()) {
                sb.append(" \u00b7 ").append(Html.esc(msg.get("html.hubs", hubs.size(), String.join(", ", hubs))));
            }
            sb.append("</p>\n");
        }

        // ------------------------------------------------------------------------------------------------------
        private void summary(Summary s) {
            sb.append("<section id=\"summary\">\n<h2>").append(Html.esc(msg.get("html.nav.summary")))
                    .append("</h2>\n<div class=\"cards\">\n");
            card("records", s.getRecordsRead(), msg.get("html.count.records", s.getRecordsRead()));
            card("accepted", s.getEventsAccepted(), msg.get("html.count.accepted", s.getEventsAccepted()));
            card("rejected" + (s.getRecordsRejected() > 0 ? " warn" : ""), s.getRecordsRejected(),
                    msg.get("html.count.rejected", s.getRecordsRejected()));
            card("late", s.getLateEvents(), msg.get("html.count.late", s.getLateEvents()));
            card("devices", s.getDevices(), msg.get("html.count.devices", s.getDevices()));
            card("diagnoses", s.getDiagnoses(), msg.get("html.count.diagnoses", s.getDiagnoses()));
            sb.append("</div>\n");

            Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
            for (Diagnosis d : report.getDiagnoses()) {
                bySeverity.merge(d.getSeverity(), 1, Integer::sum);
            }
            sb.append("<h3>").append(Html.esc(msg.get("html.bySeverity"))).append("</h3>\n<div class=\"severities\">");
            List<Severity> order = new ArrayList<>(List.of(Severity.values()));
            order.sort(Comparator.reverseOrder());
            int total = Math.max(report.getDiagnoses().size(), 1);
            for (Severity sev : order) {
                int n = bySeverity.getOrDefault(sev, 0);
                sb.append("<div class=\"sev-row\"><span class=\"badge ").append(Svg.sev(sev)).append("\">")
                        .append(Html.esc(msg.get("severity." + sev.id()))).append("</span><span class=\"meter\">")
                        .append("<span class=\"fill ").append(Svg.sev(sev)).append("\" style=\"width:")
                        .append(100 * n / total).append("%\"></span></span><span class=\"n\" data-severity=\"")
                        .append(sev.id()).append("\">").append(n).append("</span></div>");
            }
            sb.append("</div>\n");

            if (!report.getDiagnoses().isEmpty()) {
                Map<String, long[]> byCause = new LinkedHashMap<>();
                Map<String, Diagnosis> example = new HashMap<>();
                Map<String, Set<String>> devices = new HashMap<>();
                for (Map.Entry<Diagnosis, Integer> e : TextReportWriter.layout(report.getDiagnoses())) {
                    Diagnosis d = e.getKey();
                    String key = d.getErrorCode() + " " + d.getCause();
                    long[] c = byCause.computeIfAbsent(key, k -> new long[2]);
                    c[0]++;
                    c[1] += d.getOccurrences();
                    example.putIfAbsent(key, d);
                    if (d.getDeviceId() != null) {
                        devices.computeIfAbsent(key, k -> new HashSet<>()).add(d.getHub() + "\u0000" + d.getDeviceId());
                    }
                }
                sb.append("<h3>").append(Html.esc(msg.get("html.byCause"))).append("</h3>\n<table class=\"by-cause\">"
                        + "<thead><tr><th>").append(Html.esc(msg.get("md.code"))).append("</th><th>")
                        .append(Html.esc(msg.get("md.cause"))).append("</th><th>")
                        .append(Html.esc(msg.get("html.column.severity"))).append("</th><th class=\"num\">")
                        .append(Html.esc(msg.get("html.column.diagnoses"))).append("</th><th class=\"num\">")
                        .append(Html.esc(msg.get("html.column.devices"))).append("</th><th class=\"num\">")
                        .append(Html.esc(msg.get("md.occurrences"))).append("</th></tr></thead><tbody>");
                for (Map.Entry<String, long[]> e : byCause.entrySet()) {
                    Diagnosis d = example.get(e.getKey());
                    sb.append("<tr><td><a href=\"#").append(Html.esc(d.getId())).append("\">")
                            .append(Html.esc(d.getErrorCode())).append("</a> ").append(Html.esc(name(d)))
                            .append("</td><td>").append(Html.esc(d.getCause())).append("</td><td><span class=\"badge ")
                            .append(Svg.sev(d.getSeverity())).append("\">")
                            .append(Html.esc(msg.get("severity." + d.getSeverity().id()))).append("</span></td><td class=\"num\">")
                            .append(e.getValue()[0]).append("</td><td class=\"num\">")
                            .append(d.getScope() == Scope.HUB ? "\u2013"
                                    : String.valueOf(devices.getOrDefault(e.getKey(), Set.of()).size()))
                            .append("</td><td class=\"num\">")
                            .append(e.getValue()[1]).append("</td></tr>");
                }
                sb.append("</tbody></table>\n");
            }
            sb.append("</section>\n");
        }

        private void card(String cls, long n, String label) {
            sb.append("<div class=\"card ").append(cls).append("\"><div class=\"n\">").append(n)
                    .append("</div><div class=\"label\">").append(Html.esc(label)).append("</div></div>\n");
        }

        // ------------------------------------------------------------------------------------------------------
        private void causes() {
            sb.append("<section id=\"causes\">\n<div class=\"section-head\"><h2>")
                    .append(Html.esc(msg.get("html.nav.causes"))).append("</h2><span class=\"tools\">")
                    .append("<button type=\"button\" id=\"expand-all\">").append(Html.esc(msg.get("html.expandAll")))
                    .append("</button><button type=\"button\" id=\"collapse-all\">")
                    .append(Html.esc(msg.get("html.collapseAll"))).append("</button></span></div>\n");
            List<Map.Entry<Diagnosis, Integer>> layout = TextReportWriter.layout(report.getDiagnoses());
            if (layout.isEmpty()) {
                sb.append("<p class=\"none\">").append(Html.esc(msg.get("none"))).append("</p>\n");
            } else {
                sb.append("<p class=\"intro\">").append(Html.esc(msg.get("html.causes.intro"))).append("</p>\n");
            }
            for (int i = 0; i < layout.size(); i++) {
                Diagnosis root = layout.get(i).getKey();
                List<Map.Entry<Diagnosis, Integer>> effects = new ArrayList<>();
                while (i + 1 < layout.size() && layout.get(i + 1).getValue() > 0) {
                    effects.add(layout.get(++i));
                }
                cause(root, effects);
            }
            sb.append("</section>\n");
        }

        private void cause(Diagnosis d, List<Map.Entry<Diagnosis, Integer>> effects) {
            sb.append("<article class=\"cause ").append(Svg.sev(d.getSeverity())).append("\" id=\"")
                    .append(Html.esc(d.getId())).append("\" data-code=\"").append(Html.esc(d.getErrorCode()))
                    .append("\" data-cause=\"").append(Html.esc(d.getCause())).append("\" data-effects=\"")
                    .append(effects.size()).append("\">\n<h3><span class=\"badge ").append(Svg.sev(d.getSeverity()))
                    .append("\">").append(Html.esc(msg.get("severity." + d.getSeverity().id())))
                    .append("</span> <span class=\"id\">").append(Html.esc(d.getId())).append("</span> ")
                    .append(Html.esc(d.getErrorCode() + " " + name(d))).append(": ").append(Html.esc(d.getCause()))
                    .append("</h3>\n<p class=\"title\">").append(Html.esc(d.getTitle())).append("</p>\n");
            facts(d);
            details(List.of(d));
            if (!effects.isEmpty()) {
                sb.append("<details class=\"effects\"><summary>")
                        .append(Html.esc(msg.get("md.sideEffects", effects.size()).replaceFirst(":$", "")))
                        .append("</summary>\n");
                effectsTable(effects);
                // One explanation, fix and query per kind of side effect, for all the devices it hit.
                Map<String, List<Diagnosis>> groups = new LinkedHashMap<>();
                for (Map.Entry<Diagnosis, Integer> e : effects) {
                    Diagnosis x = e.getKey();
                    groups.computeIfAbsent(x.getErrorCode() + " " + x.getCause() + " " + x.getScope(),
                            k -> new ArrayList<>()).add(x);
                }
                for (List<Diagnosis> group : groups.values()) {
                    Diagnosis x = group.get(0);
                    sb.append("<details class=\"effect-kind\"><summary><span class=\"badge ")
                            .append(Svg.sev(x.getSeverity())).append("\">")
                            .append(Html.esc(msg.get("severity." + x.getSeverity().id()))).append("</span> ")
                            .append(Html.esc(msg.get("html.effectKind", x.getErrorCode() + " " + name(x), x.getCause(),
                                    group.size()))).append("</summary>\n<p class=\"title\">")
                            .append(Html.esc(group.size() == 1 ? x.getTitle() : msg.get("html.effectKindTitle",
                                    x.getTitle()))).append("</p>\n");
                    details(group);
                    sb.append("</details>\n");
                }
                sb.append("</details>\n");
            }
            sb.append("</article>\n");
        }

        private void facts(Diagnosis d) {
            sb.append("<dl class=\"facts\">");
            fact(msg.get("md.hub"), d.getHub() == null ? "\u2013" : d.getHub(), null);
            if (d.getDeviceId() != null) {
                String anchor = deviceAnchors.get(new DeviceActivity.DeviceKey(d.getHub(), d.getDeviceId()));
                fact(msg.get("md.device"), d.getDeviceId() + (d.getModuleId() == null ? "" : "/" + d.getModuleId()),
                        anchor);
            }
            fact(msg.get("md.seen"), d.getFirstSeen().equals(d.getLastSeen()) ? d.getFirstSeen().toString()
                    : d.getFirstSeen() + " \u2013 " + d.getLastSeen(), null);
            fact(msg.get("md.occurrences"), String.valueOf(d.getOccurrences()), null);
            fact(msg.get("md.confidence"), msg.confidence(d.getConfidence()), null);
            if (d.getRootCauseId() != null && byId.containsKey(d.getRootCauseId())) {
                fact(msg.get("html.rootCause"), d.getRootCauseId(), d.getRootCauseId());
            }
            fact(msg.get("md.rule"), d.getRule(), null);
            sb.append("</dl>\n");
        }

        private void fact(String label, String value, String anchor) {
            sb.append("<dt>").append(Html.esc(label)).append("</dt><dd>");
            if (anchor != null) {
                sb.append("<a href=\"#").append(Html.esc(anchor)).append("\">").append(Html.esc(value)).append("</a>");
            } else {
                sb.append(Html.esc(value));
            }
            sb.append("</dd>");
        }

        /** Why, fix, the KQL query, evidence and references of a cause; for a group, those of its first. */
        private void details(List<Diagnosis> group) {
            Diagnosis d = group.get(0);
            sb.append("<p class=\"why\"><strong>").append(Html.esc(msg.get("label.why"))).append("</strong> ")
                    .append(Html.esc(d.getExplanation())).append("</p>\n<div class=\"fix\"><h4>")
                    .append(Html.esc(msg.get("label.fix").replaceFirst(":$", ""))).append("</h4><ol>");
            for (String fix : d.getFixes()) {
                sb.append("<li>").append(Html.esc(fix)).append("</li>");
            }
            sb.append("</ol></div>\n<div class=\"kql\"><div class=\"kql-head\"><h4>")
                    .append(Html.esc(msg.get("html.kql"))).append("</h4><button type=\"button\" class=\"copy\" data-copied=\"")
                    .append(Html.esc(msg.get("html.copied"))).append("\">").append(Html.esc(msg.get("html.copy")))
                    .append("</button></div><pre><code>").append(Html.esc(KqlQueries.forCause(group, msg)))
                    .append("</code></pre></div>\n");
            List<LogEvent> evidence = new ArrayList<>();
            long total = 0;
            for (Diagnosis x : group) {
                total += x.getEvidence().size();
                for (LogEvent e : x.getEvidence()) {
                    if (evidence.size() < MAX_EVIDENCE_LISTED) {
                        evidence.add(e);
                    }
                }
            }
            if (!evidence.isEmpty()) {
                sb.append("<details class=\"evidence\"><summary>")
                        .append(Html.esc(msg.get("html.evidence", evidence.size(), total))).append("</summary><ul>");
                for (LogEvent e : evidence) {
                    sb.append("<li><time>").append(e.getTime()).append("</time> <code>")
                            .append(Html.esc(e.getCategory() + "/" + e.getOperation()
                                    + (e.getErrorCode() == null ? "" : " " + e.getErrorCode())))
                            .append("</code> ").append(Html.esc(e.getDeviceId() == null ? "" : e.getDeviceId()))
                            .append(" <span class=\"source\">").append(Html.esc(e.getSource())).append("</span></li>");
                }
                sb.append("</ul></details>\n");
            }
            if (!d.getReferences().isEmpty()) {
                sb.append("<p class=\"refs\">").append(Html.esc(msg.get("html.references"))).append(' ');
                boolean first = true;
                for (String ref : d.getReferences()) {
                    if (!first) {
                        sb.append(" \u00b7 ");
                    }
                    first = false;
                    // Only web links become links: a reference is text from a rule file, maybe a user's.
                    if (ref.startsWith("https://") || ref.startsWith("http://")) {
                        sb.append("<a href=\"").append(Html.esc(ref)).append("\" rel=\"noopener noreferrer\">")
                                .append(Html.esc(ref)).append("</a>");
                    } else {
                        sb.append(Html.esc(ref));
                    }
                }
                sb.append("</p>\n");
            }
        }

        private void effectsTable(List<Map.Entry<Diagnosis, Integer>> effects) {
            sb.append("<table class=\"effects-table\"><thead><tr><th>").append(Html.esc(msg.get("html.column.id")))
                    .append("</th><th>").append(Html.esc(msg.get("md.code"))).append("</th><th>")
                    .append(Html.esc(msg.get("md.cause"))).append("</th><th>").append(Html.esc(msg.get("md.device")))
                    .append("</th><th>").append(Html.esc(msg.get("md.firstSeen"))).append("</th><th class=\"num\">")
                    .append(Html.esc(msg.get("md.occurrences"))).append("</th></tr></thead><tbody>");
            for (Map.Entry<Diagnosis, Integer> e : effects) {
                Diagnosis x = e.getKey();
                sb.append("<tr id=\"").append(Html.esc(x.getId())).append("\" class=\"depth-")
                        .append(Math.min(e.getValue(), 4)).append("\"><td>").append("\u21b3".repeat(e.getValue()))
                        .append(' ').append(Html.esc(x.getId())).append("</td><td>")
                        .append(Html.esc(x.getErrorCode() + " " + name(x))).append("</td><td><span class=\"badge ")
                        .append(Svg.sev(x.getSeverity())).append("\">")
                        .append(Html.esc(msg.get("severity." + x.getSeverity().id()))).append("</span> ")
                        .append(Html.esc(x.getCause())).append("</td><td>");
                if (x.getDeviceId() == null) {
                    sb.append("\u2013");
                } else {
                    String anchor = deviceAnchors.get(new DeviceActivity.DeviceKey(x.getHub(), x.getDeviceId()));
                    String label = x.getDeviceId() + (x.getModuleId() == null ? "" : "/" + x.getModuleId());
                    if (anchor == null) {
                        sb.append(Html.esc(label));
                    } else {
                        sb.append("<a href=\"#").append(anchor).append("\">").append(Html.esc(label)).append("</a>");
                    }
                }
                sb.append("</td><td>").append(x.getFirstSeen()).append("</td><td class=\"num\">")
                        .append(x.getOccurrences()).append("</td></tr>");
            }
            sb.append("</tbody></table>\n");
        }

        // ------------------------------------------------------------------------------------------------------
        private void fleet() {
            sb.append("<section id=\"fleet\">\n<h2>").append(Html.esc(msg.get("html.nav.fleet"))).append("</h2>\n");
            int n = 0;
            for (Map.Entry<Diagnosis, Integer> e : TextReportWriter.layout(report.getDiagnoses())) {
                Diagnosis d = e.getKey();
                if (d.getScope() != Scope.HUB) {
                    continue;
                }
                n++;
                Svg.DropCounter drops = (from, to) -> activity.devicesDropping(d.getHub(), from, to);
                sb.append("<figure class=\"incident\" data-diagnosis=\"").append(Html.esc(d.getId()))
                        .append("\"><figcaption><a href=\"#").append(Html.esc(d.getId())).append("\">")
                        .append(Html.esc(d.getId())).append("</a> ")
                        .append(Html.esc(msg.get("html.fleet.caption", d.getHub() == null ? "\u2013" : d.getHub(),
                                d.getErrorCode() + " " + d.getCause(), Svg.minutesPerBar(d))))
                        .append("</figcaption>\n").append(Svg.fleet(d, drops, n, msg)).append("</figure>\n");
            }
            if (n == 0) {
                sb.append("<p class=\"none\">").append(Html.esc(msg.get("html.fleet.none"))).append("</p>\n");
            } else if (activity.isFromEvidenceOnly()) {
                sb.append("<p class=\"note\">").append(Html.esc(msg.get("html.fromEvidence"))).append("</p>\n");
            }
            sb.append("</section>\n");
        }

        // ------------------------------------------------------------------------------------------------------
        private void timelines() {
            sb.append("<section id=\"timelines\">\n<div class=\"section-head\"><h2>")
                    .append(Html.esc(msg.get("html.nav.timelines"))).append("</h2>");
            if (!affected.isEmpty()) {
                sb.append("<span class=\"tools\"><input type=\"search\" id=\"device-filter\" placeholder=\"")
                        .append(Html.esc(msg.get("html.filter"))).append("\" aria-label=\"")
                        .append(Html.esc(msg.get("html.filter"))).append("\"></span>");
            }
            sb.append("</div>\n");
            if (affected.isEmpty()) {
                sb.append("<p class=\"none\">").append(Html.esc(msg.get("html.timelines.none"))).append("</p>\n");
                sb.append("</section>\n");
                return;
            }
            sb.append("<p class=\"intro\">").append(Html.esc(msg.get("html.timelines.intro"))).append("</p>\n");
            legend();
            if (affected.size() > MAX_TIMELINES) {
                sb.append("<p class=\"note\">").append(Html.esc(msg.get("html.timelines.capped", MAX_TIMELINES,
                        affected.size()))).append("</p>\n");
            }
            if (activity.isFromEvidenceOnly()) {
                sb.append("<p class=\"note\">").append(Html.esc(msg.get("html.fromEvidence"))).append("</p>\n");
            } else if (activity.marksNotKept() > 0) {
                sb.append("<p class=\"note\">").append(Html.esc(msg.get("html.marksNotKept", activity.marksNotKept(),
                        DeviceActivity.MAX_MARKS))).append("</p>\n");
            }
            Map<DeviceActivity.DeviceKey, List<Diagnosis>> perDevice = new HashMap<>();
            for (Diagnosis d : report.getDiagnoses()) {
                if (d.getDeviceId() != null) {
                    perDevice.computeIfAbsent(new DeviceActivity.DeviceKey(d.getHub(), d.getDeviceId()),
                            k -> new ArrayList<>()).add(d);
                }
            }
            int n = 0;
            for (Map.Entry<DeviceActivity.DeviceKey, String> e : deviceAnchors.entrySet()) {
                DeviceActivity.DeviceKey key = e.getKey();
                List<Diagnosis> ds = perDevice.get(key);
                ds.sort(Comparator.comparing(Diagnosis::getFirstSeen).thenComparing(d -> number(d.getId())));
                List<Diagnosis> hubRoots = new ArrayList<>();
                for (Diagnosis d : ds) {
                    Diagnosis r = d.getRootCauseId() == null ? null : byId.get(d.getRootCauseId());
                    if (r != null && r.getScope() == Scope.HUB && !hubRoots.contains(r)) {
                        hubRoots.add(r);
                    }
                }
                Svg.Timeline t = new Svg.Timeline(key.deviceId(), ds, hubRoots, byId,
                        activity.marks(key.hub(), key.deviceId()));
                sb.append("<article class=\"device\" id=\"").append(e.getValue()).append("\" data-device=\"")
                        .append(Html.esc(key.deviceId())).append("\"><h3>").append(Html.esc(key.deviceId()))
                        .append(key.hub().isEmpty() ? "" : " <span class=\"hub\">" + Html.esc(key.hub()) + "</span>")
                        .append(" <span class=\"ids\">");
                for (Diagnosis d : ds) {
                    sb.append("<a class=\"badge ").append(Svg.sev(d.getSeverity())).append("\" href=\"#")
                            .append(Html.esc(d.getId())).append("\">").append(Html.esc(d.getId() + " "
                            + d.getErrorCode())).append("</a>");
                }
                sb.append("</span></h3>\n<div class=\"scroll\">").append(Svg.timeline(t, ++n, msg)).append("</div>\n");
                int outside = Svg.outsideWindow(t);
                if (outside > 0) {
                    sb.append("<p class=\"note\">").append(Html.esc(msg.get("html.outside", outside))).append("</p>\n");
                }
                sb.append("</article>\n");
            }
            sb.append("</section>\n");
        }

        private void legend() {
            sb.append("<div class=\"legend\">");
            legendItem(14, "<circle class=\"mark connect\" cx=\"7\" cy=\"7\" r=\"4.5\"/>", "connect");
            legendItem(14, "<circle class=\"mark connect failed\" cx=\"7\" cy=\"7\" r=\"4.5\"/>", "failedConnect");
            legendItem(14, "<path class=\"mark disconnect\" d=\"M2,3L12,3L7,12z\"/>", "disconnect");
            legendItem(14, "<path class=\"mark disconnect failed\" d=\"M2,3L12,3L7,12z\"/>", "failedDisconnect");
            legendItem(14, "<path class=\"mark error\" d=\"M7,1L13,7L7,13L1,7z\"/>", "error");
            legendItem(24, "<rect class=\"bar sev-error\" x=\"1\" y=\"3\" width=\"22\" height=\"8\" rx=\"3\"/>",
                    "diagnosis");
            legendItem(24, "<path class=\"chain\" d=\"M1,7L20,7\"/><path class=\"arrowhead\" d=\"M17,3L23,7L17,11z\"/>",
                    "chain");
            sb.append("</div>\n");
        }

        /** A sample of a timeline's drawing, {@code width} wide, and its label {@code html.legend.<key>}. */
        private void legendItem(int width, String shape, String key) {
            sb.append("<svg viewBox=\"0 0 ").append(width).append(" 14\" width=\"").append(width)
                    .append("\" height=\"14\" aria-hidden=\"true\">").append(shape).append("</svg>")
                    .append(Html.esc(msg.get("html.legend." + key)));
        }

        // ------------------------------------------------------------------------------------------------------
        private void rejected(Summary s) {
            sb.append("<section id=\"rejected\">\n<h2>").append(Html.esc(msg.get("html.nav.rejected"))).append("</h2>\n");
            List<Rejection> listed = report.getRejected();
            long total = Math.max(s.getRecordsRejected(), listed.size());
            if (total == 0) {
                sb.append("<p class=\"none\">").append(Html.esc(msg.get("html.rejected.none"))).append("</p>\n");
            } else {
                sb.append("<p>").append(Html.esc(msg.get("rejected.header", total).replaceFirst(":$", "")))
                        .append("</p>\n<ul class=\"rejected\">");
                int shown = Math.min(listed.size(), MAX_REJECTED_LISTED);
                for (Rejection r : listed.subList(0, shown)) {
                    sb.append("<li><code>").append(Html.esc(r.getSource())).append("</code> ")
                            .append(Html.esc(r.getReason())).append("</li>");
                }
                if (total > shown) {
                    sb.append("<li>").append(Html.esc(msg.get("label.more", total - shown))).append("</li>");
                }
                sb.append("</ul>\n");
            }
            sb.append("<p class=\"counts\">").append(Html.esc(TextReportWriter.summaryLine(s, msg))).append("</p>\n");
            sb.append("</section>\n");
        }

        /**
         * The devices with a diagnosis of their own, most severe first, then by when their first problem began:
         * the order their timelines are drawn in.
         */
        private static List<DeviceActivity.DeviceKey> affectedDevices(List<Diagnosis> diagnoses) {
            Map<DeviceActivity.DeviceKey, Severity> worst = new HashMap<>();
            Map<DeviceActivity.DeviceKey, Instant> first = new HashMap<>();
            for (Diagnosis d : diagnoses) {
                if (d.getDeviceId() == null) {
                    continue;
                }
                DeviceActivity.DeviceKey k = new DeviceActivity.DeviceKey(d.getHub(), d.getDeviceId());
                worst.merge(k, d.getSeverity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                first.merge(k, d.getFirstSeen(), (a, b) -> a.isBefore(b) ? a : b);
            }
            List<DeviceActivity.DeviceKey> keys = new ArrayList<>(worst.keySet());
            keys.sort(Comparator.<DeviceActivity.DeviceKey, Severity>comparing(worst::get, Comparator.reverseOrder())
                    .thenComparing(first::get)
                    .thenComparing(DeviceActivity.DeviceKey::deviceId)
                    .thenComparing(DeviceActivity.DeviceKey::hub));
            return keys;
        }

        private static String name(Diagnosis d) {
            return d.getErrorName() == null ? "" : d.getErrorName();
        }

        /** The number of an id like {@code D12}, so that D2 sorts before D10; 0 for other ids. */
        private static long number(String id) {
            try {
                return Long.parseLong(id.substring(1));
            } catch (RuntimeException e) {
                return 0;
            }
        }
    }

    /** A file of the page's inline style or script, from this package's {@code html} resources. */
    static String resource(String name) {
        try (InputStream in = HtmlSink.class.getResourceAsStream("html/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource html/" + name + " next to " + HtmlSink.class);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // The page ends a style or script block at the first closing tag: the files must not hold one.
            if (text.toLowerCase(Locale.ROOT).contains("</")) {
                throw new IllegalStateException("html/" + name + " must not contain '</'");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
