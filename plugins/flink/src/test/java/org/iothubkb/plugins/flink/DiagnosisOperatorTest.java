package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The diagnosis operator's per-key state, and its end of input, without a cluster. */
// The harness's close() may throw InterruptedException; a test that is interrupted may fail with it.
@SuppressWarnings("try")
class DiagnosisOperatorTest {

    private static final Path EXAMPLES = Paths.get("../../examples").toAbsolutePath().normalize();

    @ParameterizedTest(name = "events ordered by {0}")
    @EnumSource(DiagnosisJob.EventOrder.class)
    void aKeyWithNothingWaitingHoldsNoStateAndNoTimer(DiagnosisJob.EventOrder order) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, LogEvent, String> harness = harness(order)) {
            // 2,000 devices, each connecting once: a fleet the job must not remember key by key.
            long start = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
            int maxEntries = 0;
            for (int i = 0; i < 2_000; i++) {
                long t = start + i * 100L;
                harness.processElement(connect("device-" + i, t), t);
                harness.processWatermark(t - SessionOptions.DEFAULT_MAX_LATENESS.toMillis() - 1);
                maxEntries = Math.max(maxEntries, harness.numKeyedStateEntries());
            }
            if (order == DiagnosisJob.EventOrder.WATERMARK) {
                // Only the keys whose events wait for the watermark: two minutes of a record every 100 ms.
                assertThat(maxEntries).isBetween(1_000, 1_300);
            } else {
                assertThat(maxEntries).isZero();
            }

            harness.processWatermark(start + 2_000 * 100L);

            assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
            assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
        }
    }

    @ParameterizedTest(name = "events ordered by {0}")
    @EnumSource(DiagnosisJob.EventOrder.class)
    void theEndOfInputClosesTheSessionAndEmitsWhatTheCliReports(DiagnosisJob.EventOrder order) throws Exception {
        Path file = EXAMPLES.resolve("reconnect-race.jsonl");
        List<LogEvent> events = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new AzureMonitorLogsParser().parse(in, file.toString(), events::add, (source, reason) -> {
                throw new AssertionError(source + ": " + reason);
            });
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, LogEvent, String> harness = harness(order)) {
            for (LogEvent e : events) {
                harness.processElement(e, e.getTimestampMillis());
            }
            assertThat(harness.extractOutputValues()).as("before the end of input").isEmpty();

            harness.processWatermark(Long.MAX_VALUE);
            harness.endInput();

            List<JsonObject> emitted = new ArrayList<>();
            for (String json : harness.extractOutputValues()) {
                try (JsonReader r = Json.createReader(new StringReader(json))) {
                    emitted.add(r.readObject());
                }
            }
            assertThat(DiagnosisJobTest.comparable(emitted))
                    .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(
                            DiagnosisJobTest.cliDiagnoses(file)));
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSecondEndOfInputEmitsNothingMore() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, LogEvent, String> harness =
                harness(DiagnosisJob.EventOrder.SESSION)) {
            long t = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();
            harness.processElement(LogEvent.builder().time(Instant.ofEpochMilli(t)).hub("hub-a").deviceId("d1")
                    .category("Connections").operation("deviceDisconnect").level("Error").errorCode("404104")
                    .errorName("DeviceConnectionClosedRemotely").source("test:1").build(), t);
            harness.endInput();
            int first = harness.extractOutputValues().size();

            harness.endInput();

            assertThat(first).isPositive();
            assertThat(harness.extractOutputValues()).hasSize(first);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LogEvent, String> harness(
            DiagnosisJob.EventOrder order) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, LogEvent, String> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new DiagnosisOperator(new DiagnosisFunction(
                        SessionOptions.DEFAULT_MAX_LATENESS, order)), DiagnosisJob::deviceKey, Types.STRING);
        harness.open();
        return harness;
    }

    private static LogEvent connect(String device, long t) {
        return LogEvent.builder().time(Instant.ofEpochMilli(t)).hub("hub-a").deviceId(device)
                .category("Connections").operation("deviceConnect").level("Information").protocol("Mqtt")
                .source("test:" + device).build();
    }
}
