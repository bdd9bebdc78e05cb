package org.iothubkb.plugins.eventgrid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.LogEvent;

/**
 * Puts the events of one input in the order the hub produced them, as far as the input tells.
 *
 * <p>Event Grid may deliver a device's connection-state events in any order; only their {@code sequenceNumber}
 * gives the hub's order. Each identity's connection-state events are placed in that order (in the positions its
 * events held), and a later one whose time is earlier than the latest before it is given that time, its own being
 * kept in the {@code eventTime} attribute. Then all events are sorted by time; the sort is stable, so events with
 * the same time keep the order just set, which a consumer that orders by time and then by arrival preserves.
 */
final class DeliveryOrder {

    /** An accepted event and its time as the input wrote it. */
    record Accepted(LogEvent event, String writtenTime) {
    }

    private DeliveryOrder() {
    }

    /** The events to pass on, in the order to pass them on. */
    static List<LogEvent> arrange(List<Accepted> accepted) {
        List<LogEvent> out = new ArrayList<>(accepted.size());
        Map<String, List<Integer>> positionsByIdentity = new LinkedHashMap<>();
        for (int i = 0; i < accepted.size(); i++) {
            LogEvent e = accepted.get(i).event();
            out.add(e);
            if (isSequenced(e)) {
                positionsByIdentity.computeIfAbsent(e.getIdentity(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> positions : positionsByIdentity.values()) {
            List<Accepted> inSequence = new ArrayList<>(positions.size());
            positions.forEach(i -> inSequence.add(accepted.get(i)));
            inSequence.sort(Comparator.comparing(a -> a.event().getAttribute(EventFields.ATTR_SEQUENCE_NUMBER),
                    SequenceNumbers.BY_VALUE));
            Instant latest = null;
            for (int k = 0; k < inSequence.size(); k++) {
                Accepted a = inSequence.get(k);
                LogEvent e = a.event();
                if (latest != null && e.getTime().isBefore(latest)) {
                    e = e.toBuilder().time(latest).attribute(EventFields.ATTR_EVENT_TIME, a.writtenTime()).build();
                } else {
                    latest = e.getTime();
                }
                out.set(positions.get(k), e);
            }
        }
        out.sort(Comparator.comparing(LogEvent::getTime)); // List.sort is stable
        return out;
    }

    private static boolean isSequenced(LogEvent e) {
        return ("deviceConnect".equals(e.getOperation()) || "deviceDisconnect".equals(e.getOperation()))
                && e.getIdentity() != null
                && e.getAttribute(EventFields.ATTR_SEQUENCE_NUMBER) != null;
    }
}
