package org.iothubkb.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars compiled in the test, in good, broken and clashing shapes. */
class PluginRegistryTest {

    @TempDir
    Path tmp;

    /** Compiles {@code sources} (class name → body) against our class path and jars them with a services file. */
    private Path jar(String name, String version, Map<String, String> sources, Map<String, String> services)
            throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src-" + name));
        Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
        String[] files = new String[sources.size()];
        int i = 0;
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path f = src.resolve(s.getKey().substring(s.getKey().lastIndexOf('.') + 1) + ".java");
            Files.writeString(f, s.getValue());
            files[i++] = f.toString();
        }
        if (files.length > 0) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            String[] args = Stream.concat(Stream.of("-d", classes.toString(), "-cp",
                    System.getProperty("java.class.path")), Stream.of(files)).toArray(String[]::new);
            assertThat(javac.run(null, null, errors, args)).as(errors.toString(StandardCharsets.UTF_8)).isZero();
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        Path jar = Files.createDirectories(tmp.resolve("plugins")).resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path c : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    j.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(c));
                }
            }
            for (Map.Entry<String, String> s : services.entrySet()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                j.write(s.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static String sink(String pkg, String cls, String id, String constructorBody) {
        return "package " + pkg + ";\n"
                + "public class " + cls + " implements org.iothubkb.core.spi.DiagnosisSink {\n"
                + "  public " + cls + "() { " + constructorBody + " }\n"
                + "  public String id() { return \"" + id + "\"; }\n"
                + "  public void write(org.iothubkb.core.api.DiagnosisReport r, java.util.Locale l,"
                + " java.io.OutputStream o) throws java.io.IOException {\n"
                + "    o.write((\"diagnoses=\" + r.getDiagnoses().size()).getBytes());\n  }\n}\n";
    }

    private static final String SINK_SPI = "org.iothubkb.core.spi.DiagnosisSink";

    @Test
    void aThirdPartyJarIsFoundWithItsKindIdVersionAndJar() throws Exception {
        Path jar = jar("acme-csv", "3.1.4", Map.of("com.acme.CsvSink", sink("com.acme", "CsvSink", "acme-csv", "")),
                Map.of(SINK_SPI, "# the Acme sink\ncom.acme.CsvSink\n"));

        PluginRegistry registry = PluginRegistry.discover(List.of(jar.getParent()));

        assertThat(registry.failures()).isEmpty();
        PluginRegistry.Entry e = registry.entries().stream().filter(x -> x.id().equals("acme-csv")).findFirst()
                .orElseThrow();
        assertThat(e.kind()).isEqualTo(PluginRegistry.Kind.SINK);
        assertThat(e.version()).isEqualTo("3.1.4");
        assertThat(e.className()).isEqualTo("com.acme.CsvSink");
        assertThat(e.jar()).isEqualTo(jar.toString());
        assertThat(registry.sink("acme-csv")).isPresent();
        assertThat(registry.parser("facts")).as("kb-core's own parser, from the class path").isPresent();
    }

    @Test
    void brokenPluginsAreReportedWithClassAndJarAndTheOthersStillLoad() throws Exception {
        Path good = jar("good", "1.0", Map.of("com.good.Sink", sink("com.good", "Sink", "good", "")),
                Map.of(SINK_SPI, "com.good.Sink\n"));
        Path missing = jar("missing", "1.0", Map.of(), Map.of(SINK_SPI, "com.gone.NoSuchSink\n"));
        Path throwing = jar("throwing", "1.0", Map.of("com.bad.Sink",
                sink("com.bad", "Sink", "bad", "throw new IllegalStateException(\"no licence key\");")),
                Map.of(SINK_SPI, "com.bad.Sink\n"));
        Path wrongType = jar("wrong-type", "1.0", Map.of("com.odd.NotASink",
                "package com.odd; public class NotASink { }"), Map.of(SINK_SPI, "com.odd.NotASink\n"));
        Path garbage = tmp.resolve("plugins").resolve("garbage.jar");
        Files.write(garbage, new byte[] {0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5});

        PluginRegistry registry = PluginRegistry.discover(List.of(good.getParent()));

        assertThat(registry.sink("good")).isPresent();
        assertThat(registry.failures()).hasSize(4);
        assertThat(registry.failures()).anySatisfy(f -> {
            assertThat(f.className()).isEqualTo("com.gone.NoSuchSink");
            assertThat(f.jar()).isEqualTo(missing.toString());
            assertThat(f.reason()).contains("not found");
        });
        assertThat(registry.failures()).anySatisfy(f -> {
            assertThat(f.className()).isEqualTo("com.bad.Sink");
            assertThat(f.jar()).isEqualTo(throwing.toString());
            assertThat(f.reason()).contains("no licence key");
        });
        assertThat(registry.failures()).anySatisfy(f -> {
            assertThat(f.className()).isEqualTo("com.odd.NotASink");
            assertThat(f.jar()).isEqualTo(wrongType.toString());
        });
        assertThat(registry.failures()).anySatisfy(f -> {
            assertThat(f.kind()).isNull();
            assertThat(f.jar()).isEqualTo(garbage.toString());
            assertThat(f.reason()).startsWith("not a readable jar");
        });
    }

    @Test
    void twoPluginsWithOneIdStopDiscoveryNamingBoth() throws Exception {
        Path a = jar("a", "1.0", Map.of("com.a.Sink", sink("com.a", "Sink", "csv", "")),
                Map.of(SINK_SPI, "com.a.Sink\n"));
        Path b = jar("b", "1.0", Map.of("com.b.Sink", sink("com.b", "Sink", "csv", "")),
                Map.of(SINK_SPI, "com.b.Sink\n"));

        assertThatThrownBy(() -> PluginRegistry.discover(List.of(a.getParent())))
                .isInstanceOf(PluginConflictException.class)
                .hasMessageContaining("[csv]")
                .hasMessageContaining("com.a.Sink (" + a + ")")
                .hasMessageContaining("com.b.Sink (" + b + ")");
    }

    @Test
    void twoCopiesOfOnePluginJarStopDiscoveryNamingBothJars() throws Exception {
        Path v1 = jar("acme-1.0", "1.0", Map.of("com.acme.Sink", sink("com.acme", "Sink", "acme", "")),
                Map.of(SINK_SPI, "com.acme.Sink\n"));
        Path v2 = tmp.resolve("plugins").resolve("acme-1.1.jar");
        Files.copy(v1, v2);

        assertThatThrownBy(() -> PluginRegistry.discover(List.of(v1.getParent())))
                .isInstanceOf(PluginConflictException.class)
                .hasMessageContaining("[acme]")
                .hasMessageContaining(v1.toString())
                .hasMessageContaining(v2.toString());
    }

    @Test
    void aMissingPluginFolderIsNoPlugins() {
        PluginRegistry registry = PluginRegistry.discover(List.of(tmp.resolve("nowhere")));
        assertThat(registry.failures()).isEmpty();
        assertThat(registry.parsers()).extracting(p -> p.id()).containsExactly("facts");
    }
}
