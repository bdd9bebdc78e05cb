package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the shaded CLI jar as a subprocess, as scripts do; for the integration tests. */
final class CliProcess {

    private static final long TIMEOUT_SECONDS = 180;

    private CliProcess() {
    }

    /** What one run printed and returned. */
    record Result(int exit, String out, String err) {
    }

    /** The shaded jar the build made. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("iothubkb.cli.jar", "target/iothub-kb.jar")).toAbsolutePath();
        assertThat(jar).as("the shaded jar; run 'mvn verify' (or package) first").isRegularFile();
        return jar;
    }

    /** The repository's examples folder. */
    static Path examples() {
        return Path.of(System.getProperty("iothubkb.examples", "../examples")).toAbsolutePath().normalize();
    }

    /** Runs {@code java -jar iothub-kb.jar args…} with {@code env} added to a clean environment. */
    static Result run(byte[] stdin, Map<String, String> env, String... args) throws Exception {
        return runIn(Path.of(System.getProperty("user.dir")), stdin, env, args);
    }

    /** The same, from the working directory {@code dir}: relative paths in arguments and output start there. */
    static Result runIn(Path dir, byte[] stdin, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        // The CLI must not depend on the caller's logging settings, language, plugin folders or progress setting.
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove(PluginSupport.PLUGINS_ENV);
        pb.environment().remove(Progress.OVERRIDE_ENV);
        pb.environment().put("LANG", "C");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("iothub-kb did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    /** Runs the jar without standard input or extra environment. */
    static Result run(String... args) throws Exception {
        return run(null, Map.of(), args);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
