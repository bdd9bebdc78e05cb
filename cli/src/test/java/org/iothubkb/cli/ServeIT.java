package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} from the shaded jar, as an operator starts it: with a token file and the new limits. */
class ServeIT {

    private static final String TOKEN = "it-token_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final Pattern SERVING = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path tmp;

    @Test
    void aWorldReadableTokenFileStopsServeWithExitTwo() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        CliProcess.Result r = CliProcess.run(null, Map.of(), "serve", "--port", "0", "--token-file",
                token.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--token-file [" + token + "]: readable by every user").doesNotContain(TOKEN);
    }

    @Test
    void servesWithTheTokenAndTheEventsCapAndNeverPrintsTheToken() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                CliProcess.jar().toString(), "serve", "--port", "0", "--token-file", token.toString(),
                "--max-events-per-session", "3", "--client-timeout", "5s");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> base = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    err.add(line);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        base.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                base.completeExceptionally(e);
            }
            base.complete(null);
        });
        reader.start();
        try {
            String url = base.get(120, TimeUnit.SECONDS);
            assertThat(url).as(String.join("\n", err)).isNotNull();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/catalog"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);

            HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/sessions"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            String location = opened.headers().firstValue("Location").orElseThrow();
            byte[] race = Files.readAllBytes(CliProcess.examples().resolve("reconnect-race.jsonl"));
            HttpResponse<String> over = http.send(HttpRequest.newBuilder(URI.create(url + location + "/events"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(race))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.body()).contains("too-many-events", "maxEventsPerSession");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        String log = String.join("\n", err);
        assertThat(log).contains("requests must carry the bearer token from " + token).doesNotContain(TOKEN);
    }
}
