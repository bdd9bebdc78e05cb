package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar that {@code package} builds ({@code target/iothub-kb-flink-job.jar}) holds what {@code flink run}
 * needs and nothing of Flink's own: checked by listing it, and by running its main class with only the Flink
 * modules (the {@code provided} ones) beside it.
 */
class JobJarIT {

    private static final Path JAR = Paths.get(System.getProperty("iothubkb.flink.jar",
            "target/iothub-kb-flink-job.jar"));
    private static final Path EXAMPLES = Paths.get(System.getProperty("iothubkb.examples", "../../examples"))
            .toAbsolutePath().normalize();

    /** The test class path split into what the job jar holds and the rest (Flink, test libraries). */
    private static final List<Path> SHADED_IN = new ArrayList<>();
    private static final List<Path> LEFT_OUT = new ArrayList<>();

    private static Set<String> entries;

    @BeforeAll
    static void listTheJar() throws IOException {
        assertThat(JAR).as("the job jar; run `mvn package` first").isRegularFile();
        entries = new LinkedHashSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(entries::add);
        }
        // A class path entry is in the job jar if its first class is: a jar is shaded in whole or not at all.
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Paths.get(element);
            Optional<String> someClass = firstClass(p);
            if (someClass.isEmpty()) {
                continue;
            }
            (entries.contains(someClass.get()) ? SHADED_IN : LEFT_OUT).add(p);
        }
    }

    @Test
    void theManifestNamesTheJobAsMainClass() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(DiagnosisJob.class.getName());
        }
    }

    @Test
    void theRulesTheirKieModuleAndTheirCompiledModelAreInside() throws IOException {
        Path rulesSource = EXAMPLES.resolve("../rules/src/main/resources").normalize();
        List<String> drls;
        try (Stream<Path> files = Files.walk(rulesSource)) {
            drls = files.filter(f -> f.toString().endsWith(".drl"))
                    .map(f -> rulesSource.relativize(f).toString().replace(File.separatorChar, '/')).toList();
        }

        assertThat(drls).hasSizeGreaterThan(100);
        assertThat(entries).containsAll(drls);
        assertThat(entries).contains("META-INF/kmodule.xml",
                "META-INF/kie/org.iothubkb/iothub-kb-rules/drools-model",
                "META-INF/iothub-kb/rule-index.tsv");
    }

    @Test
    void everyServiceFileOfEveryShadedDependencyIsMergedIn() throws IOException {
        int merged = 0;
        for (Path p : SHADED_IN) {
            for (String name : serviceFiles(p)) {
                List<String> expected = services(read(p, name));
                assertThat(services(readJar(name))).as("%s from %s", name, p).containsAll(expected);
                merged++;
            }
        }

        // Among them, files that several dependencies write to: kept whole only if merged.
        // In the CLI's order: event facts also have a "category", and only asking the facts parser first keeps the
        // resource-log parser from taking them.
        assertThat(services(readJar("META-INF/services/org.iothubkb.core.spi.EventParser")))
                .containsSubsequence("org.iothubkb.core.internal.FactsParser", AzureMonitorLogsParser.class.getName(),
                        "org.iothubkb.plugins.eventgrid.EventGridParser");
        assertThat(services(readJar("META-INF/services/org.drools.wiring.api.ComponentsSupplier"))).hasSize(2);
        assertThat(merged).isGreaterThan(30);
    }

    @Test
    void flinksOwnModulesStayOut() {
        assertThat(entries).doesNotContain(
                "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                "org/apache/flink/runtime/minicluster/MiniCluster.class",
                "org/apache/flink/api/common/ExecutionConfig.class",
                "org/apache/flink/client/program/PackagedProgram.class");
        // The connectors are not part of Flink's distribution and must be inside.
        assertThat(entries).contains("org/apache/flink/connector/kafka/sink/KafkaSink.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class",
                "org/iothubkb/plugins/flink/DiagnosisJob.class");
    }

    @Test
    void theJarRunsTheJobWithOnlyFlinkBesideIt(@TempDir Path out) throws Exception {
        Path input = EXAMPLES.resolve("reconnect-race.jsonl");
        List<String> classPath = new ArrayList<>();
        classPath.add(JAR.toAbsolutePath().toString());
        // Only jars: the test classes and this module's own classes must come from the job jar, not a directory.
        LEFT_OUT.stream().filter(Files::isRegularFile).map(Path::toString).forEach(classPath::add);
        Path log = out.resolve("job.log");

        Process job = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), DiagnosisJob.class.getName(),
                "--input", input.toString(), "--output", out.resolve("out").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = job.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            job.destroyForcibly();
        }

        assertThat(ended).as("the job ended within 3 minutes; log:%n%s", tail(log)).isTrue();
        assertThat(job.exitValue()).as("exit code; log:%n%s", tail(log)).isZero();
        assertThat(LEFT_OUT).as("the class path beside the jar")
                .noneMatch(p -> p.toString().contains("drools") || p.toString().contains("kafka-clients")
                        || p.getFileName().toString().startsWith("iothub-kb"))
                .anyMatch(p -> p.getFileName().toString().startsWith("flink-runtime-"));
        List<JsonObject> diagnoses = partFileLines(out.resolve("out/diagnoses"));
        List<JsonObject> expected = DiagnosisJobTest.cliDiagnoses(input);
        assertThat(expected).isNotEmpty();
        assertThat(DiagnosisJobTest.comparable(diagnoses))
                .containsExactlyInAnyOrderElementsOf(DiagnosisJobTest.comparable(expected));
        assertThat(partFileLines(out.resolve("out/rejected"))).isEmpty();
    }

    /** The committed part files' lines; in-progress files (names starting with a dot) are not output yet. */
    private static List<JsonObject> partFileLines(Path dir) throws IOException {
        List<JsonObject> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    try (JsonReader r = Json.createReader(new StringReader(line))) {
                        all.add(r.readObject());
                    }
                }
            }
        }
        return all;
    }

    private static Optional<String> firstClass(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> files = Files.walk(p)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                        .map(f -> p.relativize(f).toString().replace(File.separatorChar, '/')).findFirst();
            }
        }
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try (JarFile jar = new JarFile(p.toFile())) {
            Enumeration<? extends ZipEntry> e = jar.entries();
            while (e.hasMoreElements()) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/")) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> serviceFiles(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            Path services = p.resolve("META-INF/services");
            if (!Files.isDirectory(services)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(services)) {
                return files.map(f -> "META-INF/services/" + f.getFileName()).toList();
            }
        }
        try (JarFile jar = new JarFile(p.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList();
        }
    }

    private static String read(Path p, String name) throws IOException {
        if (Files.isDirectory(p)) {
            return Files.readString(p.resolve(name));
        }
        try (JarFile jar = new JarFile(p.toFile()); InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String readJar(String name) throws IOException {
        assertThat(entries).contains(name);
        return read(JAR, name);
    }

    /** The provider names of a service file, without comments and blank lines. */
    private static List<String> services(String file) {
        return file.lines().map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
