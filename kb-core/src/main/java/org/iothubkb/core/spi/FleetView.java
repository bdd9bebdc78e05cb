package org.iothubkb.core.spi;

import java.util.Collection;

/**
 * What the input has shown about which devices are connected to each hub; available to rules as the global
 * {@code fleet}.
 *
 * <p>The engine keeps it up to date from Connections records before each event reaches the rules: a successful
 * {@code deviceConnect} marks a device connected, a {@code deviceDisconnect} marks it disconnected.
 *
 * @since 0.1
 */
public interface FleetView {

    /** Whether the input has shown any connection of this hub, so that shares of the fleet mean something. */
    boolean knowsConnections(String hub);

    /**
     * The share (0 to 1) that {@code dropped} devices are of those known to be connected before they dropped:
     * {@code |dropped| / |connected ∪ dropped|}. Returns 1 when the hub's connections are unknown, so that a rule
     * that needs a share falls back to counting devices.
     */
    double shareOfConnected(String hub, Collection<?> dropped);

    /**
     * Whether at least {@code minDevices} devices of the hub could have failed in the {@code windowMillis} up to
     * {@code atMillis}, and made up at least {@code share} of its fleet: a cheap test on error records the engine
     * has seen, which fails only when counting the drops themselves would fail too (any record with an error code
     * counts, and the window may reach a few seconds further). Fleet rules put it on their trigger so that the costly
     * count over every drop of the window runs only when an incident is possible. The default cannot tell, and
     * says {@code true}.
     *
     * @since 0.2
     */
    default boolean mayBeIncident(String hub, long atMillis, long windowMillis, int minDevices, double share) {
        return true;
    }
}
