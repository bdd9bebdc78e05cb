package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.eventgrid.Collected.parse;
import static org.iothubkb.plugins.eventgrid.Collected.parseResource;
import static org.iothubkb.plugins.eventgrid.Collected.src;
import static org.iothubkb.plugins.eventgrid.Events.HUB;
import static org.iothubkb.plugins.eventgrid.Events.TOPIC;
import static org.iothubkb.plugins.eventgrid.Events.cloudEvent;
import static org.iothubkb.plugins.eventgrid.Events.seq;

import java.time.Instant;
import java.util.Map;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each IoT Hub event type, in either schema, becomes a {@link LogEvent}. */
class EventMappingTest {

    @Test
    void eventGridSchemaArrayMapsEveryEventType() {
        Collected c = parseResource("eventgrid-array.json");

        assertThat(c.rejections).isEmpty();
        // passed on in time order: the disconnect is written at +02:00, so 08:10 UTC, before the deletion
        assertThat(c.eventSources()).containsExactly(src(2), src(45), src(62), src(89), src(106), src(123));

        LogEvent created = c.events.get(0);
        assertThat(created.getTime()).isEqualTo(Instant.parse("2026-11-02T07:59:00.1234567Z"));
        assertThat(created.getCategory()).isEqualTo("DeviceIdentityOperations");
        assertThat(created.getOperation()).isEqualTo("create");
        assertThat(created.getLevel()).isEqualTo("Information");
        assertThat(created.getHub()).isEqualTo(HUB);
        assertThat(created.getDeviceId()).isEqualTo("press-07");
        assertThat(created.getModuleId()).isNull();
        assertThat(created.getIdentity()).isEqualTo(HUB + "/press-07");
        assertThat(created.getAttributes()).containsOnly(Map.entry("eventId", "3c7e1f2a-9b41-4d8e-a0c5-6f1d2e3b4a01"),
                Map.entry("schema", "eventgrid"));

        LogEvent connected = c.events.get(1);
        assertThat(connected.getTime()).isEqualTo(Instant.parse("2026-11-02T08:00:00.123Z"));
        assertThat(connected.getCategory()).isEqualTo("Connections");
        assertThat(connected.getOperation()).isEqualTo("deviceConnect");
        assertThat(connected.getLevel()).isEqualTo("Information");
        assertThat(connected.getErrorCode()).isNull();
        assertThat(connected.isConnectSuccess()).isTrue();
        assertThat(connected.getModuleId()).as("an empty moduleId is no module").isNull();
        assertThat(connected.getIdentity()).isEqualTo(HUB + "/press-07");
        assertThat(connected.getAttributes()).containsOnly(Map.entry("eventId", "3c7e1f2a-9b41-4d8e-a0c5-6f1d2e3b4a02"),
                Map.entry("schema", "eventgrid"), Map.entry("sequenceNumber", seq(1)));

        LogEvent telemetry = c.events.get(2);
        assertThat(telemetry.getTime()).isEqualTo(Instant.parse("2026-11-02T08:00:05.500Z"));
        assertThat(telemetry.getCategory()).isEqualTo("DeviceTelemetry");
        assertThat(telemetry.getOperation()).isEqualTo("deviceTelemetry");
        assertThat(telemetry.getDeviceId()).as("from the subject").isEqualTo("press-07");
        assertThat(telemetry.getAttribute("sequenceNumber")).isNull();

        LogEvent moduleConnected = c.events.get(3);
        assertThat(moduleConnected.getTime()).isEqualTo(Instant.parse("2026-11-02T08:00:06.0000001Z"));
        assertThat(moduleConnected.getDeviceId()).isEqualTo("press-07");
        assertThat(moduleConnected.getModuleId()).isEqualTo("edgeAgent");
        assertThat(moduleConnected.getIdentity()).isEqualTo(HUB + "/press-07/edgeAgent");

        LogEvent disconnected = c.events.get(4);
        assertThat(disconnected.getTime()).isEqualTo(Instant.parse("2026-11-02T08:10:00.9876543Z"));
        assertThat(disconnected.getOperation()).isEqualTo("deviceDisconnect");
        assertThat(disconnected.isDisconnect()).isTrue();
        assertThat(disconnected.isError()).isFalse();
        assertThat(disconnected.getAttribute("sequenceNumber")).isEqualTo(seq(2));

        LogEvent deleted = c.events.get(5);
        assertThat(deleted.getTime()).isEqualTo(Instant.parse("2026-11-02T08:20:00Z"));
        assertThat(deleted.getCategory()).isEqualTo("DeviceIdentityOperations");
        assertThat(deleted.getOperation()).isEqualTo("delete");
    }

    @Test
    void cloudEventsMapLikeEventGridSchemaEvents() {
        Collected c = parseResource("cloudevents.jsonl");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(2), src(2), src(4));
        assertThat(c.events).extracting(LogEvent::getOperation)
                .containsExactly("deviceConnect", "deviceDisconnect", "deviceConnect", "deviceTelemetry");
        assertThat(c.events).extracting(LogEvent::getIdentity).containsOnly(HUB + "/conveyor-12");
        assertThat(c.attribute("schema")).containsOnly("cloudevents");
        assertThat(c.attribute("sequenceNumber")).containsExactly(seq(7), seq(8), seq(9), null);
        assertThat(c.events.get(0).getTime()).isEqualTo(Instant.parse("2026-11-02T09:00:00.0000001Z"));
        assertThat(c.events.get(0).getAttribute("eventId")).isEqualTo("b1d2c3e4-0001-4a5b-8c7d-9e0f1a2b3c01");
    }

    @ParameterizedTest
    @CsvSource({
        "2018-06-02T19:17:44.4383997Z,       2018-06-02T19:17:44.4383997Z",
        "2018-07-03T23:20:11.6921933+00:00,  2018-07-03T23:20:11.6921933Z",
        "2018-07-03T23:20:52.646434+00:00,   2018-07-03T23:20:52.646434Z",
        "2019-01-07T20:58:30.48Z,            2019-01-07T20:58:30.480Z",
        "2026-11-02T10:10:00.9876543+02:00,  2026-11-02T08:10:00.9876543Z",
        "2026-11-01T23:30:00-05:00,          2026-11-02T04:30:00Z",
        "2026-11-02T08:00:00.123456789Z,     2026-11-02T08:00:00.123456789Z",
    })
    void timesAreReadAsAzureWritesThem(String written, String expected) {
        Collected c = parse(Events.connected("e1", written, "dev-1", 1));

        assertThat(c.onlyEvent().getTime()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void hubIsTheResourceSegmentInAnyCaseKeptAsWritten() {
        String lowerCasePath = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Devices/IotHubs/Factory-Hub/x";
        Collected c = parse(Events.connected("e1", "2026-11-02T08:00:00Z", "dev-1", 1).replace(TOPIC, lowerCasePath));

        assertThat(c.onlyEvent().getHub()).isEqualTo("Factory-Hub");
        assertThat(EventFields.hubOf(TOPIC)).isEqualTo(HUB);
        assertThat(EventFields.hubOf("/SUBSCRIPTIONS/S/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/")).isNull();
        assertThat(EventFields.hubOf("/SUBSCRIPTIONS/S/PROVIDERS/MICROSOFT.STORAGE/STORAGEACCOUNTS/X")).isNull();
    }

    @Test
    void hubFallsBackToDataHubNameWithoutAResourcePath() {
        String withoutTopic = Events.connected("e1", "2026-11-02T08:00:00Z", "dev-1", 1)
                .replace("\"topic\":\"" + TOPIC + "\",", "").replace("\"hubName\":\"" + HUB + "\"", "\"hubName\":\"egtesthub1\"");

        assertThat(parse(withoutTopic).onlyEvent().getHub()).isEqualTo("egtesthub1");
    }

    @Test
    void cloudEventsTakeTheHubFromSource() {
        String event = cloudEvent("e1", "DeviceConnected", "2026-11-02T08:00:00Z", "devices/dev-1",
                "{\"deviceConnectionStateEventInfo\":{\"sequenceNumber\":\"" + seq(1) + "\"},\"hubName\":\"other\","
                        + "\"deviceId\":\"dev-1\"}");

        assertThat(parse(event).onlyEvent().getHub()).isEqualTo(HUB);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // subject                        | data                                             | device | module
        "devices/dev-1                    | {\"deviceId\":\"dev-1\",\"moduleId\":\"\"}         | dev-1  |",
        "devices/dev-1                    | {\"deviceId\":\"dev-1\",\"moduleId\":\"edgeHub\"}  | dev-1  | edgeHub",
        "devices/dev-1/modules/edgeHub    | {\"deviceId\":\"dev-1\"}                          | dev-1  | edgeHub",
        "devices/dev-1/modules/edgeHub    | {}                                               | dev-1  | edgeHub",
        "devices/dev-1                    | {}                                               | dev-1  |",
        "devices/Demo-Device-1            | {\"deviceId\":\"48e44e11\"}                       | 48e44e11 |",
        "devices/other/modules/m1         | {\"deviceId\":\"dev-1\"}                          | dev-1  |",
        "devices/dev-1/modules/m1         | {\"deviceId\":\"dev-1\",\"moduleId\":\"m2\"}       | dev-1  | m2",
    })
    void deviceAndModuleComeFromDataElseFromTheSubject(String subject, String data, String device, String module) {
        Collected c = parse(cloudEvent("e1", "DeviceTelemetry", "2026-11-02T08:00:00Z", subject, data));

        LogEvent e = c.onlyEvent();
        assertThat(e.getDeviceId()).isEqualTo(device);
        assertThat(e.getModuleId()).isEqualTo(module);
    }

    @Test
    void eventTypesAreMatchedInAnyCase() {
        Collected c = parse(Events.connected("e1", "2026-11-02T08:00:00Z", "dev-1", 1)
                .replace("Microsoft.Devices.DeviceConnected", "microsoft.devices.deviceconnected"));

        assertThat(c.onlyEvent().getOperation()).isEqualTo("deviceConnect");
    }

    @Test
    void eventWithoutAnIdIsAcceptedWithoutTheAttribute() {
        Collected c = parse(Events.connected("", "2026-11-02T08:00:00Z", "dev-1", 1));

        assertThat(c.onlyEvent().getAttribute("eventId")).isNull();
    }
}
