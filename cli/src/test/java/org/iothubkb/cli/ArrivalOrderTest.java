package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event time, not arrival order, decides what the rules conclude: a property test over a generated fleet log with
 * every example scenario mixed in. Each seed rearranges the records so that none arrives more than the session's
 * lateness behind the newest one before it, and the diagnoses must be exactly those of the time-sorted log. Records
 * moved further than that are counted as late and still processed.
 */
class ArrivalOrderTest {

    private static final Duration LATENESS = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Line(Instant time, int index, String text) {
    }

    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    private static KnowledgeBase kb;
    private static List<Line> sorted;
    private static List<String> baseline;
    /** The same log with every time cut to the whole second, as some exports write it: many records tie. */
    private static List<Line> coarse;
    private static List<String> coarseBaseline;

    @BeforeAll
    static void diagnoseTheTimeSortedLog() throws IOException {
        kb = KnowledgeBase.builder().build();
        StringWriter generated = new StringWriter();
        // 20 records/s over 400 devices: about 7 minutes of a busy, somewhat unhealthy fleet.
        new LogGenerator(new LogGenerator.Options(8_000, 400, 11, 20,
                Instant.parse("2026-11-02T07:58:00Z"), false)).write(generated);
        List<String> texts = new ArrayList<>(generated.toString().lines().toList());
        try (Stream<Path> examples = Files.list(Path.of(System.getProperty("iothubkb.examples", "../examples")))) {
            for (Path p : examples.filter(p -> p.toString().endsWith(".jsonl") && !p.toString().contains(".facts."))
                    .sorted().toList()) {
                texts.addAll(Files.readAllLines(p));
            }
        }
        List<Line> lines = new ArrayList<>();
        for (String t : texts) {
            if (!t.isBlank()) {
                lines.add(new Line(Instant.parse(JSON.readTree(t).get("time").asText()), lines.size(), t));
            }
        }
        lines.sort(Comparator.comparing(Line::time).thenComparing(Line::index));
        sorted = lines;
        coarse = new ArrayList<>();
        for (Line l : lines) {
            Instant second = l.time().truncatedTo(ChronoUnit.SECONDS);
            Matcher m = TIME.matcher(l.text());
            assertThat(m.find()).as(l.text()).isTrue();
            coarse.add(new Line(second, l.index(), l.text().substring(0, m.start(1)) + second
                    + l.text().substring(m.end(1))));
        }
        coarseBaseline = outline(diagnose(coarse));
        DiagnosisReport report = diagnose(lines);
        assertThat(report.getSummary().getLateEvents()).isZero();
        baseline = outline(report);
        // Enough, and varied enough, that a change of order would show.
        assertThat(baseline).hasSizeGreaterThan(40);
        assertThat(report.getDiagnoses().stream().map(Diagnosis::getErrorCode).distinct().count())
                .isGreaterThan(8);
        assertThat(report.getDiagnoses().stream().filter(d -> d.getRootCauseId() != null).count()).isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void anyArrivalOrderWithinTheLatenessGivesExactlyTheSameDiagnoses(long seed) throws IOException {
        assertSameDiagnosesWhenShuffled(sorted, baseline, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5})
    void recordsOfTheSameInstantGiveTheSameDiagnosesInAnyArrivalOrder(long seed) throws IOException {
        assertSameDiagnosesWhenShuffled(coarse, coarseBaseline, seed);
    }

    private static void assertSameDiagnosesWhenShuffled(List<Line> lines, List<String> expected, long seed)
            throws IOException {
        // Each record arrives at its event time plus a delay under the lateness: then no record can arrive more than
        // the lateness behind a record before it, whatever the draw.
        SplittableRandom random = new SplittableRandom(seed);
        Map<Line, Long> arrival = new HashMap<>();
        for (Line l : lines) {
            arrival.put(l, l.time().toEpochMilli() * 1000 + random.nextLong(LATENESS.toMillis() * 1000));
        }
        List<Line> shuffled = new ArrayList<>(lines);
        shuffled.sort(Comparator.comparing(arrival::get));
        assertThat(shuffled).as("the draw must actually reorder").isNotEqualTo(lines);

        DiagnosisReport report = diagnose(shuffled);

        assertThat(report.getSummary().getLateEvents()).isZero();
        assertThat(report.getSummary().getRecordsRead()).isEqualTo(lines.size());
        assertThat(outline(report)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {6, 7})
    void oneFilePerCategoryGivenInAnyOrderGivesTheDiagnosesOfTheMergedLog(long seed, @TempDir Path dir)
            throws Exception {
        // Azure archives one blob per category and hour: the records of one incident are spread over several files.
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<Line>> byCategory = new java.util.TreeMap<>();
        for (Line l : sorted) {
            byCategory.computeIfAbsent(JSON.readTree(l.text()).path("category").asText(), c -> new ArrayList<>())
                    .add(l);
        }
        assertThat(byCategory).hasSizeGreaterThan(10);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<Line>> e : byCategory.entrySet()) {
            List<Line> part = new ArrayList<>(e.getValue());
            Map<Line, Long> arrival = new HashMap<>();
            part.forEach(l -> arrival.put(l, l.time().toEpochMilli() * 1000
                    + random.nextLong(LATENESS.toMillis() * 1000)));
            part.sort(Comparator.comparing(arrival::get));
            StringBuilder text = new StringBuilder();
            part.forEach(l -> text.append(l.text()).append('\n'));
            files.add(Files.writeString(dir.resolve(e.getKey() + ".json"), text));
        }
        java.util.Collections.shuffle(files, new java.util.Random(seed));

        DiagnosisSession session = kb.newSession(SessionOptions.defaults().withMaxLateness(LATENESS));
        List<InputMerger.Feed> feeds = new ArrayList<>();
        for (Path f : files) {
            feeds.add(InputMerger.feed(new Inputs.Input(f.toString(), f), List.of(new AzureMonitorLogsParser()),
                    java.io.InputStream.nullInputStream(), Progress.off()));
        }
        InputMerger.merge(feeds, session);
        DiagnosisReport report = session.close();

        assertThat(report.getSummary().getLateEvents()).isZero();
        assertThat(report.getSummary().getRecordsRead()).isEqualTo(sorted.size());
        assertThat(outline(report)).containsExactlyElementsOf(baseline);
    }

    @Test
    void recordsLaterThanTheLatenessAreCountedAsLateAndStillProcessed() throws IOException {
        // Every 500th record is held back to the very end, behind records more than the lateness newer than it.
        List<Line> moved = new ArrayList<>();
        List<Line> rest = new ArrayList<>();
        Instant last = sorted.get(sorted.size() - 1).time();
        for (Line l : sorted) {
            boolean farEnough = l.time().plus(LATENESS).isBefore(last);
            (l.index() % 500 == 7 && farEnough ? moved : rest).add(l);
        }
        assertThat(moved).hasSizeGreaterThan(10);
        List<Line> arrival = new ArrayList<>(rest);
        arrival.addAll(moved);

        DiagnosisReport report = diagnose(arrival);

        assertThat(report.getSummary().getLateEvents()).isEqualTo(moved.size());
        assertThat(report.getSummary().getEventsAccepted()).isEqualTo(sorted.size());
        assertThat(report.getSummary().getRecordsRejected()).isZero();
    }

    private static DiagnosisReport diagnose(List<Line> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.text()).append('\n'));
        DiagnosisSession session = kb.newSession(SessionOptions.defaults().withMaxLateness(LATENESS));
        new AzureMonitorLogsParser().parse(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                "arrival.jsonl", session::submit, (where, why) -> session.reject(new Rejection(where, why)));
        return session.close();
    }

    /**
     * Each diagnosis as a line, without what depends on arrival (ids, line numbers): what was concluded, about
     * whom, when, how often, on which records, and under which root cause. Sorted, so lists compare as sets with
     * counts.
     */
    private static List<String> outline(DiagnosisReport report) {
        Map<String, Diagnosis> byId = new HashMap<>();
        report.getDiagnoses().forEach(d -> byId.put(d.getId(), d));
        List<String> out = new ArrayList<>();
        for (Diagnosis d : report.getDiagnoses()) {
            Diagnosis root = d.getRootCauseId() == null ? null : byId.get(d.getRootCauseId());
            out.add(head(d) + " occurrences=" + d.getOccurrences() + " evidence=" + evidence(d)
                    + (root == null ? "" : " root=[" + head(root) + "]"));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static String head(Diagnosis d) {
        return d.getErrorCode() + "/" + d.getCause() + " " + d.getSeverity() + " " + d.getScope() + " "
                + d.getHub() + "/" + d.getDeviceId() + "/" + d.getModuleId() + " " + d.getFirstSeen() + ".."
                + d.getLastSeen();
    }

    private static String evidence(Diagnosis d) {
        List<String> records = new ArrayList<>();
        for (LogEvent e : d.getEvidence()) {
            records.add(e.getTime() + " " + e.getDeviceId() + " " + e.getCategory() + "/" + e.getOperation() + " "
                    + e.getErrorCode());
        }
        records.sort(Comparator.naturalOrder());
        return records.toString();
    }
}
