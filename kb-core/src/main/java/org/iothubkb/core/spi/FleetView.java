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
     * Whether {@code dropped} devices could make up at least {@code share} of the hub's fleet, judged from their
     * number alone: a cheap test that fails only when {@link #shareOfConnected} would be below {@code share} too.
     * Rules put it before {@code shareOfConnected}, which looks at every device, so that a busy fleet with
     * ordinary churn costs nothing. The default cannot tell, and says {@code true}.
     *
     * @since 0.2
     */
    default boolean mayReachShare(String hub, int dropped, double share) {
        return true;
    }
}
