package org.iothubkb.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.Severity;

/**
 * The drawings of the HTML report, as inline SVG: a device's timeline (its connects, disconnects and errors, the
 * diagnoses as bars and the chain from root cause to side effect as arrows) and a hub's fleet chart (devices
 * dropping per minute around an incident). Plain markup: no script draws anything, so the page also prints.
 */
final class Svg {

    static final int WIDTH = 960;
    private static final int PLOT_LEFT = 190;
    private static final int PLOT_RIGHT = WIDTH - 20;
    private static final int LANE = 24;
    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Tick steps of a time axis, the smallest that gives at most eight ticks is used. */
    private static final long[] STEPS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR,
        12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Svg() {
    }

    /** A linear time scale from {@code lo} to {@code hi} (epoch millis) onto {@code x0..x1}. */
    record Axis(long lo, long hi, double x0, double x1) {
        double x(long t) {
            if (hi <= lo) {
                return (x0 + x1) / 2;
            }
            return x0 + (x1 - x0) * (t - lo) / (double) (hi - lo);
        }

        boolean contains(long t) {
            return t >= lo && t <= hi;
        }
    }

    /** The diagnoses drawn on one device's timeline and what they point to elsewhere. */
    record Timeline(String deviceId, List<Diagnosis> diagnoses, List<Diagnosis> hubRoots,
                    Map<String, Diagnosis> byId, List<DeviceActivity.Mark> marks) {
    }

    /** A device's timeline; {@code n} makes its ids unique in the page. Bars link to their diagnosis' section. */
    static String timeline(Timeline t, int n, Messages msg) {
        Axis axis = window(t, PLOT_LEFT, PLOT_RIGHT);

        int bandTop = 18;
        int connY = bandTop + 14;
        int errY = connY + LANE;
        int firstBar = errY + LANE;
        int axisY = firstBar + LANE * t.diagnoses().size() + 6;
        int height = axisY + 34;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"tl-").append(n).append("-t\" data-marks=\"")
                .append(countInside(t.marks(), axis)).append("\">");
        sb.append("<title id=\"tl-").append(n).append("-t\">")
                .append(Html.esc(msg.get("html.timeline.svgTitle", t.deviceId()))).append("</title>");
        sb.append("<defs><marker id=\"arrow-").append(n).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\""
                + " markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\""
                + " class=\"arrowhead\"/></marker></defs>");

        // Lanes and their labels.
        lane(sb, connY, msg.get("html.lane.connections"), 0);
        lane(sb, errY, msg.get("html.lane.errors"), 1);
        for (int i = 0; i < t.diagnoses().size(); i++) {
            Diagnosis d = t.diagnoses().get(i);
            lane(sb, firstBar + i * LANE, d.getId() + " " + d.getErrorCode(), i + 2);
        }

        // Hub-wide root causes: a band over every lane for as long as the incident lasted.
        Map<String, double[]> anchors = new LinkedHashMap<>();
        for (Diagnosis r : t.hubRoots()) {
            double x = axis.x(r.getFirstSeen().toEpochMilli());
            double w = Math.max(axis.x(r.getLastSeen().toEpochMilli()) - x, 3);
            sb.append("<a href=\"#").append(Html.esc(r.getId())).append("\"><rect class=\"band ")
                    .append(sev(r.getSeverity())).append("\" x=\"").append(f(x)).append("\" y=\"").append(bandTop)
                    .append("\" width=\"").append(f(w)).append("\" height=\"").append(axisY - bandTop)
                    .append("\"><title>").append(Html.esc(r.getId() + " " + r.getErrorCode() + " " + r.getCause()
                            + ": " + r.getTitle())).append("</title></rect></a>");
            sb.append("<text class=\"band-label\" x=\"").append(f(x + 3)).append("\" y=\"").append(bandTop - 5)
                    .append("\">").append(Html.esc(msg.get("html.hubIncident", r.getId(), r.getCause())))
                    .append("</text>");
            anchors.put(r.getId(), new double[] {x, bandTop + 4});
        }

        // The records: connects and disconnects on one lane, other errors on the next.
        double lastLabelX = Double.NEGATIVE_INFINITY;
        double lastConnLabelX = Double.NEGATIVE_INFINITY;
        // Marks of one kind and code on the same pixel look like one: drawn once, the tip counts the others. This
        // keeps a busy device's timeline small without hiding anything the eye could tell apart.
        Map<String, int[]> samePixel = new LinkedHashMap<>();
        List<DeviceActivity.Mark> drawn = new ArrayList<>();
        for (DeviceActivity.Mark m : t.marks()) {
            if (axis.contains(m.millis())) {
                int[] seen = samePixel.computeIfAbsent(m.kind() + " " + m.code() + " "
                        + Math.round(axis.x(m.millis())), k -> new int[1]);
                if (seen[0]++ == 0) {
                    drawn.add(m);
                }
            }
        }
        for (DeviceActivity.Mark m : drawn) {
            double x = axis.x(m.millis());
            int here = samePixel.get(m.kind() + " " + m.code() + " " + Math.round(x))[0];
            String tip = Instant.ofEpochMilli(m.millis()) + " " + (m.operation() == null ? "" : m.operation())
                    + (m.code() == null ? "" : " " + m.code())
                    + (m.moduleId() == null ? "" : " (" + m.moduleId() + ")") + "\n" + m.source()
                    + (here > 1 ? "\n" + msg.get("html.samePixel", here - 1) : "");
            switch (m.kind()) {
                case CONNECT, CONNECT_FAILED -> {
                    boolean failed = m.kind() == DeviceActivity.Kind.CONNECT_FAILED;
                    sb.append("<circle class=\"mark connect").append(failed ? " failed" : "").append("\" cx=\"")
                            .append(f(x)).append("\" cy=\"").append(connY + LANE / 2).append("\" r=\"4.5\"><title>")
                            .append(Html.esc(tip)).append("</title></circle>");
                    if (failed && m.code() != null && x - lastConnLabelX > 48) {
                        sb.append("<text class=\"mark-label\" x=\"").append(f(x + 7)).append("\" y=\"")
                                .append(connY + LANE / 2 - 6).append("\">").append(Html.esc(m.code())).append("</text>");
                        lastConnLabelX = x;
                    }
                }
                case DISCONNECT -> {
                    int y = connY + LANE / 2;
                    sb.append("<path class=\"mark ").append(m.code() == null ? "disconnect" : "disconnect failed")
                            .append("\" d=\"M").append(f(x - 5)).append(',').append(y - 4).append('L')
                            .append(f(x + 5)).append(',').append(y - 4).append('L').append(f(x)).append(',')
                            .append(y + 5).append("z\"><title>").append(Html.esc(tip)).append("</title></path>");
                }
                case ERROR -> {
                    int y = errY + LANE / 2;
                    sb.append("<path class=\"mark error\" d=\"M").append(f(x)).append(',').append(y - 6).append('L')
                            .append(f(x + 6)).append(',').append(y).append('L').append(f(x)).append(',')
                            .append(y + 6).append('L').append(f(x - 6)).append(',').append(y).append("z\"><title>")
                            .append(Html.esc(tip)).append("</title></path>");
                    // The code next to the mark, where it does not run into the previous one.
                    if (m.code() != null && x - lastLabelX > 48) {
                        sb.append("<text class=\"mark-label\" x=\"").append(f(x + 8)).append("\" y=\"")
                                .append(y + 4).append("\">").append(Html.esc(m.code())).append("</text>");
                        lastLabelX = x;
                    }
                }
                default -> throw new IllegalStateException(m.kind().toString());
            }
        }

        // The diagnoses, first to last occurrence, each on its lane.
        for (int i = 0; i < t.diagnoses().size(); i++) {
            Diagnosis d = t.diagnoses().get(i);
            int y = firstBar + i * LANE + 5;
            double x = axis.x(d.getFirstSeen().toEpochMilli());
            double w = Math.max(axis.x(d.getLastSeen().toEpochMilli()) - x, 6);
            sb.append("<a href=\"#").append(Html.esc(d.getId())).append("\"><rect class=\"bar ")
                    .append(sev(d.getSeverity())).append("\" x=\"").append(f(x)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(f(w)).append("\" height=\"").append(LANE - 10)
                    .append("\" rx=\"3\"><title>").append(Html.esc(d.getId() + " " + d.getErrorCode() + " "
                            + d.getCause() + " \u00d7" + d.getOccurrences() + ": " + d.getTitle()))
                    .append("</title></rect></a>");
            String label = d.getCause() + (d.getOccurrences() > 1 ? " \u00d7" + d.getOccurrences() : "");
            // Inside a bar long enough to hold it, else after the bar, else before it.
            double labelWidth = label.length() * 6.5;
            boolean inside = w > labelWidth + 12;
            boolean right = !inside && x + w + 8 + labelWidth < PLOT_RIGHT;
            sb.append("<text class=\"bar-label").append(inside ? " inside" : "").append("\" x=\"")
                    .append(f(inside ? x + 6 : right ? x + w + 6 : x - 6)).append("\" y=\"").append(y + 10)
                    .append('"').append(inside || right ? "" : " text-anchor=\"end\"").append('>')
                    .append(Html.esc(label)).append("</text>");
            anchors.put(d.getId(), new double[] {x, y + (LANE - 10) / 2.0});
        }

        // Root cause to side effect.
        for (int i = 0; i < t.diagnoses().size(); i++) {
            Diagnosis d = t.diagnoses().get(i);
            String root = d.getRootCauseId();
            if (root == null || root.equals(d.getId())) {
                continue;
            }
            double[] to = anchors.get(d.getId());
            double[] from = anchors.get(root);
            if (from != null) {
                double bend = Math.max(18, Math.abs(to[1] - from[1]) / 2);
                // The curve bulges to the left, but not into the lane labels.
                double c1 = Math.max(from[0] - bend, PLOT_LEFT + 2);
                double c2 = Math.max(to[0] - bend, PLOT_LEFT + 2);
                sb.append("<path class=\"chain\" marker-end=\"url(#arrow-").append(n).append(")\" d=\"M")
                        .append(f(from[0])).append(',').append(f(from[1])).append(" C").append(f(c1))
                        .append(',').append(f(from[1])).append(' ').append(f(c2)).append(',')
                        .append(f(to[1])).append(' ').append(f(to[0] - 1)).append(',').append(f(to[1]))
                        .append("\"><title>").append(Html.esc(msg.get("html.chain", root, d.getId())))
                        .append("</title></path>");
            } else {
                Diagnosis r = t.byId().get(root);
                String text = "<text class=\"elsewhere\" x=\"" + f(PLOT_LEFT + 4) + "\" y=\"" + f(to[1] - 6)
                        + "\">\u2190 " + Html.esc(r == null || r.getDeviceId() == null ? root
                        : root + " (" + r.getDeviceId() + ")") + "</text>";
                // A link only to a root cause the page shows: a report filtered by a plugin may lack it.
                sb.append(r == null ? text : "<a href=\"#" + Html.esc(root) + "\">" + text + "</a>");
            }
        }

        axis(sb, axis, axisY);
        sb.append("</svg>");
        return sb.toString();
    }

    private static int countInside(List<DeviceActivity.Mark> marks, Axis axis) {
        int n = 0;
        for (DeviceActivity.Mark m : marks) {
            if (axis.contains(m.millis())) {
                n++;
            }
        }
        return n;
    }

    /** How many of the device's marks its timeline leaves out of its window. */
    static int outsideWindow(Timeline t) {
        return t.marks().size() - countInside(t.marks(), window(t, 0, 1));
    }

    /**
     * The time window of a device's timeline: its diagnoses and the hub incidents behind them, widened to the
     * device's records close by (what it did just before and whether it came back after), and padded.
     */
    private static Axis window(Timeline t, double x0, double x1) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        List<Diagnosis> spanned = new ArrayList<>(t.diagnoses());
        spanned.addAll(t.hubRoots());
        for (Diagnosis d : spanned) {
            lo = Math.min(lo, d.getFirstSeen().toEpochMilli());
            hi = Math.max(hi, d.getLastSeen().toEpochMilli());
        }
        long context = Math.max(hi - lo, 5 * MINUTE);
        long from = lo;
        long to = hi;
        for (DeviceActivity.Mark m : t.marks()) {
            if (m.millis() >= lo - context && m.millis() < from) {
                from = m.millis();
            }
            if (m.millis() <= hi + context && m.millis() > to) {
                to = m.millis();
            }
        }
        long pad = Math.max((to - from) / 20, 5 * SECOND);
        return new Axis(from - pad, to + pad, x0, x1);
    }

    private static void lane(StringBuilder sb, int y, String label, int i) {
        sb.append("<rect class=\"lane").append(i % 2 == 0 ? "" : " odd").append("\" x=\"").append(PLOT_LEFT)
                .append("\" y=\"").append(y).append("\" width=\"").append(PLOT_RIGHT - PLOT_LEFT)
                .append("\" height=\"").append(LANE).append("\"/>");
        sb.append("<text class=\"lane-label\" x=\"").append(PLOT_LEFT - 8).append("\" y=\"").append(y + 16)
                .append("\" text-anchor=\"end\">").append(Html.esc(label)).append("</text>");
    }

    /** A time axis at {@code y}: a line, ticks at a round step, their UTC labels and the date under them. */
    private static void axis(StringBuilder sb, Axis axis, int y) {
        sb.append("<line class=\"axis\" x1=\"").append(f(axis.x0())).append("\" x2=\"").append(f(axis.x1()))
                .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>");
        long span = Math.max(axis.hi() - axis.lo(), 1);
        long step = STEPS[STEPS.length - 1];
        for (long s : STEPS) {
            // Ticks at multiples of the step: span / step + 1 of them at most.
            if (span / s <= 7) {
                step = s;
                break;
            }
        }
        DateTimeFormatter fmt = step < MINUTE ? SECONDS : span < DAY ? MINUTES : DAYS;
        long first = Math.floorDiv(axis.lo() + step - 1, step) * step;
        for (long t = first; t <= axis.hi(); t += step) {
            double x = axis.x(t);
            sb.append("<line class=\"tick\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"")
                    .append(y).append("\" y2=\"").append(y + 5).append("\"/><text class=\"tick-label\" x=\"")
                    .append(f(x)).append("\" y=\"").append(y + 17).append("\" text-anchor=\"middle\">")
                    .append(fmt.format(Instant.ofEpochMilli(t))).append("</text>");
        }
        String from = Instant.ofEpochMilli(axis.lo()).toString().substring(0, 10);
        String to = Instant.ofEpochMilli(axis.hi()).toString().substring(0, 10);
        sb.append("<text class=\"axis-caption\" x=\"").append(f(axis.x1())).append("\" y=\"").append(y + 31)
                .append("\" text-anchor=\"end\">").append(from.equals(to) ? from : from + " \u2013 " + to)
                .append(" UTC</text>");
    }

    /**
     * A hub's fleet chart around incident {@code d}: one bar per minute (or per few minutes over long spans) with the
     * number of devices that dropped, the incident's minutes shaded.
     */
    static String fleet(Diagnosis d, DropCounter drops, int n, Messages msg) {
        long firstMinute = Math.floorDiv(d.getFirstSeen().toEpochMilli(), MINUTE);
        long lastMinute = Math.floorDiv(d.getLastSeen().toEpochMilli(), MINUTE);
        long from = firstMinute - 10;
        long to = lastMinute + 10;
        long perBar = minutesPerBar(d);
        int bars = (int) ((to - from + 1 + perBar - 1) / perBar);
        int[] counts = new int[bars];
        int max = 0;
        for (int i = 0; i < bars; i++) {
            counts[i] = drops.devices(from + i * perBar, from + (i + 1) * perBar - 1);
            max = Math.max(max, counts[i]);
        }
        int left = 60;
        int right = WIDTH - 20;
        int top = 24;
        int plotH = 160;
        int base = top + plotH;
        int height = base + 40;
        double barW = (right - left) / (double) bars;
        int yMax = Math.max(max, 1);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"fleet\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"fl-").append(n).append("-t\" data-bars=\"").append(bars)
                .append("\" data-max=\"").append(max).append("\">");
        sb.append("<title id=\"fl-").append(n).append("-t\">").append(Html.esc(msg.get("html.fleet.svgTitle",
                d.getHub() == null ? "" : d.getHub(), d.getId()))).append("</title>");
        double shadeX = left + (firstMinute - from) / (double) perBar * barW;
        double shadeW = Math.max((lastMinute - firstMinute + 1) / (double) perBar * barW, 2);
        sb.append("<rect class=\"band ").append(sev(d.getSeverity())).append("\" x=\"").append(f(shadeX))
                .append("\" y=\"").append(top).append("\" width=\"").append(f(shadeW)).append("\" height=\"")
                .append(plotH).append("\"/>");
        for (int v : new TreeSet<>(List.of(0, (yMax + 1) / 2, yMax))) {
            double y = base - plotH * v / (double) yMax;
            sb.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(right).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/><text class=\"tick-label\" x=\"")
                    .append(left - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">").append(v)
                    .append("</text>");
        }
        for (int i = 0; i < bars; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double h = plotH * counts[i] / (double) yMax;
            long minute = from + i * perBar;
            boolean inside = minute + perBar - 1 >= firstMinute && minute <= lastMinute;
            sb.append("<rect class=\"drop").append(inside ? " incident" : "").append("\" x=\"")
                    .append(f(left + i * barW + barW * 0.1)).append("\" y=\"").append(f(base - h))
                    .append("\" width=\"").append(f(barW * 0.8)).append("\" height=\"").append(f(h))
                    .append("\"><title>").append(Html.esc(msg.get("html.fleet.bar",
                            MINUTES.format(Instant.ofEpochMilli(minute * MINUTE)), counts[i], perBar)))
                    .append("</title></rect>");
            if (barW >= 18) {
                sb.append("<text class=\"bar-value\" x=\"").append(f(left + i * barW + barW / 2)).append("\" y=\"")
                        .append(f(base - h - 3)).append("\" text-anchor=\"middle\">").append(counts[i])
                        .append("</text>");
            }
        }
        axis(sb, new Axis(from * MINUTE, (from + bars * perBar) * MINUTE, left, right), base);
        sb.append("</svg>");
        return sb.toString();
    }

    /** Counts the distinct devices that dropped in a span of minutes (since the epoch), both ends included. */
    interface DropCounter {
        int devices(long fromMinute, long toMinute);
    }

    /** How many minutes one bar of {@link #fleet} covers for this incident: at most 360 bars are drawn. */
    static long minutesPerBar(Diagnosis d) {
        long first = Math.floorDiv(d.getFirstSeen().toEpochMilli(), MINUTE) - 10;
        long last = Math.floorDiv(d.getLastSeen().toEpochMilli(), MINUTE) + 10;
        return Math.max(1, (last - first + 1 + 359) / 360);
    }

    static String sev(Severity s) {
        return "sev-" + s.id();
    }

    /** A coordinate with at most one decimal: enough on a 960-wide drawing, and short. */
    private static String f(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }
}
