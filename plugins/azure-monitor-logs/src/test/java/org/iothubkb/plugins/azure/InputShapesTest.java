package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iothubkb.plugins.azure.Collected.parse;
import static org.iothubkb.plugins.azure.Collected.parseResource;
import static org.iothubkb.plugins.azure.Collected.readResource;
import static org.iothubkb.plugins.azure.Collected.src;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input shapes Azure Monitor writes, alone and mixed, and the line each record is reported at. */
class InputShapesTest {

    private static final String CONNECT = "{\"time\":\"2024-05-01T10:00:0%dZ\",\"operationName\":\"deviceConnect\","
            + "\"category\":\"Connections\",\"properties\":\"{\\\"deviceId\\\":\\\"dev-%d\\\"}\"}";

    private static String connect(int n) {
        return String.format(CONNECT, n, n);
    }

    private static List<String> deviceIds(Collected c) {
        return c.events.stream().map(LogEvent::getDeviceId).collect(Collectors.toList());
    }

    @Test
    void jsonLinesGiveOneEventPerLineAtThatLine() {
        Collected c = parse(connect(1) + "\n\n" + connect(2) + "\n" + connect(3) + "\n");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(3), src(4));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-2", "dev-3");
    }

    @Test
    void lastLineWithoutNewlineIsRead() {
        Collected c = parse(connect(1) + "\n" + connect(2));
        assertThat(c.eventSources()).containsExactly(src(1), src(2));
    }

    @Test
    void prettyPrintedRecordsBlobReportsTheLineWhereEachRecordStarts() {
        Collected c = parseResource("hourly-blob-pretty.json");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(3), src(12), src(23));

        LogEvent connect = c.events.get(0);
        assertThat(connect.getTime()).isEqualTo(Instant.parse("2018-12-17T18:11:25Z"));
        assertThat(connect.getHub()).isEqualTo("CONTOSOTESTHUB");
        assertThat(connect.getOperation()).isEqualTo("deviceConnect");
        assertThat(connect.getCategory()).isEqualTo("Connections");
        assertThat(connect.getLevel()).isEqualTo("Information");
        assertThat(connect.getErrorCode()).isNull();
        assertThat(connect.getDeviceId()).isEqualTo("Contoso-Test-Device");
        assertThat(connect.getProtocol()).isEqualTo("Mqtt");
        assertThat(connect.getAuthType()).isEqualTo("sas");
        assertThat(connect.getMaskedIp()).isEqualTo("73.162.215.XXX");

        LogEvent disconnect = c.events.get(1);
        assertThat(disconnect.getTime()).isEqualTo(Instant.parse("2018-12-17T18:19:25.1234567Z"));
        assertThat(disconnect.getErrorCode()).isEqualTo("404104");
        assertThat(disconnect.getErrorName()).isEqualTo("DeviceConnectionClosedRemotely");
        assertThat(disconnect.getAuthType()).isNull();

        LogEvent routes = c.events.get(2);
        assertThat(routes.getHub()).isEqualTo("JUANHUB1");
        assertThat(routes.getOperation()).isEqualTo("endpointUnhealthy");
        assertThat(routes.getCategory()).isEqualTo("Routes");
        assertThat(routes.getErrorCode()).isEqualTo("403004");
        assertThat(routes.getErrorName()).isEqualTo("DeviceMaximumQueueDepthExceeded");
        assertThat(routes.getDeviceId()).isNull();
    }

    @Test
    void eventHubsBodiesGiveEveryRecordTheLineOfItsBody() {
        Collected c = parseResource("eventhubs-bodies.jsonl");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(1), src(2), src(2), src(2));
        assertThat(deviceIds(c)).containsExactly("thermo-01", "thermo-01", null, "thermo-02", "thermo-03");

        assertThat(c.events.get(0).getTime()).isEqualTo(Instant.parse("2024-05-01T10:00:03.123Z"));
        assertThat(c.events.get(0).getAuthType()).isEqualTo("sas");
        assertThat(c.events.get(0).getProtocol()).isEqualTo("Amqp");
        assertThat(c.events.get(1).getTime()).isEqualTo(Instant.parse("2024-05-01T10:00:04.1234567Z"));
        assertThat(c.events.get(1).getErrorCode()).isEqualTo("404104");
        assertThat(c.events.get(2).getHub()).isEqualTo("JUANHUB1");
        assertThat(c.events.get(3).getTime()).isEqualTo(Instant.parse("2024-05-01T10:05:00Z")); // written +00:00
        assertThat(c.events.get(3).getAuthType()).isEqualTo("x509");
        assertThat(c.events.get(3).getProtocol()).isEqualTo("MqttWs");
        assertThat(c.events.get(4).getAuthType()).isNull();
    }

    @Test
    void topLevelArrayOfRecordsIsAccepted() {
        String text = "[\n  " + connect(1) + ",\n  " + connect(2) + "\n]\n" + connect(3) + "\n";

        Collected c = parse(text);

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(2), src(3), src(5));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-2", "dev-3");
    }

    @Test
    void mixedShapesInOneInput() {
        Collected c = parseResource("mixed-shapes.json");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources())
                .containsExactly(src(1), src(5), src(15), src(18), src(18), src(19), src(20), src(21), src(21));
        assertThat(deviceIds(c))
                .containsExactly("dev-1", "dev-1", null, "dev-2", "dev-3", "dev-4", "dev-4", "dev-5", "dev-6");
        assertThat(c.events).extracting(LogEvent::getTime).isSorted();
        assertThat(c.events.get(1).getTime()).isEqualTo(Instant.parse("2024-05-01T10:00:01.500Z"));
        assertThat(c.events.get(1).getErrorCode()).isEqualTo("404104");
        assertThat(c.events.get(1).getHub()).isEqualTo("HUB-A");
        assertThat(c.events.get(2).getErrorCode()).isEqualTo("403004");
        assertThat(c.events.get(6).getOperation()).isEqualTo("deviceDisconnect");
    }

    @Test
    void windowsLineEndingsCountLinesTheSame() {
        String unix = readResource("mixed-shapes.json");
        Collected expected = parse(unix);

        Collected c = parse(unix.replace("\n", "\r\n"));

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).isEqualTo(expected.eventSources());
        assertThat(deviceIds(c)).isEqualTo(deviceIds(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hourly-blob-pretty.json", "eventhubs-bodies.jsonl", "mixed-shapes.json"})
    void utf8ByteOrderMarkIsSkipped(String fixture) {
        String text = readResource(fixture);
        Collected expected = parse(text);

        Collected c = parse("\uFEFF" + text);

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).isNotEmpty().isEqualTo(expected.eventSources());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n   \n\t\r\n", "\uFEFF", "\uFEFF\n"})
    void emptyOrBlankInputGivesNothing(String text) {
        Collected c = parse(text);
        assertThat(c.events).isEmpty();
        assertThat(c.rejections).isEmpty();
    }

    @Test
    void inputDeliveredOneByteAtATimeParsesTheSame() throws IOException {
        byte[] bytes = readResource("mixed-shapes.json").getBytes(StandardCharsets.UTF_8);
        Collected expected = parse(bytes);

        Collected c = Collected.parse(new OneByteAtATime(new ByteArrayInputStream(bytes)));

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).isEqualTo(expected.eventSources());
        assertThat(deviceIds(c)).isEqualTo(deviceIds(expected));
    }

    @Test
    void linesLongerThanTheReadBufferKeepTheirLineNumbers() {
        String padding = "x".repeat(200_000);
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            text.append("{\"padding\":\"").append(padding).append("\",")
                    .append(connect(i).substring(1)).append('\n');
        }

        Collected c = parse(text.toString());

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(2), src(3));
    }

    @Test
    void theInputIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new FilterInputStream(new ByteArrayInputStream(connect(1).getBytes(StandardCharsets.UTF_8))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThat(Collected.parse(in).events).hasSize(1);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void anUnreadableInputIsAnIOExceptionAfterTheRecordsReadBeforeIt() {
        byte[] good = (connect(1) + "\n" + connect(2) + "\n").getBytes(StandardCharsets.UTF_8);
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos < good.length) {
                    return good[pos++];
                }
                throw new IOException("disk on fire");
            }
        };
        Collected seen = new Collected();

        assertThatThrownBy(() -> new AzureMonitorLogsParser().parse(failing, "f", seen.events::add,
                (s, r) -> seen.order.add(s)))
                .isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(seen.events).extracting(LogEvent::getSource).containsExactly("f:1", "f:2");
        assertThat(seen.order).isEmpty();
    }

    /** Hands out one byte per read, so every token straddles read boundaries. */
    private static final class OneByteAtATime extends FilterInputStream {
        OneByteAtATime(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }
}
