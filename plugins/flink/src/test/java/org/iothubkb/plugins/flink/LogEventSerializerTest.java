package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

class LogEventSerializerTest {

    @Test
    void everyFieldSurvivesARoundTrip() throws IOException {
        LogEvent full = LogEvent.builder()
                .time(Instant.parse("2026-11-02T08:00:00.123456789Z")).source("hub.jsonl:7")
                .hub("FACTORY-HUB-WEU").deviceId("press-07").moduleId("edgeAgent").category("Connections")
                .operation("DeviceDisconnect").level("Error").errorCode("404104")
                .errorName("DeviceConnectionClosedRemotely").protocol("Mqtt")
                .sdkVersion(".NET/1.42.3 (.NET 6.0.25; Linux; X64)").maskedIp("20.86.104.XXX").authType("sas")
                .durationMs(42L).endpointName("telemetry").messageId("m-1")
                .attributes(Map.of("site", "Gent", "long", "x".repeat(70_000)))
                .build();

        LogEvent back = roundTrip(full);

        assertThat(back).usingRecursiveComparison().isEqualTo(full);
    }

    @Test
    void absentFieldsStayAbsent() throws IOException {
        LogEvent bare = LogEvent.builder().time(Instant.EPOCH).source("x:1").build();

        LogEvent back = roundTrip(bare);

        assertThat(back).usingRecursiveComparison().isEqualTo(bare);
        assertThat(back.getDeviceId()).isNull();
        assertThat(back.getDurationMs()).isNull();
        assertThat(back.getAttributes()).isEmpty();
    }

    private static LogEvent roundTrip(LogEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        LogEventSerializer.INSTANCE.serialize(e, out);
        return LogEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
