package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.azure.Collected.parse;
import static org.iothubkb.plugins.azure.Collected.parseResource;
import static org.iothubkb.plugins.azure.Collected.readResource;
import static org.iothubkb.plugins.azure.Collected.src;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.junit.jupiter.api.Test;

/**
 * The resource-log sample records of the public IoT Hub docs (fixture {@code doc-samples-resource-logs.jsonl},
 * copied from the docs: most are templates with placeholders such as {@code "UTC timestamp"}).
 */
class DocSampleRecordsTest {

    private static final String FIXTURE = "doc-samples-resource-logs.jsonl";

    @Test
    void recordsWithRealTimesBecomeEventsAndTemplatesAreRejectedAtTheirLine() {
        Collected c = parseResource(FIXTURE);

        assertThat(c.outcomes()).isEqualTo(22);
        assertThat(c.eventSources()).containsExactly(src(4), src(7), src(15), src(20), src(21), src(22));
        assertThat(c.rejectionSources()).containsExactly(src(1), src(2), src(3), src(5), src(6), src(8), src(9),
                src(10), src(11), src(12), src(13), src(14), src(16), src(17), src(18), src(19));
        Map<String, String> reasons = c.rejections.stream()
                .collect(Collectors.toMap(Rejection::getSource, Rejection::getReason));
        assertThat(reasons.get(src(1))).isEqualTo("field [time] is not an ISO-8601 timestamp: [ UTC timestamp]");
        assertThat(reasons.get(src(2))).isEqualTo("field [time] is not an ISO-8601 timestamp: [UTC timestamp]");
        assertThat(reasons.values()).allMatch(r -> r.startsWith("field [time] is not an ISO-8601 timestamp: ["));
    }

    @Test
    void realRecordsMapExactly() {
        Collected c = parseResource(FIXTURE);

        LogEvent configurations = c.events.get(0);
        assertThat(configurations.getSource()).isEqualTo(src(4));
        assertThat(configurations.getTime()).isEqualTo(Instant.parse("2019-09-24T17:21:52Z"));
        assertThat(configurations.getOperation()).isEqualTo("readManyConfigurations");
        assertThat(configurations.getCategory()).isEqualTo("Configurations");
        assertThat(configurations.getLevel()).isEqualTo("Information");
        assertThat(configurations.getErrorCode()).isNull(); // resultType ""
        assertThat(configurations.getErrorName()).isNull();
        assertThat(configurations.getHub()).isNull(); // resourceId "Resource Id"
        assertThat(configurations.getSdkVersion()).isEqualTo("2018-06-30");
        assertThat(configurations.getDeviceId()).isNull();

        LogEvent streams = c.events.get(1);
        assertThat(streams.getOperation()).isEqualTo("invoke");
        assertThat(streams.getCategory()).isEqualTo("DeviceStreams");
        assertThat(streams.getDeviceId()).isEqualTo("myDevice");
        assertThat(streams.getModuleId()).isEqualTo("myModule");
        assertThat(streams.getSdkVersion()).isEqualTo("2019-05-01-preview");

        LogEvent anonRoutes = c.events.get(2);
        assertThat(anonRoutes.getTime()).isEqualTo(Instant.parse("2019-12-12T03:25:14Z"));
        assertThat(anonRoutes.getHub()).isEqualTo("ANONHUB1");
        assertThat(anonRoutes.getOperation()).isEqualTo("endpointUnhealthy");
        assertThat(anonRoutes.getCategory()).isEqualTo("Routes");
        assertThat(anonRoutes.getLevel()).isEqualTo("Error");
        assertThat(anonRoutes.getErrorCode()).isEqualTo("403004");
        assertThat(anonRoutes.getErrorName()).isEqualTo("DeviceMaximumQueueDepthExceeded");
        assertThat(anonRoutes.getDeviceId()).isNull();

        assertThat(c.events.get(3).getHub()).isEqualTo("JUANHUB1");

        LogEvent connect = c.events.get(4); // properties as an object here
        assertThat(connect.getTime()).isEqualTo(Instant.parse("2018-12-17T18:11:25Z"));
        assertThat(connect.getHub()).isEqualTo("CONTOSOTESTHUB");
        assertThat(connect.getOperation()).isEqualTo("deviceConnect");
        assertThat(connect.getDeviceId()).isEqualTo("Contoso-Test-Device");
        assertThat(connect.getProtocol()).isEqualTo("Mqtt");
        assertThat(connect.getAuthType()).isNull();
        assertThat(connect.getMaskedIp()).isEqualTo("73.162.215.XXX");
        assertThat(connect.isConnectSuccess()).isTrue();

        LogEvent disconnect = c.events.get(5);
        assertThat(disconnect.getOperation()).isEqualTo("deviceDisconnect");
        assertThat(disconnect.getLevel()).isEqualTo("Error");
        assertThat(disconnect.getErrorCode()).isEqualTo("404104");
        assertThat(disconnect.getErrorName()).isEqualTo("DeviceConnectionClosedRemotely");
        assertThat(disconnect.getDeviceId()).isEqualTo("Contoso-Test-Device");
    }

    @Test
    void templatesWithARealTimeAreRejectedOnlyForInvalidPropertiesJson() {
        // Give every template a real time: what remains wrong is the inner properties JSON of lines 1, 9, 10, 14,
        // 18 and 19, which the docs print with unquoted placeholders or a stray ": :".
        String text = readResource(FIXTURE).replace("\" UTC timestamp\"", "\"2024-05-01T10:00:00Z\"")
                .replace("\"UTC timestamp\"", "\"2024-05-01T10:00:00Z\"");

        Collected c = parse(text);

        assertThat(c.outcomes()).isEqualTo(22);
        assertThat(c.rejectionSources()).containsExactly(src(1), src(9), src(10), src(14), src(18), src(19));
        assertThat(c.rejectionReasons()).allMatch(r -> r.startsWith("field [properties] is not valid JSON (column "));
        assertThat(c.rejections.get(0).getReason()).contains("Unexpected character ('<' (code 60))");
        assertThat(c.rejections.get(2).getReason()).contains("Unexpected character (':' (code 58))");

        Map<String, LogEvent> bySource = c.events.stream().collect(Collectors.toMap(LogEvent::getSource, e -> e));
        LogEvent twinUpdate = bySource.get(src(3)); // "authenticationType" holding nested JSON
        assertThat(twinUpdate.getOperation()).isEqualTo("update");
        assertThat(twinUpdate.getCategory()).isEqualTo("D2CTwinOperations");
        assertThat(twinUpdate.getAuthType()).isEqualTo("sas");
        assertThat(twinUpdate.getDeviceId()).isEqualTo("<deviceId>");
        assertThat(twinUpdate.getProtocol()).isEqualTo("<protocol>");
        LogEvent connect = bySource.get(src(5));
        assertThat(connect.getAuthType()).isEqualTo("sas");
        assertThat(connect.getSdkVersion()).isEqualTo("<sdkVersion>");
        assertThat(connect.getMaskedIp()).isEqualTo("<maskedIpAddress>");
        LogEvent identityGet = bySource.get(src(6)); // resultType "Event status" is no error code
        assertThat(identityGet.getLevel()).isEqualTo("Error");
        assertThat(identityGet.getErrorCode()).isNull();
        // A failure without a code keeps its description as its name (here the template's placeholder).
        assertThat(identityGet.getErrorName()).isEqualTo("MessageDescription");
        LogEvent tracing = bySource.get(src(11)); // resultType "Success"
        assertThat(tracing.getOperation()).isEqualTo("diagnosticIoTHubIngress");
        assertThat(tracing.getErrorCode()).isNull();
        assertThat(bySource.get(src(13)).getAuthType()).isEqualTo("sas");
    }
}
