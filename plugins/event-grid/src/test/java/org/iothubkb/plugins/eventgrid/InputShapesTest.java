package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iothubkb.plugins.eventgrid.Collected.parse;
import static org.iothubkb.plugins.eventgrid.Collected.readResource;
import static org.iothubkb.plugins.eventgrid.Collected.src;
import static org.iothubkb.plugins.eventgrid.Events.connected;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shapes an input may take, and the line each event is reported at. */
class InputShapesTest {

    private static String event(int n) {
        return connected("id-" + n, "2026-11-02T08:00:0" + n + "Z", "dev-" + n, 1);
    }

    private static List<String> deviceIds(Collected c) {
        return c.events.stream().map(LogEvent::getDeviceId).collect(Collectors.toList());
    }

    @Test
    void singleObject() {
        Collected c = parse(event(1));

        assertThat(c.onlyEvent().getSource()).isEqualTo(src(1));
    }

    @Test
    void singlePrettyPrintedObjectAfterBlankLines() {
        Collected c = parse("\n\n" + event(1).replace(",\"", ",\n  \""));

        assertThat(c.onlyEvent().getSource()).isEqualTo(src(3));
    }

    @Test
    void arrayOfEventsReportsTheLineWhereEachStarts() {
        Collected c = parse("[\n  " + event(1) + ",\n  " + event(2) + ",\n\n  " + event(3) + "\n]\n");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(2), src(3), src(5));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-2", "dev-3");
    }

    @Test
    void jsonLinesOfObjects() {
        Collected c = parse(event(1) + "\n" + event(2) + "\n\n" + event(3));

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(2), src(4));
    }

    @Test
    void jsonLinesOfArraysAndObjectsMixed() {
        Collected c = parse("[" + event(1) + "," + event(2) + "]\n" + event(3) + "\n[]\n[" + event(4) + "]\n");

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).containsExactly(src(1), src(1), src(2), src(4));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-2", "dev-3", "dev-4");
    }

    @Test
    void windowsLineEndingsCountLinesTheSame() {
        String text = readResource("eventgrid-array.json");

        Collected c = parse(text.replace("\n", "\r\n"));

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).isEqualTo(parse(text).eventSources());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventgrid-array.json", "cloudevents.jsonl"})
    void utf8ByteOrderMarkIsSkipped(String fixture) {
        String text = readResource(fixture);

        Collected c = parse("\uFEFF" + text);

        assertThat(c.rejections).isEmpty();
        assertThat(c.eventSources()).isNotEmpty().isEqualTo(parse(text).eventSources());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\n\n   \n\t\r\n", "\uFEFF", "[]", "[]\n[ ]\n"})
    void emptyInputsGiveNothing(String text) {
        Collected c = parse(text);

        assertThat(c.outcomes()).isZero();
    }

    @Test
    void theInputIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new FilterInputStream(new ByteArrayInputStream(event(1).getBytes(StandardCharsets.UTF_8))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThat(Collected.parse(in).events).hasSize(1);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void anUnreadableInputIsAnIOExceptionAfterTheEventsReadBeforeIt() {
        byte[] good = (event(1) + "\n" + event(2) + "\n").getBytes(StandardCharsets.UTF_8);
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

        assertThatThrownBy(() -> new EventGridParser().parse(failing, "in.json", seen.events::add,
                (s, r) -> seen.order.add(s + " " + r)))
                .isInstanceOf(IOException.class)
                .hasMessage("disk on fire");
        assertThat(seen.events).extracting(LogEvent::getDeviceId).containsExactly("dev-1", "dev-2");
        assertThat(seen.order).isEmpty();
    }
}
