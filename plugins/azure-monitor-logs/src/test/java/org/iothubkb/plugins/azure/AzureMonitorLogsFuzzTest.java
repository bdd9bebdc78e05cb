package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.spi.InputFormats;
import org.iothubkb.core.testing.Fuzz;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the resource-log parser (issue 6): whatever the bytes, it returns normally, within a time limit, and
 * accounts for what it read — each rejection names {@code file:line} and a one-line reason, and where the records
 * can still be told apart, records read = events accepted + records rejected.
 *
 * <p>Budget: the normal run does a few thousand trials in seconds; {@code -Pfuzz} (or {@code -Dfuzz.scale=N})
 * multiplies it. See {@link Fuzz}.
 */
class AzureMonitorLogsFuzzTest {

    private static final Pattern SOURCE = Pattern.compile("in\\.json:(\\d+)");
    private static final List<String> REAL_RECORDS = realRecords();

    // ---------------------------------------------------------------- properties over generated input

    @Test
    void mutatedInputIsAlwaysAccountedFor() {
        Fuzz.property("azure-mutated", 1000, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(30));
            byte[] bytes = Fuzz.mutate(in.bytes(), r, 8, false);
            Fuzz.checkShrinking(bytes, b -> checkAccounted(b, parse(b)));
            return in.records.size();
        });
    }

    @Test
    void randomBytesAreAlwaysAccountedFor() {
        Fuzz.property("azure-random-bytes", 1500, r -> {
            byte[] bytes = Fuzz.randomBytes(r, 3_000);
            Fuzz.checkShrinking(bytes, b -> checkAccounted(b, parse(b)));
            return 0;
        });
    }

    @Test
    void inputCutAnywhereKeepsWhatCameBeforeTheCutAndAddsAtMostOneTruncation() {
        Fuzz.property("azure-cut", 600, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(20));
            byte[] full = in.bytes();
            Collected whole = parse(full);
            byte[] cut = Arrays.copyOf(full, r.nextInt(full.length + 1));

            Collected c = parse(cut);

            checkAccounted(cut, c);
            int same = c.order.size() - 1;
            if (same >= 0 && !c.order.get(same).equals(whole.order.size() > same ? whole.order.get(same) : null)) {
                assertThat(c.rejections.get(c.rejections.size() - 1).getReason()).startsWith("truncated: ");
                assertThat(c.order.get(same)).startsWith("R ");
            } else {
                same++;
            }
            assertThat(c.order.subList(0, same)).isEqualTo(whole.order.subList(0, same));
            return in.records.size();
        });
    }

    @Test
    void oneBrokenJsonLinesRecordCostsItsOwnLineAndAtMostTheNext() {
        Fuzz.property("azure-one-line", 1000, r -> {
            int n = 2 + r.nextInt(30);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add(Layout.anyRecord(r));
            }
            Map<Integer, List<String>> before = byLine(parse(String.join("\n", lines) + "\n"));
            int k = 1 + r.nextInt(n);
            byte[] broken = Fuzz.mutate(Fuzz.b(lines.get(k - 1)), r, 4, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= n; i++) {
                out.writeBytes(i == k ? broken : Fuzz.b(lines.get(i - 1)));
                out.write('\n');
            }
            byte[] bytes = out.toByteArray();

            Collected c = parse(bytes);

            checkAccounted(bytes, c);
            Map<Integer, List<String>> after = byLine(c);
            for (int line = 1; line <= n; line++) {
                if (line != k && line != k + 1) {
                    assertThat(after.get(line)).as("outcomes at line %d, line %d broken: %s", line, k,
                            Fuzz.show(broken)).isEqualTo(before.get(line));
                }
            }
            if (!new String(broken, StandardCharsets.ISO_8859_1).isBlank()) {
                assertThat(after.get(k)).as("outcomes of the broken line %d: %s", k, Fuzz.show(broken)).isNotEmpty();
            }
            return n;
        });
    }

    @Test
    void wellFormedRecordsWithWrongValuesAreEachOneEventOrOneRejection() {
        Fuzz.property("azure-wrong-values", 600, r -> {
            Layout in = new Layout();
            int n = 1 + r.nextInt(30);
            while (in.records.size() < n) {
                int k = 1 + r.nextInt(Math.min(5, n - in.records.size()));
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    batch.add(Layout.wrongRecord(r));
                }
                in.add(r.nextInt(4), batch);
            }
            byte[] bytes = in.bytes();

            Collected c = parse(bytes);

            checkAccounted(bytes, c);
            assertThat(c.outcomes()).as("outcomes of %s", Fuzz.show(bytes)).isEqualTo(n);
            List<String> expected = new ArrayList<>();
            for (int line : in.lines) {
                expected.add(Collected.src(line));
            }
            List<String> sources = new ArrayList<>();
            c.order.forEach(o -> sources.add(o.substring(2)));
            assertThat(sources).isEqualTo(expected);
            assertThat(c.rejectionReasons()).allMatch(reason -> reason.startsWith("field [")
                    || reason.startsWith("missing field [time]") || reason.startsWith("not a resource-log record"));
            assertThat(c.events).allMatch(e -> e.getTime() != null
                    && (e.getOperation() != null || e.getCategory() != null));
            return n;
        });
    }

    @Test
    void gzipCutShortOrCorruptedFailsAsAnIoErrorAfterTheRecordsBeforeIt() {
        Fuzz.property("azure-gzip", 300, r -> {
            Layout in = Layout.random(r, 1 + r.nextInt(40));
            byte[] plain = in.bytes();
            byte[] gz = Fuzz.gzip(plain);
            Collected whole = parse(plain);
            boolean corrupt = r.nextBoolean();
            byte[] bad = corrupt ? Fuzz.mutate(gz, r, 3, false) : Arrays.copyOf(gz, 2 + r.nextInt(gz.length - 2)); // from the magic bytes on

            Collected c = new Collected();
            IOException failure = Fuzz.inTime(() -> {
                try {
                    Collected.parseInto(InputFormats.decompressed(new ByteArrayInputStream(bad)), c);
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });

            if (!corrupt) {
                // a stream cut short is an I/O error, never a silent end, and everything before it is as it was
                assertThat(failure).as("cut at %d of %d", bad.length, gz.length).isNotNull();
                assertThat(c.order.size()).isLessThanOrEqualTo(whole.order.size());
                assertThat(c.order).isEqualTo(whole.order.subList(0, c.order.size()));
            }
            if (failure == null) {
                // what the parser saw: the corruption may have hit the magic bytes, and then it is not gzip at all
                boolean gzipped = bad.length >= 2 && bad[0] == (byte) 0x1f && bad[1] == (byte) 0x8b;
                checkAccounted(gzipped ? gunzip(bad) : bad, c);
            } else {
                Fuzz.tally(c.events.size(), c.rejections.size());
            }
            return in.records.size();
        });
    }

    // ---------------------------------------------------------------- deep nesting, huge values

    @Test
    void hundredThousandOpenBracketsAnywhereCostOneRejectionAndReadingGoesOn() {
        String deepArrays = "[".repeat(100_000);
        String deepObjects = "{\"a\":".repeat(100_000);
        String good = Layout.connect(9);
        // each placement, and whether the record holding it is still an event
        Object[][] placements = {
            {deepArrays, false},
            {deepArrays + "]".repeat(100_000), false},
            {deepObjects, false},
            {"{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"x\":" + deepArrays
                    + "]".repeat(100_000) + "}", false},
            {"{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"x\":" + deepObjects, false},
            {"{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"properties\":"
                    + Fuzz.quote("{\"deviceId\":" + deepArrays + "]".repeat(100_000) + "}") + "}", false},
            {"{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"properties\":"
                    + Fuzz.quote("{\"deviceId\":" + deepObjects) + "}", false},
            // an auth description that is not JSON after all is kept as text: not worth losing the record over
            {"{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"properties\":"
                    + Fuzz.quote("{\"authType\":" + Fuzz.quote("{\"type\":" + deepArrays) + "}") + "}", true},
            {"{\"records\":[" + deepArrays, false},
            {"[" + deepObjects, false},
        };
        for (Object[] placement : placements) {
            String deep = (String) placement[0];
            byte[] bytes = Fuzz.b(good + "\n" + deep + "\n" + good + "\n");

            Collected c = parse(bytes);

            checkAccounted(bytes, c);
            assertThat(c.order).as(deep.substring(0, 60)).containsExactly("E " + Collected.src(1),
                    ((Boolean) placement[1] ? "E " : "R ") + Collected.src(2), "E " + Collected.src(3));
        }
    }

    @Test
    void hugeStringsInEveryFieldCostAtMostTheirOwnRecord() {
        Fuzz.property("azure-huge-strings", 2, false, r -> {
            int size = (1 + r.nextInt(4)) << 20; // 1 to 4 MiB
            String huge = Layout.text(r, size);
            String[] fields = {"time", "resourceId", "operationName", "category", "level", "resultType",
                "resultDescription", "unknownField", "properties", "properties.deviceId", "properties.authType"};
            long records = 0;
            for (String field : fields) {
                String record = Layout.withField(Layout.connect(1), field, huge);
                byte[] bytes = Fuzz.b(Layout.connect(0) + "\n" + record + "\n" + Layout.connect(2) + "\n");

                Collected c = parse(bytes);

                checkAccounted(bytes, c);
                assertThat(c.outcomes()).as(field).isEqualTo(3);
                assertThat(c.eventSources()).as(field).contains(Collected.src(1), Collected.src(3));
                records += 3;
            }
            return records;
        });
    }

    @Test
    void stringLongerThanJacksonsLimitIsOneRejection() {
        String tooLong = "z".repeat(21_000_000); // over the 20M-character default of StreamReadConstraints
        byte[] bytes = Fuzz.b(Layout.connect(0) + "\n" + Layout.withField(Layout.connect(1), "properties", tooLong)
                + "\n" + Layout.connect(2) + "\n");

        Collected c = parse(bytes);

        checkAccounted(bytes, c);
        assertThat(c.order).containsExactly("E " + Collected.src(1), "R " + Collected.src(2), "E " + Collected.src(3));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record: ").contains("String value length");
    }

    // ---------------------------------------------------------------- checks

    /**
     * What must hold whatever the input: the parse ends (in time, without throwing), every outcome names a line of
     * the input, every reason is one non-blank line, and input that is not blank
     * yields at least one outcome.
     */
    static void checkAccounted(byte[] input, Collected c) {
        int lines = Fuzz.count(input, (byte) '\n') + 1;
        for (String o : c.order) {
            Matcher m = SOURCE.matcher(o.substring(2));
            assertThat(m.matches()).as("source of %s", o).isTrue();
            int line = Integer.parseInt(m.group(1));
            assertThat(line).as("line of %s in an input of %d lines", o, lines).isBetween(1, lines);
        }
        for (Rejection rj : c.rejections) {
            assertThat(rj.getReason()).as("reason at %s", rj.getSource()).isNotBlank().doesNotContain("\n", "\r")
                    .hasSizeLessThanOrEqualTo(500);
        }
        for (LogEvent e : c.events) {
            assertThat(e.getTime()).as("time of the event at %s", e.getSource()).isNotNull();
        }
        if (!isBlank(input)) {
            assertThat(c.outcomes()).as("outcomes of a non-blank input").isPositive();
        }
        Fuzz.tally(c.events.size(), c.rejections.size());
    }

    private static boolean isBlank(byte[] input) {
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

    private static Collected parse(String text) {
        return parse(Fuzz.b(text));
    }

    /** Outcome kinds ({@code E}/{@code R}) by line. */
    private static Map<Integer, List<String>> byLine(Collected c) {
        Map<Integer, List<String>> m = new TreeMap<>();
        for (String o : c.order) {
            Matcher s = SOURCE.matcher(o.substring(2));
            s.matches();
            m.computeIfAbsent(Integer.parseInt(s.group(1)), x -> new ArrayList<>()).add(o.substring(0, 1));
        }
        return m;
    }

    private static byte[] gunzip(byte[] gz) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> realRecords() {
        List<String> records = new ArrayList<>();
        for (String line : Collected.readResource("doc-samples-resource-logs.jsonl").split("\n")) {
            if (!line.isBlank()) {
                records.add(line.strip());
            }
        }
        return records;
    }

    /** Records laid out in the shapes Azure writes, remembering the line each record starts on. */
    static final class Layout {

        private final StringBuilder text = new StringBuilder();
        private int line = 1;
        final List<String> records = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();

        static Layout random(Random r, int n) {
            Layout in = new Layout();
            while (in.records.size() < n) {
                int shape = r.nextInt(4);
                int k = shape == 0 ? 1 : 1 + r.nextInt(Math.min(6, n - in.records.size()));
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    batch.add(anyRecord(r));
                }
                in.add(shape, batch);
            }
            return in;
        }

        /** Appends {@code batch} as JSON Lines (0), an Event Hubs body (1), a pretty blob (2) or an array (3). */
        void add(int shape, List<String> batch) {
            switch (shape) {
                case 0:
                    for (String rec : batch) {
                        at(line, rec);
                        text.append(rec).append('\n');
                        line++;
                    }
                    break;
                case 1:
                    batch.forEach(rec -> at(line, rec));
                    text.append("{\"records\":[").append(String.join(",", batch)).append("]}\n");
                    line++;
                    break;
                case 2:
                    text.append("{\n  \"records\": [\n");
                    line += 2;
                    for (int i = 0; i < batch.size(); i++) {
                        at(line, batch.get(i));
                        text.append("    ").append(batch.get(i)).append(i + 1 < batch.size() ? ",\n" : "\n");
                        line++;
                    }
                    text.append("  ]\n}\n");
                    line += 2;
                    break;
                default:
                    text.append('[');
                    for (int i = 0; i < batch.size(); i++) {
                        at(line, batch.get(i));
                        text.append(batch.get(i)).append(i + 1 < batch.size() ? ",\n " : "]\n\n");
                        line++;
                    }
                    line++;
            }
        }

        private void at(int l, String rec) {
            records.add(rec);
            lines.add(l);
        }

        byte[] bytes() {
            return Fuzz.b(text.toString());
        }

        static String anyRecord(Random r) {
            switch (r.nextInt(3)) {
                case 0: return REAL_RECORDS.get(r.nextInt(REAL_RECORDS.size()));
                case 1: return connect(r.nextInt(1000));
                default: return wrongRecord(r);
            }
        }

        static String connect(int n) {
            return "{\"time\":\"2024-05-01T10:00:" + String.format("%02d", n % 60) + "Z\",\"resourceId\":"
                    + "\"/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/HUB-A\","
                    + "\"operationName\":\"deviceConnect\",\"category\":\"Connections\",\"level\":\"Error\","
                    + "\"resultType\":\"404104\",\"resultDescription\":\"DeviceConnectionClosedRemotely\","
                    + "\"durationMs\":\"12\",\"properties\":\"{\\\"deviceId\\\":\\\"dev-" + n
                    + "\\\",\\\"protocol\\\":\\\"Mqtt\\\",\\\"authType\\\":\\\"{\\\\\\\"scope\\\\\\\":\\\\\\\"device"
                    + "\\\\\\\",\\\\\\\"type\\\\\\\":\\\\\\\"sas\\\\\\\"}\\\",\\\"maskedIpAddress\\\":\\\"10.0.0.XXX\\\"}\","
                    + "\"location\":\"westeurope\"}";
        }

        private static final String[] FIELDS = {"time", "resourceId", "operationName", "category", "level",
            "Level", "resultType", "resultDescription", "durationMs", "properties", "location", "eventType"};

        /**
         * A well-formed record on one line whose fields may have any JSON type, be missing or repeated, and whose
         * {@code properties} string may hold broken JSON; within Jackson's default limits, so that only the
         * record's own content can be wrong.
         */
        static String wrongRecord(Random r) {
            return r.nextBoolean() ? alteredRecord(r) : randomRecord(r);
        }

        /** A good record with up to three fields dropped, repeated, added or given another value. */
        private static String alteredRecord(Random r) {
            List<String[]> fields = new ArrayList<>();
            fields.add(new String[] {"time", Fuzz.quote("2024-05-01T10:00:0" + r.nextInt(10) + ".5+02:00")});
            fields.add(new String[] {"resourceId", Fuzz.quote("/SUBSCRIPTIONS/S/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/H")});
            fields.add(new String[] {"operationName", Fuzz.quote("deviceConnect")});
            fields.add(new String[] {"category", Fuzz.quote("Connections")});
            fields.add(new String[] {"level", Fuzz.quote("Error")});
            fields.add(new String[] {"resultType", Fuzz.quote("404104")});
            fields.add(new String[] {"properties", Fuzz.quote("{\"deviceId\":\"d-" + r.nextInt(9) + "\"}")});
            for (int k = r.nextInt(4); k > 0; k--) {
                int at = r.nextInt(fields.size());
                String value = r.nextInt(3) == 0 ? Fuzz.quote(brokenProperties(r)) : jsonValue(r, 0);
                switch (r.nextInt(4)) {
                    case 0: fields.remove(at); break;
                    case 1: fields.add(new String[] {fields.get(at)[0], value}); break; // a repeated key
                    case 2: fields.add(r.nextInt(fields.size() + 1), new String[] {text(r, 1 + r.nextInt(6)), value}); break;
                    default: fields.get(at)[1] = value;
                }
            }
            StringBuilder s = new StringBuilder("{");
            for (String[] f : fields) {
                s.append(s.length() > 1 ? "," : "").append(Fuzz.quote(f[0])).append(':').append(f[1]);
            }
            return s.append('}').toString();
        }

        private static String randomRecord(Random r) {
            StringBuilder s = new StringBuilder("{");
            int n = r.nextInt(12);
            for (int i = 0; i < n; i++) {
                String name = r.nextInt(6) == 0 ? text(r, 1 + r.nextInt(8)) : FIELDS[r.nextInt(FIELDS.length)];
                String value;
                switch (r.nextInt(5)) {
                    case 0: value = Fuzz.quote("2024-05-01T10:00:0" + r.nextInt(10) + "Z"); break;
                    case 1: value = Fuzz.quote(r.nextBoolean() ? "deviceConnect" : "Connections"); break;
                    case 2: value = Fuzz.quote(brokenProperties(r)); break;
                    default: value = jsonValue(r, 0);
                }
                s.append(i == 0 ? "" : ",").append(Fuzz.quote(name)).append(':').append(value);
            }
            return s.append('}').toString();
        }

        /** Inner {@code properties} JSON, often mutated into something that is not JSON. */
        private static String brokenProperties(Random r) {
            String inner = "{\"deviceId\":\"dev-" + r.nextInt(99) + "\",\"protocol\":\"Amqp\",\"authType\":"
                    + "\"{\\\"scope\\\":\\\"device\\\",\\\"type\\\":\\\"sas\\\"}\",\"extra\":" + jsonValue(r, 0) + "}";
            if (r.nextInt(3) == 0) {
                return inner;
            }
            return new String(Fuzz.mutate(Fuzz.b(inner), r, 6, false), StandardCharsets.UTF_8);
        }

        /** Any JSON value on one line: every type, odd numbers and escapes, some nesting. */
        static String jsonValue(Random r, int depth) {
            switch (r.nextInt(depth > 6 ? 6 : 9)) {
                case 0: return "null";
                case 1: return r.nextBoolean() ? "true" : "false";
                case 2: return new String[] {"0", "-0", "1e308", "-1.5E-300", "123456789012345678901234567890",
                    "1" + "0".repeat(300), "0.000001"}[r.nextInt(7)];
                case 3: return Fuzz.quote(text(r, r.nextInt(40)));
                case 4: return new String[] {"\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\n\\t\\r\"",
                    "\"\"", "\"   \"", "\"\\u202e\\u2028\"", "\"2024-13-45T99:99:99Z\"", "\"404104\""}[r.nextInt(9)];
                case 5: return Fuzz.quote(r.nextBoolean() ? "Error" : "{\"deviceId\":\"x\"}");
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

        /** Random text of {@code n} characters: ASCII, accents, CJK, emoji halves, controls. */
        static String text(Random r, int n) {
            StringBuilder s = new StringBuilder(n);
            String pool = "abcXYZ019 -_:/{}[]\",\\\u00e9\u00df\u4e2d\u0000\u0007\u2028\ud83d\ude00\ud800";
            for (int i = 0; i < n; i++) {
                s.append(n > 10_000 ? (char) ('a' + i % 26) : pool.charAt(r.nextInt(pool.length())));
            }
            return s.toString();
        }

        /**
         * {@code record} with {@code field} set to the string {@code value}; {@code properties.x} sets field
         * {@code x} inside the {@code properties} string.
         */
        static String withField(String record, String field, String value) {
            String body = record.substring(1, record.length() - 1);
            if (field.startsWith("properties.")) {
                String inner = "{" + Fuzz.quote(field.substring(11)) + ":" + Fuzz.quote(value) + ",\"deviceId\":\"d\"}";
                return "{" + body + ",\"properties\":" + Fuzz.quote(inner) + "}";
            }
            return "{" + body + "," + Fuzz.quote(field) + ":" + Fuzz.quote(value) + "}";
        }
    }
}
