package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

class FactsParserTest {

    private final FactsParser parser = new FactsParser();
    private final List<LogEvent> events = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private void parse(String text) throws Exception {
        parser.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "f.jsonl", events::add,
                (source, reason) -> rejected.add(source + " " + reason));
    }

    @Test
    void jsonLinesOfFactsBecomeEventsWithEveryField() throws Exception {
        parse("{\"time\":\"2026-11-02T08:30:00.1234567Z\",\"hub\":\"HUB\",\"deviceId\":\"d1\",\"moduleId\":\"m\","
                + "\"category\":\"Connections\",\"operation\":\"DeviceDisconnect\",\"level\":\"Error\","
                + "\"errorCode\":\"404104\",\"errorName\":\"DeviceConnectionClosedRemotely\",\"protocol\":\"Mqtt\","
                + "\"sdkVersion\":\"com.microsoft.azure.sdk.iot.iot-device-client/1.34.0\",\"authType\":\"sas\",\"maskedIp\":\"10.0.0.XXX\","
                + "\"durationMs\":12,\"endpointName\":\"ep\",\"messageId\":\"m-1\","
                + "\"attributes\":{\"site\":\"Gent\",\"floor\":2,\"indoor\":true,\"gone\":null}}\n"
                + "\n"
                + "{\"time\":\"2026-11-02T09:30:00+01:00\",\"deviceId\":\"d2\",\"source\":\"tool:7\"}\n");
        assertThat(rejected).isEmpty();
        assertThat(events).hasSize(2);
        LogEvent e = events.get(0);
        assertThat(e.getTime()).isEqualTo(Instant.parse("2026-11-02T08:30:00.1234567Z"));
        assertThat(e.getIdentity()).isEqualTo("HUB/d1/m");
        assertThat(e.getOperation()).isEqualTo("deviceDisconnect");
        assertThat(e.getErrorCode()).isEqualTo("404104");
        assertThat(e.getDurationMs()).isEqualTo(12L);
        assertThat(e.getSdk().getFamily()).isEqualTo("java");
        assertThat(e.getAttributes()).containsOnlyKeys("site", "floor", "indoor")
                .containsEntry("floor", "2").containsEntry("indoor", "true");
        assertThat(e.getSource()).isEqualTo("f.jsonl:1");
        assertThat(events.get(1).getTime()).isEqualTo(Instant.parse("2026-11-02T08:30:00Z"));
        assertThat(events.get(1).getSource()).as("a fact's own source wins").isEqualTo("tool:7");
    }

    @Test
    void aJsonArrayOfFactsOverSeveralLines() throws Exception {
        parse("[\n  {\"time\": \"2026-11-02T08:30:00Z\", \"deviceId\": \"a\"},\n"
                + "  {\"time\": \"2026-11-02T08:31:00Z\", \"deviceId\": \"b\", \"errorCode\": 404104}\n]\n");
        assertThat(rejected).isEmpty();
        assertThat(events).extracting(LogEvent::getDeviceId).containsExactly("a", "b");
        assertThat(events.get(1).getErrorCode()).isEqualTo("404104");
        assertThat(events).extracting(LogEvent::getSource).containsExactly("f.jsonl:2", "f.jsonl:3");
    }

    @Test
    void everyBadFactIsRejectedWithItsLineAndTheField() throws Exception {
        parse("{\"time\":\"2026-11-02T08:30:00Z\",\"deviceId\":\"ok\"}\n"
                + "{\"deviceId\":\"no-time\"}\n"
                + "{\"time\":\"2026-11-02 08:30\"}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"deviceID\":\"typo\"}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"errorCode\":\"4041\"}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"durationMs\":-3}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"deviceId\":7}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"attributes\":{\"deep\":{\"x\":1}}}\n"
                + "{\"time\":\"2026-11-02T08:30:00Z\",\"moduleId\":\"m\"}\n"
                + "[1,2]\n"
                + "{\"time\": \"2026-11-02T08:3\n");
        assertThat(events).extracting(LogEvent::getDeviceId).containsExactly("ok");
        assertThat(rejected).hasSize(10);
        assertThat(rejected.subList(0, 9)).containsExactly(
                "f.jsonl:2 no [time]",
                "f.jsonl:3 [time] is not an ISO-8601 time with an offset: [2026-11-02 08:30]",
                "f.jsonl:4 unknown field [deviceID]; put extra values in [attributes]",
                "f.jsonl:5 [errorCode] must be a six-digit IoT Hub code or a three-digit HTTP status: [4041]",
                "f.jsonl:6 [durationMs] must be a whole number of milliseconds >= 0",
                "f.jsonl:7 [deviceId] must be a string, not number",
                "f.jsonl:8 [attributes.deep] must be a string, number or boolean, not object",
                "f.jsonl:9 [moduleId] without [deviceId]: a module belongs to a device",
                "f.jsonl:10 a fact must be a JSON object, not array");
        // The truncated last line is rejected too, with the JSON parser's own words.
        assertThat(rejected.get(9)).startsWith("f.jsonl:11 not JSON: ");
        assertThat(events.size() + rejected.size()).isEqualTo(11);
    }

    @Test
    void aTruncatedArrayRejectsTheRestAndKeepsWhatCameBefore() throws Exception {
        parse("[{\"time\":\"2026-11-02T08:30:00Z\",\"deviceId\":\"a\"},\n{\"time\":\"2026-11-02T08:3");
        assertThat(events).extracting(LogEvent::getDeviceId).containsExactly("a");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0)).startsWith("f.jsonl:2 not JSON at column").endsWith("the rest of the input is not read");
    }

    @Test
    void sniffsFactsButNotResourceLogsOrEventGrid() {
        assertThat(parser.sniff("{\"time\":\"2026-11-02T08:30:00Z\",\"deviceId\":\"a\",\"errorCode\":\"404104\"}\n"))
                .isTrue();
        assertThat(parser.sniff("[{\"time\":\"2026-11-02T08:30:00Z\",\"deviceId\":\"a\"}]")).isTrue();
        assertThat(parser.sniff("{\"time\": \"2026-11-02T08:30:00Z\", \"resourceId\": \"/SUBSCRIPTIONS/X\","
                + " \"operationName\": \"deviceConnect\", \"category\": \"Connections\"}")).isFalse();
        assertThat(parser.sniff("{\"records\": [{\"time\": \"2026-11-02T08:30:00Z\"}]}")).isFalse();
        assertThat(parser.sniff("[{\"id\":\"1\",\"eventType\":\"Microsoft.Devices.DeviceConnected\","
                + "\"eventTime\":\"2026-11-02T08:30:00Z\"}]")).isFalse();
        assertThat(parser.sniff("")).isFalse();
        assertThat(parser.sniff("not json")).isFalse();
    }
}
