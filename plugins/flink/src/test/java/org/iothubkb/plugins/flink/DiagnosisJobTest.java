package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job on Flink's MiniCluster gives the same diagnoses as one plain {@link DiagnosisSession} over the same file,
 * which is what {@code iothub-kb diagnose} runs.
 */
class DiagnosisJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final java.nio.file.Path EXAMPLES = Paths.get("../../examples").toAbsolutePath().normalize();

    /** The examples whose rules are all device-scope: keyed by device, the job must agree with the CLI. */
    private static final List<String> DEVICE_SCOPE_EXAMPLES = List.of("reconnect-race.jsonl", "token-renewal.jsonl",
            "credentials-rejected.jsonl", "shared-identity.jsonl", "commands-and-methods.jsonl");

    /** What the job wrote, as JSON objects. */
    record JobOutput(List<JsonObject> diagnoses, List<JsonObject> rejected) {
    }

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({
        "reconnect-race.jsonl, 1",
        "reconnect-race.jsonl, 2",
        "token-renewal.jsonl, 1",
        "token-renewal.jsonl, 2",
    })
    void jobAndCliSessionAgree(String example, int parallelism) throws Exception {
        java.nio.file.Path file = EXAMPLES.resolve(example);
        List<JsonObject> expected = cliDiagnoses(file);

        JobOutput job = runJob(file, parallelism);

        assertThat(expected).as("the example's diagnoses in the CLI").isNotEmpty();
        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(expected));
        assertThat(job.rejected()).isEmpty();
    }

    @ParameterizedTest(name = "parallelism {0}, events ordered by {1}")
    @CsvSource({"1, SESSION", "2, SESSION", "1, WATERMARK", "2, WATERMARK"})
    void jobAndCliSessionAgreeOnAllDeviceScopeExamplesInOneFile(int parallelism,
            DiagnosisJob.EventOrder order, @TempDir java.nio.file.Path dir) throws Exception {
        // One file, a dozen devices, and time going back at each example's start: the session's reordering and
        // late events are exercised too, and at parallelism 2 both instances get devices.
        List<String> lines = new ArrayList<>();
        for (String example : DEVICE_SCOPE_EXAMPLES) {
            lines.addAll(Files.readAllLines(EXAMPLES.resolve(example)));
        }
        java.nio.file.Path file = dir.resolve("device-scope-examples.jsonl");
        Files.write(file, lines);
        List<JsonObject> expected = cliDiagnoses(file);

        JobOutput job = runJob(file, parallelism, DiagnosisJob.Partitioning.DEVICE, order);

        assertThat(expected).as("the examples' diagnoses in the CLI").hasSizeGreaterThan(10);
        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(expected));
        assertThat(job.diagnoses()).extracting(d -> d.getString("id").substring(0, 3))
                .as("which instances diagnosed").containsOnly(parallelism == 1 ? new String[] {"s0-"}
                        : new String[] {"s0-", "s1-"});
    }

    @Test
    void atParallelism1OneSessionSeesTheWholeHubAndFindsTheFleetIncident() throws Exception {
        java.nio.file.Path file = EXAMPLES.resolve("mass-disconnect.jsonl");
        List<JsonObject> expected = cliDiagnoses(file);

        JobOutput job = runJob(file, 1);

        assertThat(expected).extracting(d -> d.getString("cause")).contains("mass-disconnect");
        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(expected));
    }

    /**
     * Known gap (issue 8): keyed by device, each instance counts only its share of the hub's drops, so the fleet
     * rule's threshold is not reached and the drops are called connection-lost. When hub-wide rules get the whole
     * hub under device keying, this test fails: turn it into an agreement test.
     */
    @Test
    void tofixKeyedByDeviceAtParallelism2TheFleetIncidentIsMissedBecauseTheHubIsSplit()
            throws Exception {
        JobOutput job = runJob(EXAMPLES.resolve("mass-disconnect.jsonl"), 2);

        assertThat(job.diagnoses()).extracting(d -> d.getString("cause"))
                .doesNotContain("mass-disconnect")
                .contains("connection-lost");
    }

    @ParameterizedTest(name = "events ordered by {0}")
    @EnumSource(DiagnosisJob.EventOrder.class)
    void keyedByHubAtParallelism2TheJobAndCliSessionAgreeOnTheFleetIncident(
            DiagnosisJob.EventOrder order) throws Exception {
        java.nio.file.Path file = EXAMPLES.resolve("mass-disconnect.jsonl");
        List<JsonObject> expected = cliDiagnoses(file);

        JobOutput job = runJob(file, 2, DiagnosisJob.Partitioning.HUB, order);

        assertThat(expected).extracting(d -> d.getString("cause")).contains("mass-disconnect");
        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(expected));
    }

    @Test
    void aGzipFileIsReadByItsNameWithTheSameLineNumbers(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path plain = EXAMPLES.resolve("reconnect-race.jsonl");
        java.nio.file.Path gzip = dir.resolve("reconnect-race.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(plain, out);
        }

        JobOutput job = runJob(gzip, 1);

        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(cliDiagnoses(plain))
                .stream().map(d -> d.replace(plain.toString(), gzip.toString())).toList());
    }

    @Test
    void aBrokenLineIsRejectedWithItsFileAndLineAndTheRestIsDiagnosed(@TempDir java.nio.file.Path dir)
            throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLES.resolve("reconnect-race.jsonl")));
        lines.add(2, "{\"time\": \"2026-11-02T08:00:03Z\", \"operationName\": ");
        lines.add(4, "not json at all");
        java.nio.file.Path file = dir.resolve("broken.jsonl");
        Files.write(file, lines);

        JobOutput job = runJob(file, 2);

        assertThat(job.rejected()).extracting(r -> r.getString("source"))
                .containsExactly(file + ":3", file + ":5");
        assertThat(job.rejected()).allSatisfy(r -> assertThat(r.getString("reason")).isNotBlank());
        assertThat(comparable(job.diagnoses())).containsExactlyInAnyOrderElementsOf(comparable(cliDiagnoses(file)));
    }

    static JobOutput runJob(java.nio.file.Path file, int parallelism) throws Exception {
        return runJob(file, parallelism, DiagnosisJob.Partitioning.DEVICE);
    }

    static JobOutput runJob(java.nio.file.Path file, int parallelism, DiagnosisJob.Partitioning partitioning)
            throws Exception {
        return runJob(file, parallelism, partitioning, DiagnosisJob.EventOrder.SESSION);
    }

    static JobOutput runJob(java.nio.file.Path file, int parallelism, DiagnosisJob.Partitioning partitioning,
            DiagnosisJob.EventOrder order) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        DiagnosisJob.Outputs out = DiagnosisJob.diagnose(env.fromSource(
                DiagnosisJob.files(List.of(new Path(file.toUri()))), WatermarkStrategy.noWatermarks(), "files")
                .setParallelism(1),
                SessionOptions.DEFAULT_MAX_LATENESS, partitioning, null, order);
        return collect(env, out, "DiagnosisJobTest " + file.getFileName() + " p" + parallelism + " "
                + partitioning + " " + order);
    }

    /** Runs the job built on {@code env} and reads both its outputs. */
    static JobOutput collect(StreamExecutionEnvironment env, DiagnosisJob.Outputs out, String name)
            throws Exception {
        CloseableIterator<String> diagnoses = out.diagnoses().collectAsync();
        CloseableIterator<String> rejected = out.rejected().collectAsync();
        JobClient job = env.executeAsync(name);
        // Both outputs are read while the job runs: a collect sink holds only a few MiB for the client, and a job
        // whose client waits for it to end before reading never ends.
        CompletableFuture<List<JsonObject>> rejectedRead = CompletableFuture.supplyAsync(() -> drain(rejected));
        List<JsonObject> diagnosesRead = drain(diagnoses);
        job.getJobExecutionResult().get();
        return new JobOutput(diagnosesRead, rejectedRead.get());
    }

    private static List<JsonObject> drain(CloseableIterator<String> it) {
        List<JsonObject> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(s -> all.add(parse(s)));
        } catch (Exception e) {
            throw new IllegalStateException("reading the job's output failed", e);
        }
        return all;
    }

    /** What the CLI does with one file: one session, the same parser, the default lateness. */
    static List<JsonObject> cliDiagnoses(java.nio.file.Path file) throws IOException {
        DiagnosisSession session = KnowledgeBase.builder().build().newSession(SessionOptions.defaults());
        try (InputStream in = Files.newInputStream(file)) {
            new AzureMonitorLogsParser().parse(in, file.toString(), session::submit,
                    (source, reason) -> session.reject(new Rejection(source, reason)));
        }
        DiagnosisReport report = session.close();
        List<JsonObject> all = new ArrayList<>();
        for (Diagnosis d : report.getDiagnoses()) {
            all.add(parse(DiagnosisFunction.toJson(d)));
        }
        return all;
    }

    /**
     * The diagnoses without their ids, which number each session's diagnoses on their own, and with each
     * root-cause link replaced by what the root is: its code, cause, device and first occurrence.
     */
    static List<String> comparable(List<JsonObject> diagnoses) {
        Map<String, JsonObject> byId = new HashMap<>();
        diagnoses.forEach(d -> byId.put(d.getString("id"), d));
        List<String> out = new ArrayList<>();
        for (JsonObject d : diagnoses) {
            JsonObjectBuilder b = Json.createObjectBuilder(d).remove("id").remove("rootCauseId");
            if (!d.isNull("rootCauseId")) {
                JsonObject root = byId.get(d.getString("rootCauseId"));
                assertThat(root).as("root %s of %s", d.getString("rootCauseId"), d).isNotNull();
                b.add("rootCause", Json.createObjectBuilder()
                        .add("errorCode", root.get("errorCode"))
                        .add("cause", root.get("cause"))
                        .add("deviceId", root.get("deviceId"))
                        .add("firstSeen", root.get("firstSeen")));
            } else {
                b.add("rootCause", JsonValue.NULL);
            }
            out.add(b.build().toString());
        }
        return out;
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
