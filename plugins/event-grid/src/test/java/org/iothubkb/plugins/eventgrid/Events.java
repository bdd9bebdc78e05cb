package org.iothubkb.plugins.eventgrid;

/** One-line events in the shapes Event Grid delivers, for tests that need many small variations. */
final class Events {

    static final String HUB = "FACTORY-HUB-WEU";
    static final String TOPIC = "/SUBSCRIPTIONS/7F3A2C1E-5B4D-4E8F-9A6B-2C1D0E9F8A7B/RESOURCEGROUPS/FACTORY-IOT"
            + "/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/" + HUB;

    private Events() {
    }

    /** A 64-digit sequence number, as the hub writes them, ending in {@code n}. */
    static String seq(long n) {
        return String.format("000000000000000001DC4B6F2A17E3C0000000020000000000000000%08X", n);
    }

    /** An Event Grid schema connection-state event; {@code seq} may be {@code null}. */
    static String egConnection(String id, String type, String time, String device, String seq) {
        return "{\"id\":\"" + id + "\",\"topic\":\"" + TOPIC + "\",\"subject\":\"devices/" + device
                + "\",\"eventType\":\"Microsoft.Devices." + type + "\",\"eventTime\":\"" + time + "\",\"data\":{"
                + (seq == null ? "" : "\"deviceConnectionStateEventInfo\":{\"sequenceNumber\":\"" + seq + "\"},")
                + "\"hubName\":\"" + HUB + "\",\"deviceId\":\"" + device + "\",\"moduleId\":\"\"},"
                + "\"dataVersion\":\"\",\"metadataVersion\":\"1\"}";
    }

    static String connected(String id, String time, String device, long seq) {
        return egConnection(id, "DeviceConnected", time, device, seq(seq));
    }

    static String disconnected(String id, String time, String device, long seq) {
        return egConnection(id, "DeviceDisconnected", time, device, seq(seq));
    }

    /** A CloudEvents 1.0 event with the given {@code data} object text. */
    static String cloudEvent(String id, String type, String time, String subject, String data) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + TOPIC + "\",\"subject\":\"" + subject
                + "\",\"type\":\"Microsoft.Devices." + type + "\",\"time\":\"" + time + "\",\"data\":" + data
                + ",\"specversion\":\"1.0\"}";
    }
}
