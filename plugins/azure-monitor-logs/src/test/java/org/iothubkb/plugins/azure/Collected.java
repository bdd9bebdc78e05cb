package org.iothubkb.plugins.azure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;

/** What one parse produced, in order: events, rejections, and both interleaved as they arrived. */
final class Collected {

    static final String SOURCE = "in.json";

    final List<LogEvent> events = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();
    /** {@code "E <source>"} or {@code "R <source>"} per outcome, in the order they were reported. */
    final List<String> order = new ArrayList<>();

    static Collected parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static Collected parse(byte[] bytes) {
        try {
            return parse(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Collected parse(InputStream in) throws IOException {
        Collected c = new Collected();
        parseInto(in, c);
        return c;
    }

    /** Parses into {@code c}, so that what came before an exception is still there to see. */
    static void parseInto(InputStream in, Collected c) throws IOException {
        new AzureMonitorLogsParser().parse(in, SOURCE, e -> {
            c.events.add(e);
            c.order.add("E " + e.getSource());
        }, (source, reason) -> {
            c.rejections.add(new Rejection(source, reason));
            c.order.add("R " + source);
        });
    }

    static Collected parseResource(String name) {
        try (InputStream in = Collected.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readResource(String name) {
        try (InputStream in = Collected.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> eventSources() {
        return events.stream().map(LogEvent::getSource).collect(Collectors.toList());
    }

    List<String> rejectionSources() {
        return rejections.stream().map(Rejection::getSource).collect(Collectors.toList());
    }

    List<String> rejectionReasons() {
        return rejections.stream().map(Rejection::getReason).collect(Collectors.toList());
    }

    int outcomes() {
        return events.size() + rejections.size();
    }

    LogEvent onlyEvent() {
        if (events.size() != 1 || !rejections.isEmpty()) {
            throw new AssertionError("expected exactly one event, got " + events + " and " + rejections);
        }
        return events.get(0);
    }

    Rejection onlyRejection() {
        if (rejections.size() != 1 || !events.isEmpty()) {
            throw new AssertionError("expected exactly one rejection, got " + events + " and " + rejections);
        }
        return rejections.get(0);
    }

    static String src(int line) {
        return SOURCE + ":" + line;
    }
}
