package org.iothubkb.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Scope;

/**
 * A Log Analytics (KQL) query per diagnosed cause, for the operator to paste into the workspace the hub's diagnostic
 * setting writes to and check whether the fix worked: the same errors of the same devices, since the last time the
 * log showed them.
 *
 * <p>The queries read the {@code AzureDiagnostics} table (where IoT Hub's resource logs go in Azure-diagnostics
 * mode) with the columns Microsoft's own IoT Hub queries use: {@code ResourceProvider}, {@code ResourceType},
 * {@code _ResourceId}, {@code Category}, {@code Level}, {@code ResultType} (the error code), {@code OperationName},
 * {@code ResultDescription} and {@code properties_s} (the record's properties as a JSON string).
 */
final class KqlQueries {

    /** Above this many devices a query does not list them: the in() list would be unwieldy to read and edit. */
    static final int MAX_DEVICES_LISTED = 100;

    /** Kusto keeps time in 100 ns ticks: seven digits of a second, the precision of IoT Hub's own log times. */
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private KqlQueries() {
    }

    /**
     * The query for a group of diagnoses of one code and cause (one diagnosis, or the side effects of one kind
     * under a root): their errors since the latest of them was last seen.
     */
    static String forCause(List<Diagnosis> group, Messages msg) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("no diagnoses");
        }
        Diagnosis first = group.get(0);
        Instant since = first.getLastSeen();
        Set<String> hubs = new TreeSet<>();
        Set<String> devices = new TreeSet<>();
        Set<String> categories = new LinkedHashSet<>();
        for (Diagnosis d : group) {
            if (d.getLastSeen().isAfter(since)) {
                since = d.getLastSeen();
            }
            if (d.getHub() != null && !d.getHub().isBlank()) {
                hubs.add(d.getHub());
            }
            if (d.getDeviceId() != null) {
                devices.add(d.getDeviceId());
            }
            for (LogEvent e : d.getEvidence()) {
                if (e.getCategory() != null && !e.getCategory().isBlank()) {
                    categories.add(e.getCategory());
                }
            }
        }
        String code = first.getErrorCode();
        boolean hubScope = first.getScope() == Scope.HUB;
        // A hub-wide incident of drops is checked with the fleet chart's measure: devices dropping per minute.
        boolean fleetDrops = hubScope && DeviceActivity.DROP_CODES.contains(code);

        List<String> lines = new ArrayList<>();
        String who = hubScope ? (hubs.isEmpty() ? msg.get("kql.who.anyHub") : msg.get("kql.who.hub", String.join(", ", hubs)))
                : devices.size() == 1 ? msg.get("kql.who.device", devices.iterator().next())
                : msg.get("kql.who.devices", devices.size());
        lines.add("// " + Text.oneLine(msg.get(fleetDrops ? "kql.question.fleet" : "kql.question", code,
                first.getCause(), who)));
        lines.add("// " + Text.oneLine(msg.get("kql.since")));
        lines.add("let since = datetime(" + DATETIME.format(since) + ");");
        lines.add("AzureDiagnostics");
        lines.add("| where ResourceProvider == \"MICROSOFT.DEVICES\" and ResourceType == \"IOTHUBS\"");
        if (!hubs.isEmpty()) {
            // _ResourceId ends with the hub's name; endswith ignores case, as Azure writes the path in either.
            List<String> ends = new ArrayList<>();
            for (String hub : hubs) {
                ends.add("_ResourceId endswith " + string("/iothubs/" + hub));
            }
            lines.add("| where " + String.join(" or ", ends));
        }
        lines.add("| where TimeGenerated > since");
        if (fleetDrops) {
            lines.add("| where ResultType in (" + list(new TreeSet<>(DeviceActivity.DROP_CODES)) + ")");
            lines.add("| summarize Devices = dcount(tostring(parse_json(properties_s).deviceId))"
                    + " by bin(TimeGenerated, 1m)");
            lines.add("| order by TimeGenerated asc");
            return String.join("\n", lines) + "\n";
        }
        if (!categories.isEmpty()) {
            lines.add("| where Category in (" + list(categories) + ")");
        }
        if (!hubScope) {
            lines.add("| extend DeviceId = tostring(parse_json(properties_s).deviceId)");
            if (devices.size() == 1) {
                lines.add("| where DeviceId == " + string(devices.iterator().next()));
            } else if (!devices.isEmpty() && devices.size() <= MAX_DEVICES_LISTED) {
                lines.add("| where DeviceId in (" + list(devices) + ")");
            } else if (!devices.isEmpty()) {
                lines.add("// " + Text.oneLine(msg.get("kql.tooManyDevices", devices.size(), MAX_DEVICES_LISTED)));
            }
        }
        // Every error, not only this code: a fix that trades one failure for another should show too.
        lines.add("| where Level == \"Error\" or ResultType == " + string(code));
        lines.add("| summarize Records = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by "
                + (hubScope ? "" : "DeviceId, ") + "Category, OperationName, ResultType, ResultDescription");
        lines.add("| order by Last desc");
        return String.join("\n", lines) + "\n";
    }

    private static String list(Set<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(string(v));
        }
        return String.join(", ", quoted);
    }

    /** A KQL string literal: double quotes, with backslash, quote and line ends escaped. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
