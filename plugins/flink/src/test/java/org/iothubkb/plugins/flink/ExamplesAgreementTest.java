package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.core.internal.FactsParser;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.InputFormats;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.iothubkb.plugins.azure.LogAnalyticsExportParser;
import org.iothubkb.plugins.eventgrid.EventGridParser;
import org.iothubkb.plugins.flink.DiagnosisJob.Partitioning;
import org.iothubkb.plugins.flink.DiagnosisJobTest.JobOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8's "the CLI and the job agree on every example": each example the CLI diagnoses, in whatever format it is
 * written, replayed through the job ({@link DiagnosisJob#replay}) gives the diagnoses and rejected records of one
 * plain {@link DiagnosisSession} fed by the parser the CLI picks for it.
 */
class ExamplesAgreementTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final java.nio.file.Path EXAMPLES = Paths.get("../../examples").toAbsolutePath().normalize();

    /**
     * The parser the CLI reads each example with (docs and the CLI's own tests name them): the event facts with
     * kb-core's, the Event Grid export with the Event Grid plugin's, the rest with the resource-log parser. A new
     * example fails {@link #everyExampleIsReadByTheParserTheCliPicks} until it is added here.
     */
    private static final Map<String, Supplier<EventParser>> CLI_PARSERS = Map.of(
            "commands-and-methods.jsonl", AzureMonitorLogsParser::new,
            "credentials-rejected.jsonl", AzureMonitorLogsParser::new,
            "event-grid-flapping.json", EventGridParser::new,
            "mass-disconnect.jsonl", AzureMonitorLogsParser::new,
            "reconnect-race.facts.jsonl", FactsParser::new,
            "reconnect-race.jsonl", AzureMonitorLogsParser::new,
            "shared-identity.jsonl", AzureMonitorLogsParser::new,
            "token-renewal.jsonl", AzureMonitorLogsParser::new);

    /** Built once: the knowledge base is immutable, and building it is the slow part of a plain run. */
    private static KnowledgeBase kb;

    /**
     * What the CLI reads and reports for one input: its events in the order the parser gave them, its diagnoses as
     * JSON, and its rejected records as "source | reason".
     */
    record CliRun(List<String> events, List<JsonObject> diagnoses, List<String> rejected) {
    }

    /** What the job read and reported: its events as they left the reader, and both outputs. */
    record JobRun(List<String> events, JobOutput output) {
    }

    /** The inputs of {@code diagnose} in examples/: every top-level JSON or JSON Lines file. */
    static List<String> examples() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(EXAMPLES)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json") || n.endsWith(".jsonl"))
                    .sorted().toList();
        }
    }

    /**
     * Every example keyed by hub, and keyed by device except {@code mass-disconnect.jsonl} at parallelism 2 (the
     * fleet incident needs the whole hub in one session; DiagnosisJobTest holds that known gap).
     */
    static Stream<Arguments> runs() throws IOException {
        List<Arguments> runs = new ArrayList<>();
        for (String example : examples()) {
            for (int parallelism : new int[] {1, 2}) {
                runs.add(arguments(example, parallelism, Partitioning.HUB));
                if (parallelism == 1 || !example.equals("mass-disconnect.jsonl")) {
                    runs.add(arguments(example, parallelism, Partitioning.DEVICE));
                }
            }
        }
        return runs.stream();
    }

    @Test
    void everyExampleIsReadByTheParserTheCliPicks() throws IOException {
        // The job picks with the CLI's code (InputFormats.pick over the parsers ServiceLoader finds); the class path
        // order decides between two parsers that both recognise a head (the facts file has a "category" key, which
        // the resource-log parser recognises too), so this also checks that the order here is the CLI's.
        List<EventParser> parsers = PluginRegistry.discover(ExamplesAgreementTest.class.getClassLoader()).parsers();

        assertThat(examples()).as("examples/ inputs").hasSizeGreaterThanOrEqualTo(8)
                .containsExactlyInAnyOrderElementsOf(CLI_PARSERS.keySet());
        for (String example : examples()) {
            try (BufferedInputStream in = InputFormats.decompressed(Files.newInputStream(EXAMPLES.resolve(example)))) {
                assertThat(InputFormats.pick(parsers, InputFormats.head(in)).id()).as(example)
                        .isEqualTo(CLI_PARSERS.get(example).get().id());
            }
        }
    }

    @ParameterizedTest(name = "{0} at parallelism {1}, keyed by {2}")
    @MethodSource("runs")
    void theJobAndTheCliAgreeOnTheExample(String example, int parallelism, Partitioning partitioning)
            throws Exception {
        java.nio.file.Path file = EXAMPLES.resolve(example);
        CliRun cli = cli(file, CLI_PARSERS.get(example).get());

        JobRun run = replayWatchingEvents(file, parallelism, partitioning);
        JobOutput job = run.output();

        // Event Grid's example flaps without error codes and no built-in rule concludes on it: the events read
        // are then what shows that the job read it as the CLI does.
        assertThat(cli.events()).as("the example's events in the CLI").isNotEmpty();
        assertThat(run.events()).containsExactlyElementsOf(cli.events());
        if (!example.startsWith("event-grid")) {
            assertThat(cli.diagnoses()).as("the example's diagnoses in the CLI").isNotEmpty();
        }
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
        assertThat(rejected(job)).containsExactlyInAnyOrderElementsOf(cli.rejected());
    }

    @Test
    void aTruncatedEventGridArrayKeepsTheEventsBeforeTheCutAndRejectsItsLine(@TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] whole = Files.readAllBytes(EXAMPLES.resolve("event-grid-flapping.json"));
        java.nio.file.Path file = dir.resolve("flapping-cut.json");
        Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
        CliRun cli = cli(file, new EventGridParser());

        JobRun run = replayWatchingEvents(file, 2, Partitioning.HUB);
        JobOutput job = run.output();

        assertThat(cli.events()).as("events before the cut").isNotEmpty();
        assertThat(run.events()).containsExactlyElementsOf(cli.events());
        assertThat(cli.rejected()).as("the CLI's rejections").singleElement().asString()
                .startsWith(file + ":").doesNotStartWith(file + ":1 ");
        assertThat(rejected(job)).containsExactlyElementsOf(cli.rejected());
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
    }

    @Test
    void aFactsFileWithBadLinesRejectsThoseLinesAndDiagnosesTheRest(@TempDir java.nio.file.Path dir)
            throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLES.resolve("reconnect-race.facts.jsonl")));
        lines.add(2, "{\"time\":\"2026-11-02T08:00:20Z\",\"deviceId\":\"press-07\",");
        lines.add(5, "{\"time\":\"2026-11-02T08:00:40Z\",\"deviceId\":\"press-07\",\"colour\":\"red\"}");
        java.nio.file.Path file = dir.resolve("broken.facts.jsonl");
        Files.write(file, lines);
        CliRun cli = cli(file, new FactsParser());

        JobRun run = replayWatchingEvents(file, 2, Partitioning.DEVICE);
        JobOutput job = run.output();

        assertThat(run.events()).containsExactlyElementsOf(cli.events());
        assertThat(cli.rejected()).as("the CLI's rejections").hasSize(2);
        assertThat(rejected(job)).containsExactlyElementsOf(cli.rejected());
        assertThat(job.rejected()).extracting(r -> r.getString("source")).containsExactly(file + ":3", file + ":6");
        assertThat(cli.diagnoses()).isNotEmpty();
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
    }

    @ParameterizedTest(name = "named {0}")
    @ValueSource(strings = {"flapping.json.gz", "flapping.export"})
    void gzipIsRecognisedByItsBytesAndTheFormatByItsContentAsInTheCli(String name, @TempDir java.nio.file.Path dir)
            throws Exception {
        // The CLI looks at the first bytes, not at the name: a gzip file without .gz is still read.
        java.nio.file.Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            Files.copy(EXAMPLES.resolve("event-grid-flapping.json"), out);
        }
        CliRun cli = cli(file, new EventGridParser());

        JobRun run = replayWatchingEvents(file, 1, Partitioning.HUB);
        JobOutput job = run.output();

        assertThat(cli.events()).hasSize(13).allSatisfy(e -> assertThat(e).contains(file + ":"));
        assertThat(run.events()).containsExactlyElementsOf(cli.events());
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
        assertThat(job.rejected()).isEmpty();
    }

    @Test
    void aTruncatedGzipFileBreaksOffWithOneRejectionNamingTheFileAndTheLastRecordRead(
            @TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path whole = dir.resolve("whole.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            for (int i = 0; i < 3; i++) {
                // Enough records that the cut falls well after the first ones.
                Files.copy(EXAMPLES.resolve("token-renewal.jsonl"), out);
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        java.nio.file.Path file = dir.resolve("token-renewal-cut.jsonl.gz");
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 3 / 4));
        CliRun cli = cli(file, new AzureMonitorLogsParser());

        JobOutput job = replay(file, 1, Partitioning.DEVICE);

        assertThat(cli.rejected()).as("the CLI's rejections").last().asString()
                .startsWith(file + " | the input breaks off: the gzip data ends early");
        assertThat(rejected(job)).containsExactlyElementsOf(cli.rejected());
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csv", "json"})
    void aLogAnalyticsExportIsReadAsTheCliReadsIt(String format, @TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("reconnect-race-export." + format);
        List<JsonObject> records = new ArrayList<>();
        for (String line : Files.readAllLines(EXAMPLES.resolve("reconnect-race.jsonl"))) {
            records.add(DiagnosisJobTest.parse(line));
        }
        Files.writeString(file, format.equals("csv") ? exportCsv(records) : exportJson(records));
        CliRun cli = cli(file, new LogAnalyticsExportParser());

        JobOutput job = replay(file, 2, Partitioning.HUB);

        assertThat(cli.diagnoses()).as("the export's diagnoses in the CLI").isNotEmpty();
        assertThat(cli.rejected()).isEmpty();
        assertThat(DiagnosisJobTest.comparable(job.diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
        assertThat(job.rejected()).isEmpty();
    }

    @ParameterizedTest(name = "{0} read as {1}")
    @CsvSource({"event-grid-flapping.json, facts", "reconnect-race.jsonl, event-grid"})
    void aNamedInputFormatReadsTheFileWithThatParserAsTheCliDoes(String example, String inputFormat)
            throws Exception {
        java.nio.file.Path file = EXAMPLES.resolve(example);
        EventParser named = PluginRegistry.discover(getClass().getClassLoader()).parser(inputFormat).orElseThrow();
        CliRun cli = cli(file, named);

        JobRun run = replayWatchingEvents(file, inputFormat, 1, Partitioning.HUB);

        // The wrong parser on purpose: what it makes of the file shows that it, not the recognised one, read it.
        assertThat(cli.rejected()).as("the CLI's rejections").isNotEmpty();
        assertThat(rejected(run.output())).containsExactlyElementsOf(cli.rejected());
        assertThat(run.events()).containsExactlyElementsOf(cli.events());
        assertThat(DiagnosisJobTest.comparable(run.output().diagnoses()))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(cli.diagnoses()));
    }

    @Test
    void anUnknownInputFormatIsRefusedBeforeTheJobIsBuilt(@TempDir java.nio.file.Path dir) {
        String example = EXAMPLES.resolve("reconnect-race.jsonl").toString();

        assertThatThrownBy(() -> DiagnosisJob.main(new String[] {"--input", example, "--input-format", "syslog",
            "--output", dir.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown input format [syslog]")
                .hasMessageContaining("event-grid").hasMessageContaining("facts").hasMessageContaining("log-analytics");
    }

    /** The resource-log fields and the AzureDiagnostics columns Log Analytics keeps them in. */
    private static final String[][] COLUMNS = {
        {"time", "TimeGenerated [UTC]"}, {"resourceId", "_ResourceId"}, {"operationName", "OperationName"},
        {"category", "Category"}, {"level", "Level"}, {"resultType", "ResultType"},
        {"resultDescription", "ResultDescription"}, {"durationMs", "DurationMs"}, {"location", "Location"},
        {"properties", "properties_s"},
    };

    /** The records as the portal's CSV export: a header, then one quoted row per record. */
    private static String exportCsv(List<JsonObject> records) {
        StringBuilder csv = new StringBuilder();
        for (String[] c : COLUMNS) {
            csv.append(csv.isEmpty() ? "" : ",").append(c[1]);
        }
        csv.append('\n');
        for (JsonObject r : records) {
            for (int i = 0; i < COLUMNS.length; i++) {
                String v = r.containsKey(COLUMNS[i][0]) ? r.getString(COLUMNS[i][0]) : "";
                csv.append(i == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** The records as {@code az monitor log-analytics query} prints them: a pretty-printed array of rows. */
    private static String exportJson(List<JsonObject> records) {
        JsonArrayBuilder rows = Json.createArrayBuilder();
        for (JsonObject r : records) {
            JsonObjectBuilder row = Json.createObjectBuilder();
            for (String[] c : COLUMNS) {
                row.add(c[1].replace(" [UTC]", ""), r.containsKey(c[0]) ? r.getString(c[0]) : "");
            }
            rows.add(row);
        }
        StringWriter out = new StringWriter();
        try (JsonWriter w = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            w.writeArray(rows.build());
        }
        return out.toString();
    }

    /**
     * As {@link #replay}, built from {@link DiagnosisJob#parsedFiles} and {@link DiagnosisJob#diagnoseParsed} (what
     * {@code replay} does), with the reader's events also collected, in the order they left it.
     */
    static JobRun replayWatchingEvents(java.nio.file.Path file, int parallelism, Partitioning partitioning)
            throws Exception {
        return replayWatchingEvents(file, null, parallelism, partitioning);
    }

    /** As {@link #replayWatchingEvents(java.nio.file.Path, int, Partitioning)}, with a parser named or not. */
    static JobRun replayWatchingEvents(java.nio.file.Path file, String inputFormat, int parallelism,
            Partitioning partitioning) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DataStream<Either<String, LogEvent>> records = env.fromSource(
                DiagnosisJob.parsedFiles(List.of(new Path(file.toUri())), inputFormat), WatermarkStrategy.noWatermarks(),
                "files")
                .setParallelism(1);
        DiagnosisJob.Outputs out = DiagnosisJob.diagnoseParsed(records, SessionOptions.DEFAULT_MAX_LATENESS,
                partitioning, DiagnosisJob.EventOrder.SESSION);
        CloseableIterator<String> events = records.filter(Either::isRight).setParallelism(1)
                .map(r -> r.right().toString()).returns(Types.STRING).setParallelism(1).collectAsync();
        CloseableIterator<String> diagnoses = out.diagnoses().collectAsync();
        CloseableIterator<String> rejected = out.rejected().collectAsync();
        JobClient client = env.executeAsync("ExamplesAgreementTest " + file.getFileName() + " p" + parallelism
                + " " + partitioning);
        // All three read while the job runs, as DiagnosisJobTest does: the collect sinks hold little for the client.
        CompletableFuture<List<String>> eventsRead = CompletableFuture.supplyAsync(() -> drain(events));
        CompletableFuture<List<String>> rejectedRead = CompletableFuture.supplyAsync(() -> drain(rejected));
        List<String> diagnosesRead = drain(diagnoses);
        client.getJobExecutionResult().get();
        JobOutput output = new JobOutput(diagnosesRead.stream().map(DiagnosisJobTest::parse).toList(),
                rejectedRead.get().stream().map(DiagnosisJobTest::parse).toList());
        return new JobRun(eventsRead.get(), output);
    }

    /** The job over one file, read whole by the parser that recognises it. */
    static JobOutput replay(java.nio.file.Path file, int parallelism, Partitioning partitioning) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DiagnosisJob.Outputs out = DiagnosisJob.replay(env, List.of(new Path(file.toUri())),
                SessionOptions.DEFAULT_MAX_LATENESS, partitioning, DiagnosisJob.EventOrder.SESSION);
        return DiagnosisJobTest.collect(env, out, "ExamplesAgreementTest " + file.getFileName() + " p" + parallelism
                + " " + partitioning);
    }

    /**
     * What {@code iothub-kb diagnose FILE} reports: one session, the default lateness, the input decompressed if
     * its first bytes say gzip, and {@code parser} over all of it. An input that breaks off after records were read
     * ends with the CLI's one rejection naming the input and the last record read (cli's InputMerger).
     */
    static CliRun cli(java.nio.file.Path file, EventParser parser) throws IOException {
        synchronized (ExamplesAgreementTest.class) {
            if (kb == null) {
                kb = KnowledgeBase.builder().build();
            }
        }
        DiagnosisSession session = kb.newSession(SessionOptions.defaults());
        String source = file.toString();
        String[] last = new String[1];
        List<String> events = new ArrayList<>();
        try (InputStream in = InputFormats.decompressed(Files.newInputStream(file))) {
            parser.parse(in, source, e -> {
                last[0] = e.getSource();
                events.add(e.toString());
                session.submit(e);
            }, (where, reason) -> {
                last[0] = where;
                session.reject(new Rejection(where, reason));
            });
        } catch (java.io.EOFException e) {
            // The one break-off these tests make: a gzip file cut short.
            session.reject(new Rejection(source, "the input breaks off: the gzip data ends early (is the file"
                    + " truncated?); " + (last[0] == null ? "no record could be read from it"
                    : "records up to " + last[0] + " were read, none after it")));
        }
        DiagnosisReport report = session.close();
        List<JsonObject> diagnoses = new ArrayList<>();
        for (Diagnosis d : report.getDiagnoses()) {
            diagnoses.add(DiagnosisJobTest.parse(DiagnosisFunction.toJson(d)));
        }
        return new CliRun(events, diagnoses, report.getRejected().stream()
                .map(r -> r.getSource() + " | " + r.getReason()).toList());
    }

    private static List<String> drain(CloseableIterator<String> it) {
        List<String> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        } catch (Exception e) {
            throw new IllegalStateException("reading the job's output failed", e);
        }
        return all;
    }

    /** The job's rejected records as "source | reason". */
    private static List<String> rejected(JobOutput job) {
        return job.rejected().stream().map(r -> r.getString("source") + " | " + r.getString("reason")).toList();
    }
}
