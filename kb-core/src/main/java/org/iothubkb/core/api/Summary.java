package org.iothubkb.core.api;

/**
 * The counts of one run. {@code recordsRead == eventsAccepted + recordsRejected} always holds.
 *
 * @since 0.1
 */
public final class Summary {
    private final long recordsRead;
    private final long eventsAccepted;
    private final long recordsRejected;
    private final long lateEvents;
    private final long devices;
    private final long diagnoses;

    /** Creates a summary; the record counts must add up. */
    public Summary(long eventsAccepted, long recordsRejected, long lateEvents, long devices, long diagnoses) {
        this.recordsRead = eventsAccepted + recordsRejected;
        this.eventsAccepted = eventsAccepted;
        this.recordsRejected = recordsRejected;
        this.lateEvents = lateEvents;
        this.devices = devices;
        this.diagnoses = diagnoses;
    }

    /** Records read from the input: accepted plus rejected. */
    public long getRecordsRead() { return recordsRead; }
    /** Records that became events. */
    public long getEventsAccepted() { return eventsAccepted; }
    /** Records that could not become events. */
    public long getRecordsRejected() { return recordsRejected; }
    /** Accepted events that arrived later than the allowed lateness; they were still processed. */
    public long getLateEvents() { return lateEvents; }
    /** Distinct devices among the accepted events. */
    public long getDevices() { return devices; }
    /** Diagnoses reported. */
    public long getDiagnoses() { return diagnoses; }
}
