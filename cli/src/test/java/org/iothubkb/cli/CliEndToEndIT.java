package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar ({@code java -jar target/iothub-kb.jar}) as a subprocess, as scripts do.
 *
 * <p>Tests tagged {@code needs-engine} assert what the engine and the rules conclude: they pass only once
 * kb-core's engine and the connectivity rules are in. The others test the CLI's own contract (exit codes,
 * streams, JSON shape, file handling) and only need the parser plugin.
 */
class CliEndToEndIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path jar;
    private static Path examples;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        jar = CliProcess.jar();
        examples = CliProcess.examples();
    }

    private static Path example(String name) {
        Path p = examples.resolve(name);
        assertThat(p).as("example file").isRegularFile();
        return p;
    }

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    private static Result cli(byte[] stdin, String... args) throws Exception {
        CliProcess.Result r = CliProcess.run(stdin, java.util.Map.of(), args);
        return new Result(r.exit(), r.out(), r.err());
    }

    private static Result cli(String... args) throws Exception {
        return cli(null, args);
    }

    private static void assertCountsAddUp(JsonNode summary) {
        assertThat(summary.get("recordsRead").asLong())
                .isEqualTo(summary.get("eventsAccepted").asLong() + summary.get("recordsRejected").asLong());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The CLI's own contract.

    @Test
    void jsonParsesAndTheCountsAddUp() throws Exception {
        Path race = example("reconnect-race.jsonl");
        Result r = cli("diagnose", "--format", "json", race.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertCountsAddUp(json.get("summary"));
        assertThat(json.get("summary").get("recordsRead").asLong())
                .isEqualTo(Files.readAllLines(race).stream().filter(l -> !l.isBlank()).count());
        assertThat(json.get("diagnoses").isArray()).isTrue();
        assertThat(json.get("rejected").isArray()).isTrue();
        // No Drools or logging noise by default.
        assertThat(r.err()).isEmpty();
    }

    @Test
    void badRecordIsRejectedAndCounted() throws Exception {
        Path race = example("reconnect-race.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(race).subList(0, 2));
        lines.add("this is not json");
        Path bad = Files.write(tmp.resolve("bad.jsonl"), lines);

        Result r = cli("diagnose", "--format", "json", bad.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = r.json();
        assertCountsAddUp(json.get("summary"));
        assertThat(json.get("summary").get("recordsRejected").asLong()).isEqualTo(1);
        assertThat(json.get("rejected").get(0).get("source").asText()).isEqualTo(bad + ":3");

        Result strict = cli("diagnose", "--strict", bad.toString());
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.out()).contains(bad + ":3");
    }

    @Test
    void missingFileExitsWithTwoNamingItAndPrintsNothing() throws Exception {
        Path race = example("reconnect-race.jsonl");
        Path bad = Files.write(tmp.resolve("bad.jsonl"), List.of("this is not json"));
        String missing = tmp.resolve("no-such-file.jsonl").toString();

        Result r = cli("diagnose", bad.toString(), missing, race.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").contains(missing);

        Result dir = cli("diagnose", tmp.toString());
        assertThat(dir.exit()).isEqualTo(2);
        assertThat(dir.out()).isEmpty();
        assertThat(dir.err()).contains(tmp.toString());
    }

    @Test
    void gzipAndStandardInputGiveTheSameCounts() throws Exception {
        Path race = example("reconnect-race.jsonl");
        Path gz = tmp.resolve("race.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(race, out);
        }
        JsonNode plain = cli("diagnose", "--format", "json", race.toString()).json();
        Result zipped = cli("diagnose", "--format", "json", gz.toString());
        Result stdin = cli(Files.readAllBytes(gz), "diagnose", "--format", "json", "-");
        assertThat(zipped.exit()).as(zipped.err()).isZero();
        assertThat(stdin.exit()).as(stdin.err()).isZero();
        assertThat(zipped.json().get("summary")).isEqualTo(plain.get("summary"));
        assertThat(stdin.json().get("summary")).isEqualTo(plain.get("summary"));
        for (JsonNode d : stdin.json().get("diagnoses")) {
            assertThat(d.get("evidence").get(0).get("source").asText()).startsWith("<stdin>:");
        }
    }

    @Test
    void jsonLinesKeepStdoutForDiagnoses() throws Exception {
        Path race = example("reconnect-race.jsonl");
        Result r = cli("diagnose", "--format", "jsonl", race.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        for (String line : r.out().split("\n")) {
            if (!line.isEmpty()) {
                assertThat(MAPPER.readTree(line).has("errorCode")).isTrue();
            }
        }
        assertThat(r.err().strip().split("\n")).hasSize(1);
        assertThat(r.err()).startsWith("Summary: ");
    }

    @Test
    void aBigInputDrawsNoProgressLineIntoAPipeUnlessAskedTo() throws Exception {
        // Just over 8 MiB of connections, so that a terminal would get the progress line.
        String first = Files.readAllLines(example("reconnect-race.jsonl")).get(0);
        String time = "2026-11-02T08:00:00.1230000Z";
        assertThat(first).contains(time, "press-07");
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'0000Z'").withZone(java.time.ZoneOffset.UTC);
        java.time.Instant t0 = java.time.Instant.parse("2026-11-02T08:00:00.123Z");
        Path big = tmp.resolve("big.jsonl");
        int records = 0;
        try (java.io.BufferedWriter w = Files.newBufferedWriter(big)) {
            for (long written = 0; written <= Progress.MIN_BYTES; records++) {
                String line = first.replace(time, format.format(t0.plusMillis(100L * records)))
                        .replace("press-07", "press-" + records % 500);
                w.write(line);
                w.write('\n');
                written += line.length() + 1;
            }
        }

        Result piped = cli("diagnose", "--format", "json", big.toString());
        assertThat(piped.exit()).as(piped.err()).isZero();
        assertThat(piped.json().get("summary").get("recordsRead").asInt()).isEqualTo(records);
        assertThat(piped.err()).as("stderr is a pipe here").isEmpty();

        CliProcess.Result forced = CliProcess.run(null, Map.of(Progress.OVERRIDE_ENV, "always"), "diagnose",
                "--format", "json", big.toString());
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.err()).startsWith("\rreading: 0% of 8.0 MiB, ")
                .endsWith(Progress.RETURN + Progress.CLEAR_TO_END).doesNotContain("\n");
        assertThat(MAPPER.readTree(forced.out()).get("summary")).isEqualTo(piped.json().get("summary"));

        CliProcess.Result quiet = CliProcess.run(null, Map.of(Progress.OVERRIDE_ENV, "always"), "diagnose",
                "--quiet", "--format", "json", big.toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void usageErrorsAndHelp() throws Exception {
        Result unknown = cli("diagnose", "--format", "xml", "x");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("Try 'iothub-kb diagnose --help'.");

        Result help = cli("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("diagnose", "explain", "list");

        Result version = cli("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("iothub-kb \\S+\\n");
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the engine and the rules conclude: these need kb-core's engine and the connectivity rules.

    private static final List<String> DIAGNOSIS_FIELDS = List.of("id", "errorCode", "errorName", "aliasOf", "cause",
            "severity", "confidence", "scope", "hub", "deviceId", "moduleId", "title", "explanation", "fixes",
            "references", "firstSeen", "lastSeen", "occurrences", "rootCauseId", "rule", "evidence");
    private static final List<String> EVIDENCE_FIELDS = List.of("source", "time", "errorCode", "operation", "deviceId");

    /** What each example must produce, as "code/cause/severity/scope <- rootCode/rootCause", one per diagnosis. */
    private static final java.util.Map<String, List<String>> EXAMPLES = java.util.Map.of(
            "reconnect-race.jsonl", List.of(
                    "404104/connection-lost/warning/device",
                    "409002/reconnect-race/info/device <- 404104/connection-lost"),
            "reconnect-race.facts.jsonl", List.of(
                    "404104/connection-lost/warning/device",
                    "409002/reconnect-race/info/device <- 404104/connection-lost"),
            "token-renewal.jsonl", List.of(
                    "401003/sas-token-renewal/info/device",
                    "404104/sas-token-renewal/info/device <- 401003/sas-token-renewal"),
            "credentials-rejected.jsonl", List.of(
                    "401003/credentials-rejected/error/device",
                    "404104/credentials-rejected/info/device <- 401003/credentials-rejected"),
            "shared-identity.jsonl", List.of(
                    "400027/shared-identity/error/device",
                    "400027/client-recreated/warning/device"),
            "commands-and-methods.jsonl", List.of(
                    "429001/tier-limit-exceeded/warning/device",
                    "403004/https-polling/error/device <- 429001/tier-limit-exceeded",
                    "404104/connection-lost/warning/device",
                    "412002/reconnected-while-processing/info/device <- 404104/connection-lost",
                    "404103/no-method-handler/error/device",
                    "504101/sdk-amqp-link-bug/error/device"),
            "mass-disconnect.jsonl", java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("404104/mass-disconnect/critical/hub"),
                    java.util.stream.Stream.concat(
                            java.util.Collections.nCopies(25,
                                    "404104/service-transient/warning/device <- 404104/mass-disconnect").stream(),
                            java.util.Collections.nCopies(5,
                                    "500001/service-transient/warning/device <- 404104/mass-disconnect").stream()))
                    .collect(java.util.stream.Collectors.toList()));

    @Test
    @Tag("needs-engine")
    void everyExampleGivesItsDiagnosesInTheJsonContract() throws Exception {
        try (var files = Files.list(examples)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jsonl")))
                    .as("every example has expectations here").containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
        }
        for (var e : EXAMPLES.entrySet()) {
            Result r = cli("diagnose", "--format", "json", example(e.getKey()).toString());
            assertThat(r.exit()).as(e.getKey() + ": " + r.err()).isZero();
            JsonNode json = r.json();
            assertThat(fieldNames(json)).containsExactly("schemaVersion", "summary", "diagnoses", "rejected");
            assertThat(fieldNames(json.get("summary"))).containsExactly("recordsRead", "eventsAccepted",
                    "recordsRejected", "lateEvents", "devices", "diagnoses");
            assertCountsAddUp(json.get("summary"));
            assertThat(json.get("summary").get("recordsRejected").asLong()).isZero();
            assertThat(json.get("summary").get("diagnoses").asInt()).isEqualTo(json.get("diagnoses").size());
            java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
            json.get("diagnoses").forEach(d -> byId.put(d.get("id").asText(), d));
            List<String> actual = new ArrayList<>();
            for (JsonNode d : json.get("diagnoses")) {
                assertThat(fieldNames(d)).as(e.getKey()).containsExactlyElementsOf(DIAGNOSIS_FIELDS);
                assertThat(d.get("severity").asText()).isIn("info", "warning", "error", "critical");
                assertThat(d.get("confidence").asText()).isIn("documented", "sdk", "maintainer", "inferred");
                assertThat(d.get("aliasOf").isNull()).as("the examples log no alias codes").isTrue();
                assertThat(d.get("fixes").size()).isPositive();
                assertThat(d.get("references").get(0).asText()).startsWith("https://");
                assertThat(java.time.Instant.parse(d.get("firstSeen").asText()))
                        .isBeforeOrEqualTo(java.time.Instant.parse(d.get("lastSeen").asText()));
                assertThat(d.get("evidence").size()).isBetween(1, 20);
                for (JsonNode ev : d.get("evidence")) {
                    assertThat(fieldNames(ev)).containsExactlyElementsOf(EVIDENCE_FIELDS);
                    assertThat(ev.get("source").asText()).matches(".*" + java.util.regex.Pattern.quote(e.getKey()) + ":\\d+");
                }
                if ("hub".equals(d.get("scope").asText())) {
                    assertThat(d.get("deviceId").isNull()).isTrue();
                }
                String line = d.get("errorCode").asText() + "/" + d.get("cause").asText() + "/"
                        + d.get("severity").asText() + "/" + d.get("scope").asText();
                if (!d.get("rootCauseId").isNull()) {
                    JsonNode root = byId.get(d.get("rootCauseId").asText());
                    assertThat(root).as("rootCauseId points at a diagnosis").isNotNull();
                    line += " <- " + root.get("errorCode").asText() + "/" + root.get("cause").asText();
                }
                actual.add(line);
            }
            assertThat(actual).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    @Test
    @Tag("needs-engine")
    void severalFilesInAnyOrderGiveTheSameDiagnosesAsOneMergedFile() throws Exception {
        // Azure writes one blob per category and hour, and operators export one file per hub: inputs overlap in
        // time and may be given in any order.
        Path merged = example("mass-disconnect.jsonl");
        List<String> lines = Files.readAllLines(merged);
        List<Path> parts = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            List<String> part = new ArrayList<>();
            for (int i = k; i < lines.size(); i += 3) {
                part.add(lines.get(i));
            }
            parts.add(Files.write(tmp.resolve("part" + k + ".jsonl"), part));
        }
        Result whole = cli("diagnose", "--format", "json", merged.toString());
        Result split = cli("diagnose", "--format", "json", parts.get(2).toString(), parts.get(0).toString(),
                parts.get(1).toString());
        assertThat(split.exit()).as(split.err()).isZero();
        assertThat(split.json().get("summary").get("lateEvents").asInt()).isZero();
        assertThat(split.json().get("summary").get("recordsRead").asInt()).isEqualTo(lines.size());
        assertThat(outline(split.json())).isEqualTo(outline(whole.json())).hasSize(31);
    }

    @Test
    @Tag("needs-engine")
    void logAnalyticsExportsOfEveryExampleGiveTheDiagnosesOfTheOriginal() throws Exception {
        // What an operator gets from the AzureDiagnostics table: the portal's CSV (display times) and the JSON of
        // az monitor log-analytics query, both detected without --input-format.
        java.time.format.DateTimeFormatter portal = java.time.format.DateTimeFormatter
                .ofPattern("M/d/yyyy, h:mm:ss.SSS a", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        ObjectMapper mapper = new ObjectMapper();
        List<Path> originals;
        try (java.util.stream.Stream<Path> files = Files.list(examples)) {
            originals = files.filter(f -> f.toString().endsWith(".jsonl") && !f.toString().contains(".facts."))
                    .sorted().toList();
        }
        assertThat(originals).hasSizeGreaterThanOrEqualTo(5);
        for (Path original : originals) {
            StringBuilder csv = new StringBuilder("TenantId,TimeGenerated [UTC],Category,OperationName,ResultType,"
                    + "ResultDescription,Level,DurationMs,properties_s,Type,_ResourceId\n");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(original)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = mapper.readTree(line);
                String props = r.path("properties").isTextual() ? r.path("properties").asText()
                        : r.path("properties").isMissingNode() ? "" : r.path("properties").toString();
                String time = r.path("time").asText();
                String[] cells = {"0f1e2d3c", portal.format(java.time.Instant.parse(time)),
                    r.path("category").asText(""), r.path("operationName").asText(""), r.path("resultType").asText(""),
                    r.path("resultDescription").asText(""), r.path("level").asText(""),
                    r.path("durationMs").asText(""), props, "AzureDiagnostics", r.path("resourceId").asText("")};
                List<String> quoted = new ArrayList<>();
                for (String c : cells) {
                    quoted.add("\"" + c.replace("\"", "\"\"") + "\"");
                }
                csv.append(String.join(",", quoted)).append("\n");
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("Category", r.path("category").asText(""));
                row.put("DurationMs", r.path("durationMs").isMissingNode() ? "" : r.path("durationMs").asText());
                row.put("Level", r.path("level").asText(""));
                row.put("OperationName", r.path("operationName").asText(""));
                row.put("ResultDescription", r.path("resultDescription").asText(""));
                row.put("ResultType", r.path("resultType").asText(""));
                row.put("TableName", "PrimaryResult");
                row.put("TimeGenerated", time);
                row.put("_ResourceId", r.path("resourceId").asText(""));
                row.put("properties_s", props);
                rows.add(row);
            }
            String name = original.getFileName().toString().replace(".jsonl", "");
            Path csvFile = Files.writeString(tmp.resolve(name + ".csv"), csv);
            Path jsonFile = tmp.resolve(name + ".json");
            mapper.writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), rows);

            Result expected = cli("diagnose", "--format", "json", original.toString());
            for (Path export : List.of(csvFile, jsonFile)) {
                Result got = cli("diagnose", "--format", "json", export.toString());
                assertThat(got.exit()).as(export + ": " + got.err()).isZero();
                assertThat(got.json().get("summary")).as(export.toString()).isEqualTo(expected.json().get("summary"));
                assertThat(timedOutline(got.json())).as(export.toString())
                        .isEqualTo(timedOutline(expected.json()));
            }
        }
    }

    private static List<String> timedOutline(JsonNode report) {
        List<String> out = outline(report);
        JsonNode d = report.get("diagnoses");
        for (int i = 0; i < out.size(); i++) {
            out.set(i, out.get(i) + " " + d.get(i).get("firstSeen").asText() + " " + d.get(i).get("lastSeen").asText());
        }
        return out;
    }

    @Test
    @Tag("needs-engine")
    void markdownIsATicketPerRootCauseWithTheRaceUnderTheDrop() throws Exception {
        Result r = cli("diagnose", "--format", "markdown", example("reconnect-race.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).as("the counts are in the document").isEmpty();
        assertThat(r.out()).startsWith("# IoT Hub diagnosis\n\nSummary: 8 records read,")
                .contains("## 1. 404104 DeviceConnectionClosedRemotely: connection-lost", "| 409002 ")
                .doesNotContain("## 2.");
        Result nl = cli("diagnose", "--format", "markdown", "--lang", "nl", example("reconnect-race.jsonl").toString());
        assertThat(nl.out()).startsWith("# IoT Hub-diagnose\n").contains("**Gevolgen (1):**");
    }

    @Test
    @Tag("needs-engine")
    void htmlGoesToTheOutputFileWithATimelinePerAffectedDevice() throws Exception {
        Path page = tmp.resolve("r.html");
        Result r = cli("diagnose", "--format", "html", "--output", page.toString(),
                example("mass-disconnect.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        // The user does not see the file: stderr says where it went and gives the counts.
        assertThat(r.err()).contains("iothub-kb: report written to " + page,
                "Summary: 94 records read, 94 events accepted, 0 records rejected");
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<svg class=\"fleet\"", "<h1>IoT Hub diagnosis</h1>");
        assertThat(html.split("<article class=\"device\"", -1)).hasSize(31);

        // Any format can go to a file, byte for byte what standard output gets.
        Path json = tmp.resolve("r.json");
        Result toFile = cli("diagnose", "--format", "json", "--quiet", "--output", json.toString(),
                example("reconnect-race.jsonl").toString());
        Result toStdout = cli("diagnose", "--format", "json", example("reconnect-race.jsonl").toString());
        assertThat(toFile.exit()).isZero();
        assertThat(toFile.err()).isEmpty();
        assertThat(Files.readString(json)).isEqualTo(toStdout.out());
    }

    @Test
    void anOutputThatCannotBeWrittenOrIsAnInputStopsBeforeReading() throws Exception {
        Path log = tmp.resolve("log.jsonl");
        Files.copy(example("reconnect-race.jsonl"), log);
        Result same = cli("diagnose", "--format", "html", "--output", log.toString(), log.toString());
        assertThat(same.exit()).isEqualTo(2);
        assertThat(same.err()).contains("is also an input");
        assertThat(Files.readString(log)).isEqualTo(Files.readString(example("reconnect-race.jsonl")));

        Result missing = cli("diagnose", "--format", "html", "--output", tmp.resolve("no/such/dir/r.html").toString(),
                log.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").doesNotContain("Summary");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    @Tag("needs-engine")
    void deviceAndTimeFiltersSelectDiagnosesButKeepTheirRootCause() throws Exception {
        Path log = example("mass-disconnect.jsonl");
        Result all = cli("diagnose", "--format", "json", log.toString());
        Result tenDevices = cli("diagnose", "--format", "json", "--device", "sensor-01?", log.toString());
        Result late = cli("diagnose", "--format", "json", "--since", "2026-11-02T09:00:30Z", "--until",
                "2026-11-02T11:00:00+01:00", log.toString());
        assertThat(tenDevices.exit()).as(tenDevices.err()).isZero();
        assertThat(late.exit()).as(late.err()).isZero();

        List<String> devices = new ArrayList<>();
        tenDevices.json().get("diagnoses").forEach(d -> devices.add(d.path("deviceId").asText(null)));
        // The ten devices' drops, and the hub-wide incident they are side effects of (it has no device).
        assertThat(devices).hasSize(11).containsOnlyOnce((String) null)
                .filteredOn(d -> d != null).allMatch(d -> d.matches("sensor-01[0-9]"));
        assertThat(tenDevices.json().get("diagnoses").get(0).get("cause").asText()).isEqualTo("mass-disconnect");
        assertThat(tenDevices.json().get("summary").get("diagnoses").asInt()).isEqualTo(11);
        // Every record was still read: the filter selects diagnoses, not records.
        assertThat(tenDevices.json().get("summary").get("recordsRead"))
                .isEqualTo(all.json().get("summary").get("recordsRead"));

        // From 09:00:30Z: the drops still going on then (sensor-023 to sensor-029), and their root cause, which
        // ended before 09:00:30Z but is what they point to.
        List<String> lateDevices = new ArrayList<>();
        late.json().get("diagnoses").forEach(d -> lateDevices.add(d.path("deviceId").asText("(hub)")));
        assertThat(lateDevices).containsExactlyInAnyOrder("(hub)", "sensor-023", "sensor-024", "sensor-025",
                "sensor-026", "sensor-027", "sensor-028", "sensor-029");

        // 11:00+01:00 is 10:00Z: an --until before the --since is a usage error.
        Result backwards = cli("diagnose", "--since", "2026-11-02T10:30:00Z", "--until",
                "2026-11-02T11:00:00+01:00", log.toString());
        assertThat(backwards.exit()).isEqualTo(2);
        assertThat(backwards.err()).contains("must be before");
    }

    @Test
    @Tag("needs-engine")
    void eventFactsGiveTheSameDiagnosesAsTheResourceLogTheyWereMadeFrom() throws Exception {
        Result logs = cli("diagnose", "--format", "json", example("reconnect-race.jsonl").toString());
        Result detected = cli("diagnose", "--format", "json", example("reconnect-race.facts.jsonl").toString());
        Result named = cli(Files.readAllBytes(example("reconnect-race.facts.jsonl")), "diagnose", "--format", "json",
                "--input-format", "facts", "-");
        assertThat(detected.exit()).as(detected.err()).isZero();
        assertThat(named.exit()).as(named.err()).isZero();
        assertThat(outline(detected.json())).isEqualTo(outline(logs.json())).hasSize(2);
        assertThat(outline(named.json())).isEqualTo(outline(logs.json()));
        assertThat(named.json().get("summary").get("recordsRejected").asInt()).isZero();
    }

    @Test
    void eventGridDeliveriesAreDetectedAndReadInSequenceOrder() throws Exception {
        Result r = cli("diagnose", "--format", "json", example("event-grid-flapping.json").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summary = r.json().get("summary");
        assertCountsAddUp(summary);
        assertThat(summary.get("eventsAccepted").asInt()).isEqualTo(13);
        assertThat(summary.get("recordsRejected").asInt()).isZero();
        assertThat(summary.get("lateEvents").asInt()).as("out-of-order deliveries are put in sequence order")
                .isZero();
        assertThat(summary.get("devices").asInt()).isEqualTo(3);

        Result wrongParser = cli("diagnose", "--format", "json", "--input-format", "facts",
                example("event-grid-flapping.json").toString());
        assertThat(wrongParser.json().get("summary").get("eventsAccepted").asInt()).isZero();
        assertThat(wrongParser.json().get("summary").get("recordsRejected").asInt()).isPositive();

        Result unknown = cli("diagnose", "--input-format", "syslog", example("event-grid-flapping.json").toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown input format [syslog]").contains("event-grid").contains("facts");
    }

    /** Each diagnosis as id, code, cause, device and root id: what must not depend on how the input was split. */
    private static List<String> outline(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("diagnoses").forEach(d -> out.add(d.get("id").asText() + " " + d.get("errorCode").asText() + " "
                + d.get("cause").asText() + " " + d.get("deviceId").asText() + " " + d.get("rootCauseId").asText()
                + " " + d.get("occurrences").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @Tag("needs-engine")
    void reconnectRaceIsASideEffectOfTheConnectionLoss() throws Exception {
        Result r = cli("diagnose", "--format", "json", example("reconnect-race.jsonl").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode diagnoses = r.json().get("diagnoses");
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode d : diagnoses) {
            byId.put(d.get("id").asText(), d);
        }
        JsonNode race = null;
        for (JsonNode d : diagnoses) {
            if (d.get("errorCode").asText().equals("409002") && d.get("cause").asText().equals("reconnect-race")) {
                race = d;
            }
        }
        assertThat(race).as("a 409002 reconnect-race diagnosis in %s", diagnoses).isNotNull();
        assertThat(race.get("rootCauseId").isTextual()).as("it has a root cause").isTrue();
        JsonNode root = byId.get(race.get("rootCauseId").asText());
        assertThat(root).as("its root cause is in the report").isNotNull();
        assertThat(root.get("errorCode").asText()).isEqualTo("404104");
        assertThat(root.get("cause").asText()).isEqualTo("connection-lost");
        assertThat(root.get("rootCauseId").isNull()).isTrue();
        assertThat(race.get("deviceId").asText()).isEqualTo(root.get("deviceId").asText());
        assertThat(race.get("evidence").get(0).get("source").asText()).contains("reconnect-race.jsonl:");
    }

    @Test
    @Tag("needs-engine")
    void textNestsTheRaceUnderTheDropAndDutchDiffers() throws Exception {
        String race = example("reconnect-race.jsonl").toString();
        Result en = cli("diagnose", race);
        Result nl = cli("diagnose", "--lang", "nl", race);
        assertThat(en.exit()).as(en.err()).isZero();
        assertThat(nl.exit()).as(nl.err()).isZero();
        assertThat(en.err()).isEmpty();
        assertThat(nl.out()).isNotEqualTo(en.out());
        assertThat(en.out()).contains("Fix:", "Summary:");
        assertThat(nl.out()).contains("Oplossing:", "Samenvatting:");
        int drop = en.out().indexOf("404104");
        int nested = en.out().indexOf(TextReportWriter.TREE_MARKER);
        assertThat(drop).isNotNegative();
        assertThat(nested).isGreaterThan(drop);
        assertThat(en.out().substring(nested)).contains("409002").contains("reconnect-race");
    }

    @Test
    @Tag("needs-engine")
    void failOnAndTheExampleSeverities() throws Exception {
        String race = example("reconnect-race.jsonl").toString();
        // The drop is at least a warning, the race is info.
        assertThat(cli("diagnose", "--fail-on", "warning", race).exit()).isEqualTo(1);
        assertThat(cli("diagnose", "--fail-on", "critical", race).exit()).isZero();
    }

    @Test
    @Tag("needs-engine")
    void explainAndList() throws Exception {
        Result explain = cli("explain", "409002", "--format", "json");
        assertThat(explain.exit()).as(explain.err()).isZero();
        JsonNode json = explain.json();
        assertThat(json.get("name").asText()).isEqualTo("LinkCreationConflict");
        assertThat(json.get("causes").findValuesAsText("cause")).contains("reconnect-race");

        assertThat(json.get("family").asText()).isEqualTo("409xxx");
        assertThat(json.get("httpStatusFromPrefix").isBoolean()).isTrue();
        assertThat(json.has("aliasOf")).isTrue();
        for (JsonNode cause : json.get("causes")) {
            assertThat(cause.get("confidence").asText()).isIn("documented", "sdk", "maintainer", "inferred");
        }

        // 409005 is in no source; its neighbours are.
        Result unknown = cli("explain", "409005");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("409002");

        Result list = cli("list", "--format", "json");
        assertThat(list.exit()).isZero();
        JsonNode codes = list.json().get("codes");
        assertThat(codes.findValuesAsText("code")).contains("404104", "409002");
        int counted = 0;
        for (JsonNode f : list.json().get("families")) {
            counted += f.get("count").asInt();
        }
        assertThat(counted).as("the families count every code once").isEqualTo(codes.size());
        assertThat(cli("list").out()).contains("\n404xxx · Not Found · ", "\n409xxx · Conflict · ");
        assertThat(cli("list", "--lang", "nl").out()).contains("\n404xxx · Niet gevonden · ");
    }

    @Test
    @Tag("needs-engine")
    void docsWritesTheCatalogue() throws Exception {
        Result r = cli("docs", "--output", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Wrote ");
        assertThat(tmp.resolve("README.md")).isRegularFile();
        assertThat(tmp.resolve("404xxx.md")).isRegularFile();
        // Whether the pages match the committed ones is CatalogueDocsTest's job; here: the jar writes them.
        try (var files = Files.list(tmp)) {
            for (Path f : files.collect(java.util.stream.Collectors.toList())) {
                assertThat(Files.readString(f)).as(f.getFileName().toString())
                        .startsWith("<!-- Generated by `./iothub-kb docs --output docs/rules`");
            }
        }
        assertThat(Files.readString(tmp.resolve("404xxx.md"))).contains("## 404104 DeviceConnectionClosedRemotely",
                "### Cause `connection-lost`");
    }

    /** The classes a run of the jar loaded, from the JVM's class-loading log. */
    private List<String> classesLoadedBy(String... args) throws Exception {
        Path log = tmp.resolve("classes-" + args[0] + ".log");
        CliProcess.Result r = CliProcess.run(null,
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log), args);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int start = line.indexOf("] ") + 2;
            int end = line.indexOf(' ', start);
            if (start > 1 && end > start) {
                classes.add(line.substring(start, end));
            }
        }
        assertThat(classes).as("the log names classes").contains("org.iothubkb.cli.Main");
        return classes;
    }

    @Test
    @Tag("needs-engine")
    void explainNeedsNeitherTheRulesModelNorAClassPathScan() throws Exception {
        List<String> explain = classesLoadedBy("explain", "404104");
        // The rules' metadata comes from the index the build wrote: no class of the executable model loads.
        assertThat(explain).noneMatch(c -> c.startsWith("org.iothubkb.rules."));
        assertThat(explain).noneMatch(c -> c.startsWith("com.fasterxml.jackson."));
        assertThat(explain).noneMatch(c -> c.contains("ClasspathKieProject") || c.contains("KieContainerImpl"));

        List<String> diagnose = classesLoadedBy("diagnose", example("reconnect-race.jsonl").toString());
        assertThat(diagnose).anyMatch(c -> c.startsWith("org.iothubkb.rules."));
        // The built-in model loads by the class names it lists, never through KIE's search of the class path.
        assertThat(diagnose).noneMatch(c -> c.contains("ClasspathKieProject") || c.contains("KieContainerImpl"));
    }
}
