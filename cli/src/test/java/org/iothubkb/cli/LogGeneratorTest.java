package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.Test;

class LogGeneratorTest {

    private static String generate(long records, int devices, long seed) throws IOException {
        StringWriter w = new StringWriter();
        new LogGenerator(LogGenerator.Options.of(records, devices, seed)).write(w);
        return w.toString();
    }

    private static List<LogEvent> parse(String text, List<String> rejected) throws IOException {
        List<LogEvent> events = new ArrayList<>();
        new AzureMonitorLogsParser().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "gen",
                events::add, (where, why) -> rejected.add(where + " " + why));
        return events;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        String a = generate(3_000, 200, 7);
        assertThat(generate(3_000, 200, 7)).isEqualTo(a);
        assertThat(generate(3_000, 200, 8)).isNotEqualTo(a);
        assertThat(a.lines()).hasSize(3_000);
    }

    @Test
    void everyRecordIsAValidResourceLogRecordOfEveryCategory() throws IOException {
        List<String> rejected = new ArrayList<>();
        List<LogEvent> events = parse(generate(20_000, 1_000, 42), rejected);

        assertThat(rejected).isEmpty();
        assertThat(events).hasSize(20_000);
        Set<String> categories = new TreeSet<>();
        events.forEach(e -> categories.add(e.getCategory()));
        assertThat(categories).containsExactlyInAnyOrder("Connections", "DeviceTelemetry", "C2DCommands",
                "DeviceIdentityOperations", "FileUploadOperations", "Routes", "D2CTwinOperations",
                "C2DTwinOperations", "TwinQueries", "JobsOperations", "DirectMethods", "DistributedTracing",
                "Configurations", "DeviceStreams");
        long errors = events.stream().filter(e -> "Error".equals(e.getLevel())).count();
        assertThat(errors / 20_000.0).isBetween(0.03, 0.07);
        assertThat(events.stream().map(LogEvent::getDeviceId).filter(d -> d != null).distinct().count())
                .isGreaterThan(900);
    }

    @Test
    void recordsArriveMostlyInOrderAndNeverLaterThanTheStatedDelay() throws IOException {
        List<LogEvent> events = parse(generate(20_000, 1_000, 42), new ArrayList<>());
        long newest = Long.MIN_VALUE;
        int late = 0;
        for (LogEvent e : events) {
            long t = e.getTimestampMillis();
            if (t < newest) {
                late++;
                assertThat(newest - t).isLessThanOrEqualTo(LogGenerator.MAX_DELAY_MILLIS);
            }
            newest = Math.max(newest, t);
        }
        assertThat(late).isBetween(20, 2_000);
    }

    @Test
    void errorEpisodesCarryTheChainsTheRulesKnow() throws IOException {
        String text = generate(20_000, 1_000, 42);
        // A reconnect race: 404104 then 409002 from the same device.
        assertThat(text).contains("\"resultType\":\"409002\"", "\"resultType\":\"401003\"",
                "\"resultType\":\"400027\"", "\"resultType\":\"429001\"", "\"resultType\":\"403004\"",
                "\"resultType\":\"404103\"", "\"resultType\":\"412002\"");
        LogGenerator.Stats stats = new LogGenerator(LogGenerator.Options.of(20_000, 1_000, 42))
                .write(new StringWriter());
        assertThat(stats.records()).isEqualTo(20_000);
        assertThat(stats.episodes()).isGreaterThan(300);
        assertThat(stats.hubIncidents()).isZero();
        assertThat(new LogGenerator(LogGenerator.Options.of(200_000, 1_000, 1)).write(Writer.nullWriter())
                .hubIncidents()).isEqualTo(1);
        assertThat(new LogGenerator(LogGenerator.Options.of(200_000, 1_000, 1).withoutHubDrops())
                .write(Writer.nullWriter()).hubIncidents()).isZero();
    }
}
