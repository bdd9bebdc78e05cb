package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party plugin jar (examples/plugin-sample, built by the reactor but not on the CLI's class path) dropped
 * into a plugin folder next to broken jars: the CLI finds it, uses its output format and its rule pack, and the
 * broken jars are reported without stopping the run.
 */
class PluginsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path plugins;
    private Path sampleJar;

    @BeforeEach
    void pluginFolder() throws Exception {
        Path built = Path.of(System.getProperty("iothubkb.example.plugin",
                "../examples/plugin-sample/target/iothub-kb-example-plugin.jar")).toAbsolutePath().normalize();
        assertThat(built).as("the example plugin jar; build examples/plugin-sample first (mvn verify does)")
                .isRegularFile();
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        sampleJar = Files.copy(built, plugins.resolve("acme-iothub-plugin.jar"));
    }

    /** A jar whose services file names a class that is not in it. */
    private Path missingClassJar() throws Exception {
        Path jar = plugins.resolve("half-built.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("META-INF/services/org.iothubkb.core.spi.DiagnosisSink"));
            j.write("com.halfbuilt.XmlSink\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private Path garbageJar() throws Exception {
        return Files.write(plugins.resolve("truncated.jar"), new byte[] {0x50, 0x4b, 0x03, 0x04, 9, 9, 9});
    }

    @Test
    void pluginsListsWhatWasFoundAndWhatFailed() throws Exception {
        Path missing = missingClassJar();
        Path garbage = garbageJar();
        CliProcess.Result r = CliProcess.run("plugins", "--plugins", plugins.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = MAPPER.readTree(r.out());
        assertThat(json.get("plugins").findValuesAsText("id")).contains("azure-monitor-logs", "event-grid",
                "facts", "text", "json", "jsonl", "csv", "example-door-sensors");
        for (JsonNode p : json.get("plugins")) {
            if (p.get("id").asText().equals("csv")) {
                assertThat(p.get("kind").asText()).isEqualTo("sink");
                assertThat(p.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
                assertThat(p.get("jar").asText()).isEqualTo(sampleJar.toString());
                assertThat(p.get("className").asText()).isEqualTo("com.example.iothubkb.CsvSink");
            }
            if (p.get("id").asText().equals("example-door-sensors")) {
                assertThat(p.get("kind").asText()).isEqualTo("rule-pack");
            }
        }
        assertThat(json.get("failures")).hasSize(2);
        assertThat(json.get("failures").findValuesAsText("jar")).containsExactlyInAnyOrder(missing.toString(),
                garbage.toString());
        assertThat(json.get("failures").findValuesAsText("className")).contains("com.halfbuilt.XmlSink");

        CliProcess.Result text = CliProcess.run("plugins", "--plugins", plugins.toString());
        assertThat(text.out()).containsPattern("csv\\s+sink\\s+0\\.1\\.0-SNAPSHOT\\s+" + java.util.regex.Pattern
                .quote(sampleJar.toString()));
        assertThat(text.out()).contains("failed: sink com.halfbuilt.XmlSink (" + missing + ")");
    }

    @Test
    void aPluginsOutputFormatAndRulePackAreUsedWhileBrokenJarsOnlyWarn() throws Exception {
        missingClassJar();
        garbageJar();
        Path input = CliProcess.examples().resolve(
                "plugin-sample/src/main/resources/com/example/iothubkb/rules/scenarios/door-drop.jsonl");

        CliProcess.Result csv = CliProcess.run(null, Map.of(PluginSupport.PLUGINS_ENV, plugins.toString()),
                "diagnose", "--format", "csv", input.toString());
        assertThat(csv.exit()).as(csv.err()).isZero();
        List<String> rows = List.of(csv.out().split("\r\n"));
        assertThat(rows.get(0)).startsWith("id,errorCode,cause,severity");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).startsWith("D1,404104,connection-lost,warning");
        assertThat(rows.get(2)).startsWith("D2,404104,door-sensor-offline,error").contains(",D1,");
        assertThat(csv.err()).contains("iothub-kb: warning: plugin not loaded: sink com.halfbuilt.XmlSink")
                .contains("iothub-kb: warning: plugin not loaded: jar")
                .contains("3 records read, 3 events accepted, 0 records rejected");

        CliProcess.Result explain = CliProcess.run("explain", "--plugins", plugins.toString(), "--format", "json",
                "404104");
        assertThat(MAPPER.readTree(explain.out()).get("causes").findValuesAsText("cause"))
                .contains("connection-lost", "door-sensor-offline");
    }

    @Test
    void testWithoutPathsRunsTheRulePacksScenarios() throws Exception {
        CliProcess.Result r = CliProcess.run("test", "--plugins", plugins.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("2 passed, 0 failed\n");

        CliProcess.Result none = CliProcess.run("test");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no rule pack among the plugins carries any");
    }

    @Test
    void twoPluginsWithTheSameIdStopTheRunNamingBoth() throws Exception {
        Path copy = Files.copy(sampleJar, plugins.resolve("acme-iothub-plugin-copy.jar"));
        CliProcess.Result r = CliProcess.run("diagnose", "--plugins", plugins.toString(),
                CliProcess.examples().resolve("reconnect-race.jsonl").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("[csv]").contains(sampleJar.toString()).contains(copy.toString());
    }
}
