package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

/** Volume sanity checks; no timing assertions. */
class LargeInputTest {

    private static final int RECORDS = 100_000;

    /** A Connections record as the hub writes it, numbered {@code i}. */
    private static String record(int i) {
        return "{\"time\": \"2024-05-01T" + String.format("%02d:%02d:%02d.%07dZ", (i / 3600) % 24, (i / 60) % 60, i % 60, i)
                + "\", \"resourceId\": \"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/HUB-"
                + (i % 3) + "\", \"operationName\": \"" + (i % 2 == 0 ? "deviceConnect" : "deviceDisconnect")
                + "\", \"category\": \"Connections\", \"level\": \"" + (i % 5 == 0 ? "Error" : "Information") + "\", "
                + (i % 5 == 0 ? "\"resultType\": \"404104\", \"resultDescription\": \"DeviceConnectionClosedRemotely\", " : "")
                + "\"properties\": \"{\\\"deviceId\\\":\\\"dev-" + (i % 1000) + "\\\",\\\"protocol\\\":\\\"Mqtt\\\","
                + "\\\"authType\\\":\\\"{\\\\\\\"scope\\\\\\\":\\\\\\\"device\\\\\\\",\\\\\\\"type\\\\\\\":\\\\\\\"sas\\\\\\\"}\\\","
                + "\\\"maskedIpAddress\\\":\\\"10.0.0.XXX\\\"}\", \"location\": \"westeurope\"}";
    }

    private static byte[] generate() {
        StringBuilder text = new StringBuilder(RECORDS * 520);
        for (int i = 1; i <= RECORDS; i++) {
            text.append(record(i)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hundredThousandJsonLinesRecordsAreAllRead() throws IOException {
        AtomicInteger events = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<LogEvent> last = new AtomicReference<>();
        List<String> rejections = new ArrayList<>();

        new AzureMonitorLogsParser().parse(new ByteArrayInputStream(generate()), "big.jsonl", e -> {
            events.incrementAndGet();
            if (e.getErrorCode() != null) {
                errors.incrementAndGet();
            }
            last.set(e);
        }, (source, reason) -> rejections.add(source + " " + reason));

        assertThat(rejections).isEmpty();
        assertThat(events.get()).isEqualTo(RECORDS);
        assertThat(errors.get()).isEqualTo(RECORDS / 5);
        LogEvent e = last.get();
        assertThat(e.getSource()).isEqualTo("big.jsonl:" + RECORDS);
        assertThat(e.getDeviceId()).isEqualTo("dev-0");
        assertThat(e.getHub()).isEqualTo("HUB-" + (RECORDS % 3));
        assertThat(e.getAuthType()).isEqualTo("sas");
        assertThat(e.getTime().getNano()).isEqualTo((RECORDS % 10_000_000) * 100);
    }

    @Test
    void oneInstanceParsesSeveralInputsAtOnce() throws Exception {
        byte[] small = new byte[0];
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 2_000; i++) {
            text.append(record(i)).append('\n');
        }
        small = text.toString().getBytes(StandardCharsets.UTF_8);
        AzureMonitorLogsParser parser = new AzureMonitorLogsParser();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String name = "input-" + t;
                byte[] bytes = small;
                results.add(pool.submit(() -> {
                    List<String> sources = new ArrayList<>();
                    try (InputStream in = new ByteArrayInputStream(bytes)) {
                        parser.parse(in, name, e -> sources.add(e.getSource()),
                                (s, r) -> sources.add("rejected " + s));
                    }
                    return sources;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<String> sources = results.get(t).get();
                assertThat(sources).hasSize(2_000);
                assertThat(sources.get(0)).isEqualTo("input-" + t + ":1");
                assertThat(sources.get(1_999)).isEqualTo("input-" + t + ":2000");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
