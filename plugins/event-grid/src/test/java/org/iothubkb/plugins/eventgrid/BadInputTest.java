package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.eventgrid.Collected.parse;
import static org.iothubkb.plugins.eventgrid.Collected.parseResource;
import static org.iothubkb.plugins.eventgrid.Collected.readResource;
import static org.iothubkb.plugins.eventgrid.Collected.src;
import static org.iothubkb.plugins.eventgrid.Events.cloudEvent;
import static org.iothubkb.plugins.eventgrid.Events.connected;
import static org.iothubkb.plugins.eventgrid.Events.seq;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way an input can be wrong: one clear rejection per value read, and parsing goes on where it can. */
class BadInputTest {

    private static final String GOOD = connected("good-1", "2026-11-02T08:00:00Z", "dev-1", 1);

    private static String rejectionOf(String event) {
        return parse(event).onlyRejection().getReason();
    }

    @Test
    void mixedFileAccountsForEveryValueRead() {
        Collected c = parseResource("mixed-with-bad.jsonl");

        assertThat(c.outcomes()).as("values read: 13 lines of one value, 3 in the array on line 8").isEqualTo(16);
        assertThat(c.eventSources()).containsExactly(src(1), src(8), src(13));
        assertThat(c.events).extracting(LogEvent::getOperation)
                .containsExactly("deviceConnect", "deviceDisconnect", "deviceTelemetry");
        assertThat(c.rejectionSources()).containsExactly(src(2), src(3), src(4), src(5), src(6), src(7), src(8),
                src(8), src(9), src(10), src(11), src(12), src(14));
        assertThat(c.rejectionReasons()).containsExactly(
                "not an IoT Hub event: Microsoft.Storage.BlobCreated",
                "missing event type: neither [eventType] (Event Grid schema) nor [type] (CloudEvents) is set",
                "missing field [eventTime]",
                "field [time] is not an ISO-8601 date-time with an offset: [UTC timestamp]",
                "missing device id: neither [data.deviceId] nor a [subject] of the form devices/{deviceId} is set",
                "field [data.deviceConnectionStateEventInfo.sequenceNumber] is not hexadecimal: [<sequence number>]",
                "event is not a JSON object: found a number",
                "event is not a JSON object: found a string",
                "duplicate delivery of event d0000000-0000-4000-8000-000000000001",
                "unsupported IoT Hub event type in [eventType]: Microsoft.Devices.DeviceConnectionStateChanged",
                "field [data] is not a JSON object: found a string",
                "field [eventType] is not a string: found an object",
                "truncated: the input ends inside this event (line 14, column 71)");
    }

    @Test
    void inputStartingWithZeroBytesIsOneRejectionNotAnIoError() {
        // #6, found by fuzzing: Jackson reads such input as UTF-32 and threw a CharConversionException, an
        // IOException, which callers take for an input that cannot be read at all
        Collected c = parse(new byte[] {0, 0, 0, (byte) 0xED, '0'});

        assertThat(c.onlyRejection().getSource()).isEqualTo(src(1));
        assertThat(c.onlyRejection().getReason()).startsWith("not JSON text in UTF-8: ")
                .endsWith("; the rest of the input is not read");
    }

    @Test
    void eventCutInsideAKeywordOrANumberIsReportedAsTruncated() {
        // #6, found by fuzzing: Jackson calls a keyword or number cut short a bad token, not an end of input
        Collected c = parse(GOOD + "\n{\"id\":\"x\",\"data\":nu");

        assertThat(c.order).containsExactly("R " + src(2), "E " + src(1));
        assertThat(c.rejections.get(0).getReason()).startsWith("truncated: the input ends inside this event");
        assertThat(parse(GOOD + "\ntr").rejectionReasons())
                .containsExactly("truncated: the input ends inside the value that starts here (line 2, column 1)");
        assertThat(parse(GOOD + "\n[{\"id\":1.").rejectionReasons())
                .containsExactly("truncated: the input ends inside this event (line 2, column 9)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UTC timestamp                  | field [eventTime] is not an ISO-8601 date-time with an offset: [UTC timestamp]",
        "2026-11-02T08:00:00            | field [eventTime] is not an ISO-8601 date-time with an offset: [2026-11-02T08:00:00]",
        "2026-11-02 08:00:00Z           | field [eventTime] is not an ISO-8601 date-time with an offset: [2026-11-02 08:00:00Z]",
        "2026-02-30T08:00:00Z           | field [eventTime] is not an ISO-8601 date-time with an offset: [2026-02-30T08:00:00Z]",
        "+12026-11-02T08:00:00Z         | field [eventTime] is not an ISO-8601 date-time with an offset: [+12026-11-02T08:00:00Z]",
        "''                             | missing field [eventTime]",
    })
    void unusableTimesAreRejectedNamingTheField(String time, String reason) {
        assertThat(rejectionOf(connected("e1", time, "dev-1", 1))).isEqualTo(reason);
    }

    @Test
    void cloudEventsNameTheirOwnFields() {
        String data = "{\"deviceId\":\"dev-1\"}";

        assertThat(rejectionOf(cloudEvent("e1", "DeviceCreated", "yesterday", "devices/dev-1", data)))
                .isEqualTo("field [time] is not an ISO-8601 date-time with an offset: [yesterday]");
        assertThat(rejectionOf(cloudEvent("e1", "DeviceCreated", "2026-11-02T08:00:00Z", "devices/dev-1", data)
                .replace("\"time\"", "\"eventTime\""))).isEqualTo("missing field [time]");
        assertThat(rejectionOf(cloudEvent("e1", "DeviceCreated", "2026-11-02T08:00:00Z", "devices/dev-1", data)
                .replace("\"type\"", "\"kind\"")))
                .startsWith("missing event type: neither [eventType] (Event Grid schema) nor [type] (CloudEvents)");
    }

    @Test
    void eventsOfOtherServicesAreNotIoTHubEvents() {
        assertThat(rejectionOf(GOOD.replace("Microsoft.Devices.DeviceConnected", "Microsoft.Resources.ResourceWriteSuccess")))
                .isEqualTo("not an IoT Hub event: Microsoft.Resources.ResourceWriteSuccess");
        assertThat(rejectionOf(GOOD.replace("Microsoft.Devices.DeviceConnected", "Microsoft.Devices")))
                .isEqualTo("not an IoT Hub event: Microsoft.Devices");
        assertThat(rejectionOf(GOOD.replace("Microsoft.Devices.DeviceConnected", "Microsoft.Devices.DeviceTwinUpdated")))
                .isEqualTo("unsupported IoT Hub event type in [eventType]: Microsoft.Devices.DeviceTwinUpdated");
    }

    @Test
    void deviceEventsWithoutADeviceAreRejected() {
        String noDevice = GOOD.replace("\"subject\":\"devices/dev-1\"", "\"subject\":\"devices/\"")
                .replace("\"deviceId\":\"dev-1\"", "\"deviceId\":\"\"");

        assertThat(rejectionOf(noDevice))
                .isEqualTo("missing device id: neither [data.deviceId] nor a [subject] of the form devices/{deviceId} is set");
        assertThat(rejectionOf(noDevice.replace("\"subject\":\"devices/\"", "\"subject\":\"modules/m1\"")))
                .startsWith("missing device id");
    }

    @Test
    void sequenceNumbersMustBeHexadecimal() {
        assertThat(rejectionOf(GOOD.replace(seq(1), "0x1F")))
                .isEqualTo("field [data.deviceConnectionStateEventInfo.sequenceNumber] is not hexadecimal: [0x1F]");
        assertThat(rejectionOf(GOOD.replace("\"" + seq(1) + "\"", "{\"value\":1}")))
                .isEqualTo("field [data.deviceConnectionStateEventInfo.sequenceNumber] is not a string: found an object");
        assertThat(rejectionOf(GOOD.replace("{\"sequenceNumber\":\"" + seq(1) + "\"}", "[]")))
                .isEqualTo("field [data.deviceConnectionStateEventInfo] is not a JSON object: found an array");
        // an empty one is no sequence number: the event is kept, unordered
        assertThat(parse(GOOD.replace(seq(1), "")).onlyEvent().getAttribute("sequenceNumber")).isNull();
    }

    @Test
    void fieldsOfTheWrongJsonTypeAreNamed() {
        assertThat(rejectionOf(GOOD.replace("\"subject\":\"devices/dev-1\"", "\"subject\":[\"devices\",\"dev-1\"]")))
                .isEqualTo("field [subject] is not a string: found an array");
        assertThat(rejectionOf(GOOD.replace("\"deviceId\":\"dev-1\"", "\"deviceId\":{\"id\":\"dev-1\"}")))
                .isEqualTo("field [data.deviceId] is not a string: found an object");
        assertThat(rejectionOf(GOOD.replaceFirst("\"data\":\\{.*\\},\"dataVersion\"", "\"data\":42,\"dataVersion\"")))
                .isEqualTo("field [data] is not a JSON object: found a number");
    }

    @Test
    void valuesThatAreNotObjectsAreRejectedOneByOne() {
        Collected c = parse("42\n\"Microsoft.Devices.DeviceConnected\"\nnull\n[" + GOOD + ", 7, [\"a\"], true]\n");

        assertThat(c.eventSources()).containsExactly(src(4));
        assertThat(c.rejectionSources()).containsExactly(src(1), src(2), src(3), src(4), src(4), src(4));
        assertThat(c.rejectionReasons()).containsExactly(
                "event is not a JSON object: found a number",
                "event is not a JSON object: found a string",
                "event is not a JSON object: found null",
                "event is not a JSON object: found a number",
                "event is not a JSON object: found an array",
                "event is not a JSON object: found a boolean");
    }

    @Test
    void truncatedEventCostsOneRejectionAndTheEventsBeforeItAreKept() {
        String second = connected("good-2", "2026-11-02T08:00:01Z", "dev-2", 1);
        String text = GOOD + "\n" + second.substring(0, 120);

        Collected c = parse(text);

        assertThat(c.eventSources()).containsExactly(src(1));
        assertThat(c.rejectionSources()).containsExactly(src(2));
        assertThat(c.rejections.get(0).getReason()).isEqualTo("truncated: the input ends inside this event (line 2, column 121)");
    }

    @Test
    void arrayCutBetweenEventsIsRejectedAtTheArray() {
        Collected c = parse("[\n  " + GOOD + ",\n  ");

        assertThat(c.eventSources()).containsExactly(src(2));
        assertThat(c.rejectionSources()).containsExactly(src(1));
        assertThat(c.rejectionReasons()).singleElement().asString()
                .startsWith("truncated: the input ends inside the array that starts here (line 3");
    }

    @Test
    void invalidJsonEndsTheInputWithItsPosition() {
        String text = GOOD + "\n" + "{\"id\":\"x\",\"eventType\": Microsoft.Devices.DeviceConnected}\n"
                + connected("good-3", "2026-11-02T08:00:03Z", "dev-3", 1) + "\n";

        Collected c = parse(text);

        assertThat(c.eventSources()).containsExactly(src(1));
        assertThat(c.rejectionSources()).containsExactly(src(2));
        assertThat(c.rejectionReasons()).singleElement().asString()
                .startsWith("invalid JSON at line 2, column 24: Unrecognized token 'Microsoft'")
                .endsWith("; the rest of the input is not read");
    }

    @Test
    void garbageBetweenEventsIsReportedAtItsLine() {
        Collected c = parse(GOOD + "\n2026-11-02 08:00:02 INFO something else\n");

        assertThat(c.eventSources()).containsExactly(src(1));
        assertThat(c.rejectionSources()).containsExactly(src(2));
        assertThat(c.rejectionReasons()).singleElement().asString().startsWith("invalid JSON at line 2, column ");
    }

    @Test
    void invalidUtf8IsAJsonErrorNotAnException() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(GOOD.substring(0, 30).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});

        Collected c = parse(out.toByteArray());

        assertThat(c.eventSources()).containsExactly(src(1));
        assertThat(c.rejectionReasons()).singleElement().asString().startsWith("invalid JSON at line 2");
    }

    @Test
    void excessiveNestingIsRejectedNotThrown() {
        String deep = GOOD.replace("\"dataVersion\":\"\"", "\"x\":" + "[".repeat(5000) + "]".repeat(5000));

        Collected c = parse(GOOD.replace("good-1", "good-0") + "\n" + deep + "\n");

        assertThat(c.eventSources()).containsExactly(src(1));
        assertThat(c.rejectionSources()).containsExactly(src(2));
        assertThat(c.rejectionReasons()).singleElement().asString().startsWith("JSON too large or deep at line 2");
    }

    @Test
    void inputCutAtAnyByteNeverThrowsAndCostsAtMostOneRejection() {
        byte[] full = readResource("cloudevents.jsonl").getBytes(StandardCharsets.UTF_8);
        List<String> all = parse(full).attribute("eventId");

        for (int cut = 0; cut <= full.length; cut++) {
            Collected c = parse(Arrays.copyOf(full, cut));

            assertThat(all).as("cut at %d", cut).containsAll(c.attribute("eventId"));
            assertThat(c.rejections).as("cut at %d", cut).hasSizeLessThanOrEqualTo(1);
            assertThat(c.rejectionReasons()).allMatch(r -> r.startsWith("truncated:") || r.startsWith("invalid JSON"));
        }
    }

    @Test
    void randomlyCorruptedInputNeverThrows() {
        byte[] full = (readResource("eventgrid-array.json") + readResource("cloudevents.jsonl"))
                .getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        byte[] alphabet = "{}[]\",:\\ \n\tx0-".getBytes(StandardCharsets.UTF_8);

        for (int round = 0; round < 300; round++) {
            byte[] bytes = full.clone();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }

            Collected c = parse(bytes);

            assertThat(c.events.size()).as("round %d", round).isLessThanOrEqualTo(10);
            assertThat(c.rejectionReasons()).as("round %d", round).allMatch(r -> !r.isBlank() && !r.contains("\n"));
        }
    }
}
