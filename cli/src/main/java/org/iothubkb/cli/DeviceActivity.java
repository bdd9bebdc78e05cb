package org.iothubkb.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;

/**
 * What the HTML report draws besides the diagnoses: per device, its connects, disconnects and errors (the marks of
 * its timeline), and per hub, how many devices dropped in each minute (the fleet view).
 *
 * <p>Recorded from every accepted event when the report needs it ({@link #recording}), or rebuilt from the
 * diagnoses' evidence when a sink is called without it ({@link #fromEvidence}). Bounded: at most {@link #MAX_MARKS}
 * marks are kept, the rest are only counted; the per-minute counts are one number per hub and minute.
 */
final class DeviceActivity {

    /** The error codes that count as a device dropping off its hub, as in the hub-wide incident rules. */
    static final Set<String> DROP_CODES = Set.of("404104", "500001", "500008");

    /**
     * How many marks are kept in all; the report says how many more were seen. A mark costs about 150 bytes (its
     * record's source string included), so the marks take at most about 75 MB.
     */
    static final int MAX_MARKS = 500_000;

    /** What a mark on a device's timeline stands for. */
    enum Kind {
        /** A successful {@code deviceConnect}. */
        CONNECT,
        /** A {@code deviceConnect} that failed. */
        CONNECT_FAILED,
        /** A {@code deviceDisconnect}, with or without an error code. */
        DISCONNECT,
        /** Any other record that reports a failure. */
        ERROR
    }

    /** One record on a device's timeline. */
    record Mark(long millis, Kind kind, String operation, String code, String moduleId, String source) {
    }

    /** A device of a hub; the hub is {@code ""} when the records named none. */
    record DeviceKey(String hub, String deviceId) {
        DeviceKey {
            hub = hub == null ? "" : hub;
            Objects.requireNonNull(deviceId, "deviceId");
        }
    }

    private final Map<DeviceKey, List<Mark>> marks = new HashMap<>();
    /** Per hub and minute (since the epoch), the identities that dropped in it: a set, as records come unordered. */
    private final Map<String, TreeMap<Long, Set<String>>> dropping = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private final boolean fromEvidence;
    private long kept;
    private long notKept;

    private final int maxMarks;

    private DeviceActivity(boolean fromEvidence, int maxMarks) {
        this.fromEvidence = fromEvidence;
        this.maxMarks = maxMarks;
    }

    /** An empty record of the whole input, to fill through {@link #recording}. */
    static DeviceActivity ofInput() {
        return ofInput(MAX_MARKS);
    }

    /** An empty record of the whole input that keeps at most {@code maxMarks} marks. */
    static DeviceActivity ofInput(int maxMarks) {
        return new DeviceActivity(false, maxMarks);
    }

    /**
     * The activity the diagnoses' own evidence shows: all a sink has when no recording was made (the first
     * {@link Diagnosis#MAX_EVIDENCE} records of each diagnosis).
     */
    static DeviceActivity fromEvidence(DiagnosisReport report) {
        DeviceActivity a = new DeviceActivity(true, MAX_MARKS);
        Set<String> seen = new HashSet<>();
        for (Diagnosis d : report.getDiagnoses()) {
            for (LogEvent e : d.getEvidence()) {
                // A record is evidence of several diagnoses at times (a drop and the incident it is part of).
                if (seen.add(e.getSource() + '\u0000' + e.getTimestampMillis())) {
                    a.record(e);
                }
            }
        }
        return a;
    }

    /** {@code session}, with every event it is given also recorded here. */
    DiagnosisSession recording(DiagnosisSession session) {
        Objects.requireNonNull(session, "session");
        return new DiagnosisSession() {
            @Override
            public void submit(LogEvent event) {
                record(event);
                session.submit(event);
            }

            @Override
            public void reject(Rejection rejection) {
                session.reject(rejection);
            }

            @Override
            public DiagnosisReport close() {
                return session.close();
            }
        };
    }

    /** Records one event: a mark if it is a connect, a disconnect or an error, and a drop if it is one. */
    void record(LogEvent e) {
        if (e == null || e.getDeviceId() == null) {
            return;
        }
        Kind kind;
        if (e.isConnectSuccess()) {
            kind = Kind.CONNECT;
        } else if ("deviceConnect".equals(e.getOperation())) {
            kind = Kind.CONNECT_FAILED;
        } else if (e.isDisconnect()) {
            kind = Kind.DISCONNECT;
        } else if (e.isError()) {
            kind = Kind.ERROR;
        } else {
            return;
        }
        DeviceKey key = new DeviceKey(e.getHub(), e.getDeviceId());
        if (kept < maxMarks) {
            marks.computeIfAbsent(key, k -> new ArrayList<>()).add(new Mark(e.getTimestampMillis(), kind,
                    shared(e.getOperation()), shared(e.getErrorCode()), shared(e.getModuleId()), e.getSource()));
            kept++;
        } else {
            notKept++;
        }
        if (isDrop(e)) {
            long minute = Math.floorDiv(e.getTimestampMillis(), 60_000L);
            String identity = e.getIdentity() == null ? e.getDeviceId() : e.getIdentity();
            dropping.computeIfAbsent(key.hub(), h -> new TreeMap<>()).computeIfAbsent(minute, m -> new HashSet<>())
                    .add(identity);
        }
    }

    /** One copy of each operation name, code and module id: parsers make a new string for every record. */
    private String shared(String s) {
        if (s == null) {
            return null;
        }
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    /**
     * Whether a record shows its device dropping off the hub: one of the codes the hub-wide incident rules count
     * ({@link #DROP_CODES}). Unlike those rules, a drop that follows a token expiry is not left out.
     */
    static boolean isDrop(LogEvent e) {
        return e.getErrorCode() != null && DROP_CODES.contains(e.getErrorCode());
    }

    /** The device's marks in time order; empty if none were kept. */
    List<Mark> marks(String hub, String deviceId) {
        List<Mark> list = marks.get(new DeviceKey(hub, deviceId));
        if (list == null) {
            return List.of();
        }
        List<Mark> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> Long.compare(a.millis(), b.millis()));
        return sorted;
    }

    /** How many devices of {@code hub} dropped in each minute (minutes since the epoch), for the minutes with any. */
    Map<Long, Integer> dropsPerMinute(String hub) {
        Map<Long, Integer> counts = new TreeMap<>();
        dropping.getOrDefault(hub == null ? "" : hub, new TreeMap<>()).forEach((m, ids) -> counts.put(m, ids.size()));
        return counts;
    }

    /** How many distinct devices of {@code hub} dropped from minute {@code from} to minute {@code to}, both included. */
    int devicesDropping(String hub, long from, long to) {
        TreeMap<Long, Set<String>> minutes = dropping.get(hub == null ? "" : hub);
        if (minutes == null) {
            return 0;
        }
        Set<String> ids = new HashSet<>();
        minutes.subMap(from, true, to, true).values().forEach(ids::addAll);
        return ids.size();
    }

    /** Whether the marks come only from the diagnoses' evidence, not from the whole input. */
    boolean isFromEvidenceOnly() {
        return fromEvidence;
    }

    /** How many marks were seen but not kept because the cap ({@link #MAX_MARKS}) was reached. */
    long marksNotKept() {
        return notKept;
    }
}
