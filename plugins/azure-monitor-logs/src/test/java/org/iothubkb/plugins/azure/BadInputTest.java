package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.azure.Collected.parse;
import static org.iothubkb.plugins.azure.Collected.readResource;
import static org.iothubkb.plugins.azure.Collected.src;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.junit.jupiter.api.Test;

/** Content that is not good JSON or not a record: rejected at the right line, and everything else still read. */
class BadInputTest {

    private static String connect(int n) {
        return "{\"time\":\"2024-05-01T10:00:" + String.format("%02d", n % 60) + "Z\",\"operationName\":\"deviceConnect\","
                + "\"category\":\"Connections\",\"properties\":\"{\\\"deviceId\\\":\\\"dev-" + n + "\\\"}\"}";
    }

    private static List<String> deviceIds(Collected c) {
        return c.events.stream().map(LogEvent::getDeviceId).collect(Collectors.toList());
    }

    @Test
    void garbageLineInTheMiddleIsRejectedAndTheRestIsRead() {
        String text = connect(1) + "\n" + "2024-05-01 10:00:02 INFO some other log line\n" + connect(3) + "\n"
                + connect(4) + "\n";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3), "E " + src(4));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-3", "dev-4");
        assertThat(c.rejections.get(0).getReason())
                .isEqualTo("line is not JSON: [2024-05-01 10:00:02 INFO some other log line]");
    }

    @Test
    void consecutiveGarbageLinesCostOneRejectionNamingThem() {
        String text = connect(1) + "\nERROR\nat java.base/Thread.run\n\n  caused by: nothing\n" + connect(6) + "\n";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(6));
        assertThat(c.rejections.get(0).getReason()).isEqualTo("line is not JSON: [ERROR]; skipped lines 3-5");
    }

    @Test
    void truncatedLastRecordIsRejectedAtItsLine() {
        String text = connect(1) + "\n" + connect(2) + "\n"
                + "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceConn";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("E " + src(1), "E " + src(2), "R " + src(3));
        assertThat(c.rejections.get(0).getReason()).isEqualTo("truncated: the input ends inside this record");
    }

    @Test
    void truncatedPrettyPrintedBlobKeepsTheRecordsBeforeTheCut() {
        String blob = readResource("hourly-blob-pretty.json");
        String cut = blob.substring(0, blob.indexOf("\"resultType\": \"403004\"")); // inside the record at line 23

        Collected c = parse(cut);

        assertThat(c.order).containsExactly("E " + src(3), "E " + src(12), "R " + src(23));
        assertThat(c.rejections.get(0).getReason()).isEqualTo("truncated: the input ends inside this record");
    }

    @Test
    void blobCutBetweenRecordsIsRejectedAtTheBlob() {
        String blob = readResource("hourly-blob-pretty.json");
        String cut = blob.substring(0, blob.indexOf("    {", blob.indexOf("\"time\": \"2018-12-17T18:19:25"))); // after "},"

        Collected c = parse(cut);

        assertThat(c.order).containsExactly("E " + src(3), "E " + src(12), "R " + src(1));
        assertThat(c.rejections.get(0).getReason())
                .isEqualTo("truncated: the input ends inside the JSON value that starts here");
    }

    @Test
    void recordCutShortMidFileDoesNotSwallowTheNextRecord() {
        // a writer died mid-record, and the next writer appended whole lines
        String text = connect(1) + "\n" + "{\"time\":\"2024-05-01T10:00:02Z\",\"operationName\":\"deviceConnect\",\n"
                + connect(3) + "\n" + connect(4) + "\n";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3), "E " + src(4));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record on line 3: Unexpected character");
    }

    @Test
    void recordCutInsideAStringMidFileDoesNotSwallowTheNextRecord() {
        String text = connect(1) + "\n" + "{\"time\":\"2024-05-01T10:00:02Z\",\"operationName\":\"devi\n"
                + connect(3) + "\n";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record: ");
    }

    @Test
    void syntaxErrorInsideAPrettyPrintedBlobCostsOnlyThatRecord() {
        String blob = readResource("hourly-blob-pretty.json").replace("\"level\": \"Error\",\n      \"resultType\": \"404104\"",
                "\"level\": Error,\n      \"resultType\": \"404104\"");
        assertThat(blob.split("\n")[16]).isEqualTo("      \"level\": Error,"); // line 17, in the record at line 12

        Collected c = parse(blob);

        assertThat(c.order).containsExactly("E " + src(3), "R " + src(12), "E " + src(23));
        assertThat(c.rejections.get(0).getReason())
                .startsWith("invalid JSON in record on line 17: Unexpected character ('E' (code 69))")
                .endsWith("; skipped lines 17-21");
        assertThat(c.events.get(1).getHub()).isEqualTo("JUANHUB1");
    }

    @Test
    void syntaxErrorInAnEventHubsBodyCostsTheRestOfThatLineOnly() {
        String body = "{\"records\":[" + connect(1) + "," + connect(2).replace("\"category\":\"Connections\"",
                "\"category\":Connections") + "," + connect(3) + "]}";

        Collected c = parse(body + "\n" + connect(4) + "\n");

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(1), "E " + src(2));
        assertThat(deviceIds(c)).containsExactly("dev-1", "dev-4");
        assertThat(c.rejections.get(0).getReason())
                .startsWith("invalid JSON in record: Unexpected character ('C' (code 67))")
                .endsWith("; the rest of the line is skipped");
    }

    @Test
    void valuesThatAreNotObjectsAreRejectedOneByOne() {
        String text = "42\n\"deviceConnect\"\nnull\n{\"records\":[" + connect(4) + ", 7, [\"a\"], \"x\"]}\n[true]\n";

        Collected c = parse(text);

        assertThat(c.order).containsExactly("R " + src(1), "R " + src(2), "R " + src(3), "E " + src(4),
                "R " + src(4), "R " + src(4), "R " + src(4), "R " + src(5));
        assertThat(c.rejectionReasons()).containsExactly(
                "record is not a JSON object: found a number",
                "record is not a JSON object: found a string",
                "record is not a JSON object: found null",
                "record is not a JSON object: found a number",
                "record is not a JSON object: found an array",
                "record is not a JSON object: found a string",
                "record is not a JSON object: found a boolean");
    }

    @Test
    void strayClosingBracketsWithoutAnEarlierErrorAreReported() {
        Collected c = parse(connect(1) + "\n]}\n" + connect(3) + "\n");

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3));
        assertThat(c.rejections.get(0).getReason()).isEqualTo("line is not JSON: []}]");
    }

    @Test
    void junkAfterAValueOnTheSameLineIsReported() {
        Collected c = parse(connect(1) + " trailing junk\n" + connect(2) + "\n");

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(1), "E " + src(2));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON after the value on this line: ");
    }

    @Test
    void excessiveNestingIsRejectedAndReadingGoesOn() {
        String deep = "{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"x\":" + "[".repeat(5000)
                + "]".repeat(5000) + "}";

        Collected c = parse(deep + "\n" + connect(2) + "\n");

        assertThat(c.order).containsExactly("R " + src(1), "E " + src(2));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record: ").contains("nesting depth");
    }

    @Test
    void propertiesStringNestedBeyondJacksonsLimitIsRejectedNotThrown() {
        // #6, found by fuzzing: Jackson reports its nesting limit without a location, and the reason asked for one
        String record = "{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"properties\":\"{\\\"deviceId\\\":"
                + "[".repeat(1001) + "\"}";

        Collected c = parse(record + "\n" + connect(2) + "\n");

        assertThat(c.order).containsExactly("R " + src(1), "E " + src(2));
        assertThat(c.rejections.get(0).getReason()).startsWith("field [properties] is not valid JSON: ")
                .contains("nesting depth");
    }

    @Test
    void invalidUtf8IsRejectedAndReadingGoesOn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((connect(1) + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("{\"time\":\"2024-05-01T10:00:02Z\",\"category\":\"Routes\",\"level\":\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.writeBytes(("\"}\n" + connect(3) + "\n").getBytes(StandardCharsets.UTF_8));

        Collected c = parse(out.toByteArray());

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record: Invalid UTF-8");
    }

    @Test
    void brokenLineLongerThanTheRetainedLineLimitIsSkippedWhole() {
        String huge = "{\"time\":\"2024-05-01T10:00:01Z\",\"category\":\"Routes\",\"pad\":\""
                + "y".repeat(LineFeeder.MAX_RETAINED_LINE + 10) + "\", oops}";

        Collected c = parse(connect(0) + "\n" + huge + "\n" + connect(3) + "\n");

        assertThat(c.order).containsExactly("E " + src(1), "R " + src(2), "E " + src(3));
        assertThat(c.rejections.get(0).getReason()).startsWith("invalid JSON in record: ");
    }

    @Test
    void everyRecordSeenIsExactlyOneEventOrOneRejection() {
        // Records of every kind, in every shape; none of the syntax is broken, so all of them are countable.
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        int records = 0;
        int good = 0;
        int line = 0;
        while (records < 3_000) {
            int shape = random.nextInt(4);
            int n = shape == 0 ? 1 : 1 + random.nextInt(5);
            String[] picked = new String[n];
            for (int i = 0; i < n; i++) {
                int kind = random.nextInt(6);
                picked[i] = kindOf(kind, records + i);
                if (kind == 0) {
                    good++;
                }
            }
            records += n;
            switch (shape) {
                case 0: // JSON Lines
                    text.append(picked[0]).append('\n');
                    line++;
                    break;
                case 1: // Event Hubs body
                    text.append("{\"records\":[").append(String.join(",", picked)).append("]}\n");
                    line++;
                    break;
                case 2: // pretty-printed blob
                    text.append("{\n  \"records\": [\n    ").append(String.join(",\n    ", picked)).append("\n  ]\n}\n");
                    line += n + 4;
                    break;
                default: // top-level array
                    text.append("[").append(String.join(",\n ", picked)).append("]\n\n");
                    line += n + 1;
            }
        }

        Collected c = parse(text.toString());
        int lastLine = line;

        assertThat(c.outcomes()).isEqualTo(records);
        assertThat(c.events).hasSize(good);
        assertThat(c.rejections).hasSize(records - good);
        assertThat(c.rejectionReasons()).allMatch(r -> r.startsWith("field [time]") || r.startsWith("missing field")
                || r.startsWith("field [properties]") || r.startsWith("not a resource-log record")
                || r.startsWith("record is not a JSON object"));
        assertThat(c.rejections).extracting(Rejection::getSource)
                .allMatch(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1)) <= lastLine);
    }

    private static String kindOf(int kind, int n) {
        switch (kind) {
            case 0: return connect(n);
            case 1: return connect(n).replace("2024-05-01T10:00:", "UTC timestamp ");
            case 2: return connect(n).replace("\\\"dev-" + n + "\\\"", "<deviceId>");
            case 3: return "{\"eventType\":\"Microsoft.Devices.DeviceConnected\",\"eventTime\":\"2024-05-01T10:00:00Z\"}";
            case 4: return "\"not a record " + n + "\"";
            default: return connect(n).replace("\"time\":", "\"timestamp\":");
        }
    }

    @Test
    void inputCutAtAnyByteNeverThrowsAndNeverInventsRecords() {
        byte[] full = readResource("mixed-shapes.json").getBytes(StandardCharsets.UTF_8);
        List<String> all = parse(full).eventSources();

        for (int cut = 0; cut <= full.length; cut++) {
            byte[] head = java.util.Arrays.copyOf(full, cut);
            Collected c = parse(head);
            // the events are the full input's first ones; at most one rejection, for the value cut short
            assertThat(c.eventSources()).isEqualTo(all.subList(0, c.events.size()));
            assertThat(c.rejections).as("cut at %d", cut).hasSizeLessThanOrEqualTo(1);
            assertThat(c.rejectionReasons()).allMatch(r -> r.startsWith("truncated:")
                    || r.startsWith("field [") || r.startsWith("missing field [time]")
                    || r.startsWith("not a resource-log record"));
        }
    }

    @Test
    void randomlyCorruptedInputNeverThrowsAndEndsEveryTime() {
        byte[] full = (readResource("mixed-shapes.json") + readResource("hourly-blob-pretty.json")
                + readResource("eventhubs-bodies.jsonl")).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        byte[] alphabet = "{}[]\",:\\ \n\tx0-".getBytes(StandardCharsets.UTF_8);

        for (int round = 0; round < 300; round++) {
            byte[] bytes = full.clone();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }

            Collected c = parse(bytes);

            int lines = 1;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            int lastLine = lines;
            assertThat(c.events.size()).as("round %d", round).isLessThanOrEqualTo(17 + 3);
            assertThat(c.order).as("round %d", round).allMatch(o -> {
                int l = Integer.parseInt(o.substring(o.lastIndexOf(':') + 1));
                return l >= 1 && l <= lastLine;
            });
        }
    }
}
