package org.iothubkb.core.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.FleetView;

/**
 * Which devices of each hub the input has shown connected, and which of them failed in the last minute. Bounded by the
 * fleet's size and by the error rate over a few minutes, not by the input's length.
 */
final class ConnectionTracker implements FleetView {

    /**
     * How far a fleet rule's question may lag behind the newest event seen: a batch of firing, with room to spare.
     * A question about an older window is not judged.
     */
    static final long LAG_MILLIS = 10_000;

    /**
     * How long failures are remembered: the minute fleet rules ask about plus {@link #LAG_MILLIS}, so that a
     * question is answered from every failure of its window and few others (a longer memory would count a busy
     * fleet's ordinary churn as a possible incident).
     */
    static final long REMEMBER_MILLIS = 60_000 + LAG_MILLIS;

    private record Failure(long time, String deviceId) {
    }

    /** The failures of one hub, oldest first, and how many of them each device has. */
    private static final class Failures {
        final ArrayDeque<Failure> recent = new ArrayDeque<>();
        final Map<String, Integer> perDevice = new HashMap<>();
        long newest = Long.MIN_VALUE;
    }

    private final Map<String, Set<String>> connectedByHub = new HashMap<>();
    private final Map<String, Failures> failuresByHub = new HashMap<>();

    void observe(LogEvent e) {
        if (e.getDeviceId() == null) {
            return;
        }
        if (e.isConnectSuccess()) {
            connectedByHub.computeIfAbsent(key(e.getHub()), h -> new HashSet<>()).add(e.getDeviceId());
        } else if (e.isDisconnect()) {
            Set<String> s = connectedByHub.get(key(e.getHub()));
            if (s != null) {
                s.remove(e.getDeviceId());
            }
        }
        if (e.getErrorCode() != null) {
            failed(failuresByHub.computeIfAbsent(key(e.getHub()), h -> new Failures()), e);
        }
    }

    private static void failed(Failures f, LogEvent e) {
        long t = e.getTimestampMillis();
        f.recent.addLast(new Failure(t, e.getDeviceId()));
        f.perDevice.merge(e.getDeviceId(), 1, Integer::sum);
        f.newest = Math.max(f.newest, t);
        while (f.recent.peekFirst().time() < f.newest - REMEMBER_MILLIS) {
            Failure old = f.recent.pollFirst();
            f.perDevice.computeIfPresent(old.deviceId(), (d, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public boolean knowsConnections(String hub) {
        return connectedByHub.containsKey(key(hub));
    }

    @Override
    public double shareOfConnected(String hub, Collection<?> dropped) {
        Set<String> connected = connectedByHub.get(key(hub));
        if (connected == null || dropped.isEmpty()) {
            return 1.0;
        }
        long alsoConnected = 0;
        for (Object device : dropped) {
            if (connected.contains(device)) {
                alsoConnected++;
            }
        }
        double known = connected.size() + dropped.size() - alsoConnected;
        return dropped.size() / known;
    }

    @Override
    public boolean mayBeIncident(String hub, long atMillis, long windowMillis, int minDevices, double share) {
        Failures f = failuresByHub.get(key(hub));
        if (windowMillis + LAG_MILLIS > REMEMBER_MILLIS || f != null && atMillis < f.newest - LAG_MILLIS) {
            return true; // a window longer, or older, than the memory: cannot tell
        }
        // Every device that failed in the remembered span: at least those of the window asked about.
        int failed = f == null ? 0 : f.perDevice.size();
        if (failed < minDevices) {
            return false;
        }
        // |connected ∪ dropped| >= |connected|, so the share is at most failed / |connected|.
        Set<String> connected = connectedByHub.get(key(hub));
        return connected == null || failed >= share * connected.size();
    }

    private static String key(String hub) {
        return hub == null ? "" : hub;
    }
}
