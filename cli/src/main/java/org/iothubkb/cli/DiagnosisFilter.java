package org.iothubkb.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Summary;

/**
 * {@code diagnose --since/--until/--device}: which diagnoses to report. It selects diagnoses, not records: every
 * record still goes through the rules, because what a device's diagnosis means can depend on records outside the
 * selection (the rest of the fleet in a hub-wide drop, the token renewal an hour before).
 *
 * <p>A diagnosis is kept when its time range (first to last seen) overlaps {@code [since, until)} and, with
 * device patterns, when it concerns a matching device. The root causes of kept diagnoses are kept too, whatever
 * their device or time, so that no side effect loses the cause it points to.
 *
 * @param since    keep diagnoses last seen at or after this instant, or {@code null}
 * @param until    keep diagnoses first seen before this instant, or {@code null}
 * @param devices  device id patterns ({@code *} any run of characters, {@code ?} one), empty for all devices
 */
record DiagnosisFilter(Instant since, Instant until, List<String> devices) {

    /** No filter: every diagnosis. */
    static final DiagnosisFilter NONE = new DiagnosisFilter(null, null, List.of());

    DiagnosisFilter {
        devices = List.copyOf(devices);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since [" + since + "] must be before --until [" + until + "]");
        }
    }

    /** Whether it keeps everything. */
    boolean isNone() {
        return since == null && until == null && devices.isEmpty();
    }

    /**
     * An instant on the command line: {@code 2026-11-02T08:00:00Z} or with an offset ({@code +01:00}), or a day
     * ({@code 2026-11-02}, from midnight UTC).
     */
    static Instant parseInstant(String option, String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + option + ": [" + text + "] is not a time: use e.g."
                    + " 2026-11-02T08:00:00Z, 2026-11-02T09:00:00+01:00 or 2026-11-02");
        }
    }

    /** The report with only the diagnoses kept, and the summary's diagnosis count to match. */
    DiagnosisReport apply(DiagnosisReport report) {
        if (isNone()) {
            return report;
        }
        List<Pattern> patterns = new ArrayList<>();
        devices.forEach(d -> patterns.add(glob(d)));
        Map<String, Diagnosis> byId = new HashMap<>();
        report.getDiagnoses().forEach(d -> byId.put(d.getId(), d));
        Set<String> kept = new LinkedHashSet<>();
        for (Diagnosis d : report.getDiagnoses()) {
            if (inTime(d) && onDevice(d, patterns)) {
                // The diagnosis and its chain of root causes.
                for (Diagnosis c = d; c != null && kept.add(c.getId());
                        c = c.getRootCauseId() == null ? null : byId.get(c.getRootCauseId())) {
                    // walks up until a cause already kept
                }
            }
        }
        List<Diagnosis> out = new ArrayList<>();
        report.getDiagnoses().forEach(d -> {
            if (kept.contains(d.getId())) {
                out.add(d);
            }
        });
        Summary s = report.getSummary();
        return new DiagnosisReport(new Summary(s.getEventsAccepted(), s.getRecordsRejected(), s.getLateEvents(),
                s.getDevices(), out.size()), out, report.getRejected());
    }

    private boolean inTime(Diagnosis d) {
        return (since == null || !d.getLastSeen().isBefore(since)) && (until == null || d.getFirstSeen().isBefore(until));
    }

    private static boolean onDevice(Diagnosis d, List<Pattern> patterns) {
        if (patterns.isEmpty()) {
            return true;
        }
        return d.getDeviceId() != null && patterns.stream().anyMatch(p -> p.matcher(d.getDeviceId()).matches());
    }

    /** A shell-like pattern: {@code *} and {@code ?}, everything else literal; device ids are case-sensitive. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("(?=[*?])|(?<=[*?])")) {
            re.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
