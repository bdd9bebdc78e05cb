package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.InputFormats;
import org.iothubkb.core.testing.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the Event Grid parser (issue 6): whatever the bytes, it returns normally, within a time limit, and
 * accounts for what it read — each rejection names {@code file:line} and a one-line reason, a JSON error costs
 * one rejection and ends the input (as documented), and where the events can still be told apart, events read =
 * events accepted + events rejected.
 *
 * <p>Budget: see {@link Fuzz}; {@code -Pfuzz} multiplies it.
 */
class EventGridFuzzTest {

    private static final Pattern SOURCE = Pattern.compile("in\\.json:(\\d+)");
    private static final List<String> REAL_EVENTS = realEvents();

    @Test
    void mutatedInputIsAlwaysAccountedFor() {
        Fuzz.property("eventgrid-mutated", 1000, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(30));
            byte[] bytes = Fuzz.mutate(in.bytes(), r, 8, false);
            Fuzz.checkShrinking(bytes, b -> checkAccounted(b, parse(b)));
            return in.events.size();
        });
    }

    @Test
    void randomBytesAreAlwaysAccountedFor() {
        Fuzz.property("eventgrid-random-bytes", 1500, r -> {
            byte[] bytes = Fuzz.randomBytes(r, 3_000);
            if (r.nextInt(4) == 0) { // what makes Jackson guess UTF-16 or UTF-32
                byte[][] heads = {{0, 0, 0}, {0, 0}, {0}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE},
                    {0, 0, (byte) 0xFE, (byte) 0xFF}, {0, '{'}, {'{', 0}, {0, 0, 0, '['}, {'[', 0, 0, 0}};
                bytes = Fuzz.insert(bytes, 0, heads[r.nextInt(heads.length)]);
            }
            Fuzz.checkShrinking(bytes, b -> checkAccounted(b, parse(b)));
            return 0;
        });
    }

    @Test
    void inputCutAnywhereKeepsWhatCameBeforeTheCutAndAddsAtMostOneTruncation() {
        Fuzz.property("eventgrid-cut", 600, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(20));
            byte[] full = in.bytes();
            Collected whole = parse(full);
            byte[] cut = Arrays.copyOf(full, r.nextInt(full.length + 1));

            Collected c = parse(cut);

            checkAccounted(cut, c);
            List<Rejection> own = new ArrayList<>(c.rejections);
            if (!own.isEmpty() && isSyntax(own.get(own.size() - 1).getReason())) {
                assertThat(own.remove(own.size() - 1).getReason()).startsWith("truncated: ");
            }
            assertThat(own.size()).isLessThanOrEqualTo(whole.rejections.size());
            assertThat(own).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(whole.rejections.subList(0, own.size()));
            assertThat(whole.eventSources()).containsAll(c.eventSources());
            return in.events.size();
        });
    }

    @Test
    void wellFormedEventsWithWrongValuesAreEachOneEventOrOneRejection() {
        Fuzz.property("eventgrid-wrong-values", 600, r -> {
            Layout in = new Layout();
            int n = 1 + r.nextInt(30);
            while (in.events.size() < n) {
                int k = 1 + r.nextInt(Math.min(5, n - in.events.size()));
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    batch.add(Layout.alteredEvent(r));
                }
                in.add(r.nextInt(3), batch);
            }
            byte[] bytes = in.bytes();

            Collected c = parse(bytes);

            checkAccounted(bytes, c);
            assertThat(c.outcomes()).as("outcomes of %s", Fuzz.show(bytes)).isEqualTo(n);
            assertThat(c.rejectionReasons()).noneMatch(EventGridFuzzTest::isSyntax);
            List<String> sources = new ArrayList<>(c.eventSources());
            sources.addAll(c.rejectionSources());
            List<String> expected = new ArrayList<>();
            in.lines.forEach(l -> expected.add(Collected.src(l)));
            assertThat(sources).containsExactlyInAnyOrderElementsOf(expected);
            return n;
        });
    }

    @Test
    void gzipCutShortFailsAsAnIoErrorAfterPassingOnTheEventsBeforeIt() {
        Fuzz.property("eventgrid-gzip", 300, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(40));
            byte[] plain = in.bytes();
            byte[] gz = Fuzz.gzip(plain);
            Collected whole = parse(plain);
            byte[] bad = Arrays.copyOf(gz, 2 + r.nextInt(gz.length - 2));

            Collected c = new Collected();
            IOException failure = Fuzz.inTime(() -> {
                try {
                    Collected.parseInto(InputFormats.decompressed(new ByteArrayInputStream(bad)), c);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });

            assertThat(failure).as("cut at %d of %d", bad.length, gz.length).isNotNull();
            assertThat(whole.eventSources()).containsAll(c.eventSources());
            assertThat(c.rejectionReasons()).noneMatch(EventGridFuzzTest::isSyntax);
            Fuzz.tally(c.events.size(), c.rejections.size());
            return in.events.size();
        });
    }

    @Test
    void hundredThousandOpenBracketsCostOneRejectionAfterTheEventsBeforeThem() {
        String deepArrays = "[".repeat(100_000);
        String deepObjects = "{\"a\":".repeat(100_000);
        String good = Layout.connectedEvent(1);
        String[] placements = {
            deepArrays,
            deepArrays + "]".repeat(100_000),
            deepObjects,
            good.substring(0, good.length() - 1) + ",\"x\":" + deepArrays + "]".repeat(100_000) + "}",
            good.substring(0, good.length() - 1) + ",\"data\":{\"body\":" + deepObjects,
        };
        for (String deep : placements) {
            byte[] bytes = Fuzz.b(good + "\n" + deep + "\n" + Layout.connectedEvent(3) + "\n");

            Collected c = parse(bytes);

            checkAccounted(bytes, c);
            assertThat(c.order).as(deep.substring(0, 60)).containsExactly("R " + Collected.src(2),
                    "E " + Collected.src(1));
            assertThat(c.rejections.get(0).getReason()).startsWith("JSON too large or deep at line 2");
        }
    }

    @Test
    void hugeStringsInEveryFieldCostAtMostTheirOwnEvent() {
        Fuzz.property("eventgrid-huge-strings", 2, false, r -> {
            int size = (1 + r.nextInt(4)) << 20; // 1 to 4 MiB
            String huge = "h".repeat(size);
            String[] fields = {"id", "topic", "source", "subject", "eventType", "type", "eventTime", "time",
                "data.deviceId", "data.hubName", "data.body", "unknown"};
            long events = 0;
            for (String field : fields) {
                String event = Layout.withField(Layout.connectedEvent(2), field, huge);
                byte[] bytes = Fuzz.b(Layout.connectedEvent(1) + "\n" + event + "\n" + Layout.connectedEvent(3) + "\n");

                Collected c = parse(bytes);

                checkAccounted(bytes, c);
                assertThat(c.outcomes()).as(field).isEqualTo(3);
                assertThat(c.eventSources()).as(field).contains(Collected.src(1), Collected.src(3));
                events += 3;
            }
            return events;
        });
    }

    @Test
    void stringLongerThanJacksonsLimitIsOneRejectionThatEndsTheInput() {
        // a field that is read (a skipped one, such as data.body, is passed over without being held)
        String event = Layout.withField(Layout.connectedEvent(2), "subject", "z".repeat(21_000_000));
        byte[] bytes = Fuzz.b(Layout.connectedEvent(1) + "\n" + event + "\n" + Layout.connectedEvent(3) + "\n");

        Collected c = parse(bytes);

        checkAccounted(bytes, c);
        assertThat(c.order).containsExactly("R " + Collected.src(2), "E " + Collected.src(1));
        assertThat(c.rejections.get(0).getReason()).startsWith("JSON too large or deep at line 2")
                .contains("String value length");
    }

    // ---------------------------------------------------------------- checks

    /** A rejection that ends the input: a JSON error, a cut, a limit of Jackson's, text that cannot be decoded. */
    static boolean isSyntax(String reason) {
        return reason.startsWith("truncated: ") || reason.startsWith("invalid JSON at ")
                || reason.startsWith("JSON too large or deep at ") || reason.startsWith("not JSON text in UTF-8: ");
    }

    /**
     * What must hold whatever the input: the parse ends (in time, without throwing), every outcome names a line of
     * the input, every reason is one non-blank line, at most one JSON error is reported and nothing is read after
     * it, rejections come before the events (which wait for the whole input), and input that is not blank yields
     * at least one outcome.
     */
    static void checkAccounted(byte[] input, Collected c) {
        int lines = Fuzz.count(input, (byte) '\n') + Fuzz.count(input, (byte) '\r') + 1;
        boolean eventSeen = false;
        for (String o : c.order) {
            Matcher m = SOURCE.matcher(o.substring(2));
            assertThat(m.matches()).as("source of %s", o).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("line of %s in an input of %d lines", o, lines)
                    .isBetween(1, lines);
            assertThat(eventSeen && o.startsWith("R ")).as("a rejection after the events: %s", c.order).isFalse();
            eventSeen |= o.startsWith("E ");
        }
        for (int i = 0; i < c.rejections.size(); i++) {
            String reason = c.rejections.get(i).getReason();
            assertThat(reason).as("reason at %s", c.rejections.get(i).getSource()).isNotBlank()
                    .doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(500);
            if (isSyntax(reason)) {
                assertThat(i).as("a JSON error ends the input: %s", c.rejectionReasons())
                        .isEqualTo(c.rejections.size() - 1);
            }
        }
        for (LogEvent e : c.events) {
            assertThat(e.getTime()).as("time of the event at %s", e.getSource()).isNotNull();
            assertThat(e.getDeviceId()).as("device of the event at %s", e.getSource()).isNotNull();
        }
        if (!isBlank(input)) {
            assertThat(c.outcomes()).as("outcomes of a non-blank input").isPositive();
        }
        Fuzz.tally(c.events.size(), c.rejections.size());
    }

    private static final byte[][] BYTE_ORDER_MARKS = {{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0, 0, (byte) 0xFE,
        (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE, 0, 0}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE}};

    /** Whether the input holds no JSON: JSON whitespace after a UTF-8 byte order mark, or a lone mark of another. */
    private static boolean isBlank(byte[] input) {
        for (byte[] bom : BYTE_ORDER_MARKS) {
            if (Arrays.equals(input, bom)) {
                return true; // Jackson reads UTF-16 and UTF-32 too: an empty text in either
            }
        }
        int from = input.length >= 3 && input[0] == (byte) 0xEF && input[1] == (byte) 0xBB && input[2] == (byte) 0xBF
                ? 3 : 0;
        for (int i = from; i < input.length; i++) {
            byte x = input[i];
            if (x != ' ' && x != '\t' && x != '\r' && x != '\n') {
                return false;
            }
        }
        return true;
    }

    private static Collected parse(byte[] bytes) {
        return Fuzz.inTime(() -> Collected.parse(bytes));
    }

    private static List<String> realEvents() {
        List<String> events = new ArrayList<>();
        for (String name : new String[] {"doc-samples-event-grid.jsonl", "cloudevents.jsonl"}) {
            for (String line : Collected.readResource(name).split("\n")) {
                String l = line.strip();
                if (l.startsWith("{") && l.endsWith("}")) {
                    events.add(l);
                }
            }
        }
        return events;
    }

    /** Events laid out as Event Grid delivers them, remembering the line each event starts on. */
    static final class Layout {

        private final StringBuilder text = new StringBuilder();
        private int line = 1;
        final List<String> events = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();

        static Layout random(Random r, int n) {
            Layout in = new Layout();
            while (in.events.size() < n) {
                int shape = r.nextInt(3);
                int k = shape == 0 ? 1 : 1 + r.nextInt(Math.min(6, n - in.events.size()));
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    batch.add(anyEvent(r));
                }
                in.add(shape, batch);
            }
            return in;
        }

        /** Appends {@code batch} as JSON Lines (0), an array on one line (1) or a pretty array (2). */
        void add(int shape, List<String> batch) {
            switch (shape) {
                case 0:
                    for (String e : batch) {
                        at(line, e);
                        text.append(e).append('\n');
                        line++;
                    }
                    break;
                case 1:
                    batch.forEach(e -> at(line, e));
                    text.append('[').append(String.join(",", batch)).append("]\n");
                    line++;
                    break;
                default:
                    text.append("[\n");
                    line++;
                    for (int i = 0; i < batch.size(); i++) {
                        at(line, batch.get(i));
                        text.append("  ").append(batch.get(i)).append(i + 1 < batch.size() ? ",\n" : "\n");
                        line++;
                    }
                    text.append("]\n");
                    line++;
            }
        }

        private void at(int l, String e) {
            events.add(e);
            lines.add(l);
        }

        byte[] bytes() {
            return Fuzz.b(text.toString());
        }

        static String anyEvent(Random r) {
            switch (r.nextInt(3)) {
                case 0: return REAL_EVENTS.get(r.nextInt(REAL_EVENTS.size()));
                case 1: return connectedEvent(r.nextInt(100_000));
                default: return alteredEvent(r);
            }
        }

        static String connectedEvent(int n) {
            return Events.connected("id-" + n, "2026-11-02T08:" + String.format("%02d:%02d", n / 60 % 60, n % 60) + "Z",
                    "dev-" + n % 7, n);
        }

        private static final String[] FIELDS = {"id", "topic", "source", "subject", "eventType", "type",
            "eventTime", "time", "data", "dataVersion", "specversion"};

        /** A good event, Event Grid or CloudEvents schema, with up to three fields dropped, repeated or changed. */
        static String alteredEvent(Random r) {
            List<String[]> fields = new ArrayList<>();
            boolean cloud = r.nextBoolean();
            String dev = "dev-" + r.nextInt(9);
            fields.add(new String[] {"id", Fuzz.quote("e-" + r.nextInt(1_000_000))});
            fields.add(new String[] {cloud ? "source" : "topic", Fuzz.quote(Events.TOPIC)});
            fields.add(new String[] {"subject", Fuzz.quote("devices/" + dev)});
            fields.add(new String[] {cloud ? "type" : "eventType", Fuzz.quote("Microsoft.Devices."
                    + new String[] {"DeviceConnected", "DeviceDisconnected", "DeviceCreated", "DeviceTelemetry"}[r.nextInt(4)])});
            fields.add(new String[] {cloud ? "time" : "eventTime", Fuzz.quote("2026-11-02T08:00:0" + r.nextInt(10) + "Z")});
            fields.add(new String[] {"data", "{\"deviceConnectionStateEventInfo\":{\"sequenceNumber\":"
                    + Fuzz.quote(Events.seq(r.nextInt(50))) + "},\"hubName\":\"H\",\"deviceId\":" + Fuzz.quote(dev) + "}"});
            for (int k = r.nextInt(4); k > 0; k--) {
                int at = r.nextInt(fields.size());
                String value = r.nextInt(4) == 0 ? dataValue(r) : jsonValue(r, 0);
                switch (r.nextInt(4)) {
                    case 0: fields.remove(at); break;
                    case 1: fields.add(new String[] {fields.get(at)[0], value}); break; // a repeated key
                    case 2: fields.add(new String[] {FIELDS[r.nextInt(FIELDS.length)], value}); break;
                    default: fields.get(at)[1] = value;
                }
            }
            StringBuilder s = new StringBuilder("{");
            for (String[] f : fields) {
                s.append(s.length() > 1 ? "," : "").append(Fuzz.quote(f[0])).append(':').append(f[1]);
            }
            return s.append('}').toString();
        }

        private static String dataValue(Random r) {
            return "{\"deviceConnectionStateEventInfo\":" + (r.nextBoolean() ? jsonValue(r, 0)
                    : "{\"sequenceNumber\":" + jsonValue(r, 0) + "}") + ",\"deviceId\":" + jsonValue(r, 0)
                    + ",\"moduleId\":" + jsonValue(r, 0) + ",\"hubName\":" + jsonValue(r, 0) + "}";
        }

        /** Any JSON value on one line: every type, odd numbers, times and escapes, some nesting. */
        static String jsonValue(Random r, int depth) {
            switch (r.nextInt(depth > 4 ? 6 : 9)) {
                case 0: return "null";
                case 1: return r.nextBoolean() ? "true" : "false";
                case 2: return new String[] {"0", "-0", "1e308", "-1.5E-300", "123456789012345678901234567890",
                    "1" + "0".repeat(300)}[r.nextInt(6)];
                case 3: return new String[] {"\"\\u0000\"", "\"\\ud800\"", "\"\"", "\"   \"", "\"devices/\"",
                    "\"devices/a/modules/\"", "\"devices//modules/m\"", "\"ZZ\"", "\"-1\"", "\"" + "F".repeat(200) + "\"",
                    "\"Microsoft.Devices.\"", "\"microsoft.devices.deviceconnected\""}[r.nextInt(12)];
                case 4: return new String[] {"\"+999999999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"",
                    "\"2026-11-02T08:00:00\"", "\"2026-11-02T08:00:00.123456789123+14:00\"", "\"0000-01-01T00:00:00Z\"",
                    "\"9999-12-31T23:59:59.999Z\"", "\"-0001-01-01T00:00:00Z\"", "\"2026-11-02T08:00:00-18:00\""}[r.nextInt(8)];
                case 5: return Fuzz.quote(r.nextBoolean() ? "Microsoft.Devices.DeviceConnected" : Events.seq(r.nextInt(9)));
                case 6:
                case 7: {
                    StringBuilder s = new StringBuilder("[");
                    for (int i = r.nextInt(4); i > 0; i--) {
                        s.append(jsonValue(r, depth + 1)).append(i > 1 ? "," : "");
                    }
                    return s.append(']').toString();
                }
                default: {
                    StringBuilder s = new StringBuilder("{");
                    for (int i = r.nextInt(4); i > 0; i--) {
                        s.append(Fuzz.quote(FIELDS[r.nextInt(FIELDS.length)])).append(':')
                                .append(jsonValue(r, depth + 1)).append(i > 1 ? "," : "");
                    }
                    return s.append('}').toString();
                }
            }
        }

        /** {@code event} with {@code field} (or {@code data.x}) set to the string {@code value}; the last one counts. */
        static String withField(String event, String field, String value) {
            String body = event.substring(1, event.length() - 1);
            if (field.startsWith("data.")) {
                return "{" + body + ",\"data\":{" + Fuzz.quote(field.substring(5)) + ":" + Fuzz.quote(value)
                        + ",\"deviceId\":\"d\"}}";
            }
            return "{" + body + "," + Fuzz.quote(field) + ":" + Fuzz.quote(value) + "}";
        }
    }
}
