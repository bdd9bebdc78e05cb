package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messy inputs of real log exports, through the built CLI, each given together with an intact log: a directory,
 * an unreadable file, an empty one, a truncated {@code .gz}, a binary file, a {@code {"records":[…]}} blob cut in
 * half. Either the run stops with exit 2 and one line naming the file (nothing could be trusted), or the bad file's
 * readable part is used, what is not is counted as rejected and named, and the intact log's diagnoses are all there.
 */
class BadInputsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path intact;
    private static JsonNode intactAlone;

    @BeforeAll
    static void diagnoseTheIntactLogAlone() throws Exception {
        CliProcess.jar();
        intact = CliProcess.examples().resolve("token-renewal.jsonl");
        CliProcess.Result r = CliProcess.run("diagnose", "--format", "json", intact.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        intactAlone = JSON.readTree(r.out());
        assertThat(intactAlone.get("diagnoses")).isNotEmpty();
    }

    /** The example the bad files are made of: another scenario, so its diagnoses are told apart. */
    private static byte[] other() throws IOException {
        return Files.readAllBytes(CliProcess.examples().resolve("mass-disconnect.jsonl"));
    }

    private static CliProcess.Result diagnoseWithTheIntactLog(Path bad) throws Exception {
        return CliProcess.run("diagnose", "--format", "json", bad.toString(), intact.toString());
    }

    /** Every diagnosis of the intact log alone is in {@code report}, and every rejection is listed. */
    private static void assertIntactLogFullyDiagnosed(JsonNode report) {
        assertThat(keys(report)).containsAll(keys(intactAlone));
        assertThat(report.get("rejected")).hasSize(report.get("summary").get("recordsRejected").asInt());
    }

    /** Each diagnosis as code, cause, device and first time seen. */
    private static List<String> keys(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("diagnoses").forEach(d -> out.add(d.path("errorCode").asText() + "/" + d.path("cause").asText()
                + "/" + d.path("deviceId").asText() + "/" + d.path("firstSeen").asText()));
        return out;
    }

    private static void assertStoppedNaming(CliProcess.Result r, Path bad) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).singleElement().asString().startsWith("iothub-kb: cannot read [" + bad + "]");
    }

    @Test
    void aDirectoryStopsTheRunNamingIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-folder"));
        assertStoppedNaming(diagnoseWithTheIntactLog(dir), dir);
    }

    @Test
    void anUnreadableFileStopsTheRunNamingIt() throws Exception {
        Path locked = Files.write(tmp.resolve("locked.jsonl"), other());
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(locked), "permissions do not stop this user (root) from reading");
        assertStoppedNaming(diagnoseWithTheIntactLog(locked), locked);
    }

    @Test
    void aGzipFileTooShortToRecogniseStopsTheRunNamingIt() throws Exception {
        byte[] gz = gzip(other());
        Path stub = Files.write(tmp.resolve("stub.jsonl.gz"), Arrays.copyOf(gz, 20));
        assertStoppedNaming(diagnoseWithTheIntactLog(stub), stub);
    }

    @Test
    void anEmptyFileIsReadWithAWarning() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.jsonl"), new byte[0]);

        CliProcess.Result r = diagnoseWithTheIntactLog(empty);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("iothub-kb: warning: [" + empty + "]: empty, no records in it\n");
        JsonNode report = JSON.readTree(r.out());
        assertIntactLogFullyDiagnosed(report);
        assertThat(report.get("summary").get("recordsRejected").asInt()).isZero();
    }

    @Test
    void aTruncatedGzipFileGivesWhatItsIntactPartHoldsAndNamesWhereItBrokeOff() throws Exception {
        // Enough records that half of the compressed bytes hold many of them.
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            big.append(new String(other(), StandardCharsets.UTF_8).replace("sensor-", "sensor" + i + "-"));
        }
        long lines = big.chars().filter(c -> c == '\n').count();
        byte[] gz = gzip(big.toString().getBytes(StandardCharsets.UTF_8));
        Path cut = Files.write(tmp.resolve("cut.jsonl.gz"), Arrays.copyOf(gz, gz.length / 2));

        CliProcess.Result r = diagnoseWithTheIntactLog(cut);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err().lines()).singleElement().asString()
                .startsWith("iothub-kb: warning: [" + cut + "]: the input breaks off: the gzip data ends early");
        JsonNode report = JSON.readTree(r.out());
        assertIntactLogFullyDiagnosed(report);
        List<String> sources = new ArrayList<>();
        report.get("rejected").forEach(x -> sources.add(x.get("source").asText()));
        assertThat(sources).containsOnlyOnce(cut.toString()).allSatisfy(x -> assertThat(x).isEqualTo(cut.toString()));
        // Every whole line the intact part of the stream holds became an event, and nothing else did.
        long whole = completeLinesBeforeTheBreak(Files.readAllBytes(cut));
        assertThat(whole).isBetween(lines / 10, lines - 1);
        assertThat(report.get("summary").get("eventsAccepted").asLong()).isEqualTo(countLines(intact) + whole);
    }

    @Test
    void aBinaryFileIsRejectedByLineAndTheRestIsDiagnosed() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new SplittableRandom(3).nextBytes(noise);
        Path binary = Files.write(tmp.resolve("noise.jsonl"), noise);

        CliProcess.Result r = diagnoseWithTheIntactLog(binary);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertIntactLogFullyDiagnosed(report);
        assertThat(report.get("rejected")).isNotEmpty()
                .allSatisfy(x -> assertThat(x.get("source").asText()).startsWith(binary + ":"));
        assertThat(CliProcess.run("diagnose", "--strict", binary.toString(), intact.toString()).exit()).isEqualTo(2);
    }

    @Test
    void aRecordsBlobCutInHalfGivesItsWholeRecordsAndRejectsTheCutOne() throws Exception {
        List<String> records = new String(other(), StandardCharsets.UTF_8).lines().toList();
        String blob = "{\"records\":[" + String.join(",\n", records) + "]}";
        Path cut = Files.writeString(tmp.resolve("PT1H.json"), blob.substring(0, blob.length() / 2));

        CliProcess.Result r = diagnoseWithTheIntactLog(cut);

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertIntactLogFullyDiagnosed(report);
        assertThat(report.get("rejected")).singleElement()
                .satisfies(x -> assertThat(x.get("source").asText()).startsWith(cut + ":"));
        long fromCut = report.get("summary").get("eventsAccepted").asLong() - countLines(intact);
        assertThat(fromCut).isBetween(records.size() / 3L, records.size() - 1L);
    }

    @Test
    void everyLineIsCountedThoughTheListOfRejectedRecordsIsCapped() throws Exception {
        // The intact log with 1,200 broken lines between its records: every line is either an event or a rejection.
        List<String> good = Files.readAllLines(intact).stream().filter(l -> !l.isBlank()).toList();
        List<String> mixed = new ArrayList<>();
        int broken = 0;
        for (int i = 0; broken < 1_200; i++) {
            if (i < good.size()) {
                mixed.add(good.get(i));
            }
            mixed.add(i % 3 == 0 ? "{\"time\": \"not a time\", \"category\": 12}" : "{\"records\": [ oops");
            broken++;
        }
        Path file = Files.write(tmp.resolve("mixed.jsonl"), mixed);

        CliProcess.Result r = CliProcess.run("diagnose", "--format", "json", file.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        JsonNode s = report.get("summary");
        assertThat(s.get("recordsRead").asLong()).isEqualTo(mixed.size());
        assertThat(s.get("eventsAccepted").asLong()).isEqualTo(good.size());
        assertThat(s.get("recordsRejected").asLong()).isEqualTo(1_200);
        assertThat(report.get("rejected")).hasSize(1_000);
        assertThat(report.get("diagnoses")).hasSameSizeAs(intactAlone.get("diagnoses"));
        CliProcess.Result text = CliProcess.run("diagnose", file.toString());
        assertThat(text.out()).contains("Rejected records (1,200):", "Summary: 1,2");
    }

    private static long countLines(Path p) throws IOException {
        return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
    }

    /** The newline-ended lines a gzip stream cut short still gives, read as far as it goes. */
    private static long completeLinesBeforeTheBreak(byte[] cutGzip) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(cutGzip))) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.io.EOFException expected) {
            // where the cut is
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
