package org.iothubkb.core.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.spi.FleetView;

/**
 * Which devices of each hub the input has shown connected. Bounded by the fleet's size, not by the input's.
 */
final class ConnectionTracker implements FleetView {

    private final Map<String, Set<String>> connectedByHub = new HashMap<>();

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
    public boolean mayReachShare(String hub, int dropped, double share) {
        // |connected ∪ dropped| >= |connected|, so the share is at most dropped / |connected|.
        Set<String> connected = connectedByHub.get(key(hub));
        return connected == null || dropped >= share * connected.size();
    }

    private static String key(String hub) {
        return hub == null ? "" : hub;
    }
}
