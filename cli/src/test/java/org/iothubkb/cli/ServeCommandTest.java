package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.PluginRegistry;
import org.iothubkb.core.spi.EventParser;
import org.iothubkb.plugins.http.DiagnosisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve}: its options, its help, and that it answers what {@code diagnose --format json} prints. */
class ServeCommandTest {

    private static final Function<Locale, KnowledgeBase> NO_KB = locale -> {
        throw new AssertionError("the knowledge base must not be built for a usage error");
    };

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "serve extra                    | unexpected argument [extra]",
            "serve --port 70000             | not a port number",
            "serve --port eighty            | not a port number",
            "serve --bind                   | bind",
            "serve --rules no/such/folder   | no such file or folder: [no/such/folder]",
            "serve --lang fr                | unknown language [fr]",
            "serve --max-lateness soon      | --max-lateness",
            "serve --format json            | --format",
            "serve --max-sessions 0         | --max-sessions: not a whole number from 1",
            "serve --max-events-per-session lots | --max-events-per-session: not a whole number",
            "serve --client-timeout 10ms    | --client-timeout: must be 100ms to 1h",
            "serve --client-timeout soon    | --client-timeout",
            "serve --token-file no/such/file | --token-file [no/such/file]: no such file",
    })
    void usageErrorsExitWithTwoAndPointAtServeHelp(String args, String reason) {
        Fakes.Run r = Fakes.Run.of(NO_KB, List.of(new Fakes.LineParser("lines", null)), "", args.split(" "));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        String[] lines = r.err.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("iothub-kb: ").contains(reason);
        assertThat(lines[1]).isEqualTo("Try 'iothub-kb serve --help'.");
    }

    @Test
    void helpInEnglishAndDutch() {
        for (String[] args : List.of(new String[] {"serve", "--help"}, new String[] {"help", "serve"})) {
            Fakes.Run r = Fakes.Run.of(NO_KB, List.of(), "", args);
            assertThat(r.exit).isZero();
            assertThat(r.out).contains("Usage: iothub-kb serve", "--bind", "--port", "--rules", "--max-lateness",
                    "--plugins", "127.0.0.1", "docs/server.md", "never accepted over", "--token-file",
                    "--max-sessions", "--max-events-per-session", "--client-timeout",
                    "(default 1000000)", "chmod 600");
        }
        Fakes.Run nl = Fakes.Run.of(NO_KB, List.of(), "", "serve", "--help", "--lang", "nl");
        assertThat(nl.out).contains("Gebruik: iothub-kb serve", "de poort om op te luisteren");
        assertThat(Fakes.Run.of(NO_KB, List.of(), "", "--help").out).contains("serve");
    }

    @Test
    void parsesEveryOption() throws Exception {
        Path here = Path.of(".");
        ServeRunner.Settings s = ServeRunner.parse(new String[] {"--bind", "0.0.0.0", "--port", "0", "--rules",
                here.toString(), "--rules", here.toString(), "--plugins", "plugins", "--lang", "nl",
                "--max-lateness", "90s", "--verbose"});
        assertThat(s.help()).isFalse();
        assertThat(s.bind()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isZero();
        assertThat(s.rules()).containsExactly(here, here);
        assertThat(s.plugins()).containsExactly("plugins");
        assertThat(s.verbose()).isTrue();
        assertThat(s.locale().getLanguage()).isEqualTo("nl");
        assertThat(s.maxLateness()).isEqualTo(Duration.ofSeconds(90));
        ServeRunner.Settings defaults = ServeRunner.parse(new String[0]);
        assertThat(defaults.bind()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isEqualTo(8080);
        assertThat(defaults.rules()).isEmpty();
        assertThat(defaults.maxSessions()).isEqualTo(64);
        assertThat(defaults.maxEventsPerSession()).isEqualTo(1_000_000);
        assertThat(defaults.clientTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.token()).isNull();
        ServeRunner.Settings limits = ServeRunner.parse(new String[] {"--max-sessions", "3",
                "--max-events-per-session", "1_000", "--client-timeout", "5s"});
        assertThat(limits.maxSessions()).isEqualTo(3);
        assertThat(limits.maxEventsPerSession()).isEqualTo(1000);
        assertThat(limits.clientTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    static final String TOKEN = "cli-test-token_0123456789abcdef";

    static Path tokenFile(Path dir, String content, String perms) throws IOException {
        Path f = dir.resolve("token");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', value = {
            "cli-test-token_0123456789abcdef | rw-r--r-- | readable by every user of this machine (rw-r--r--)",
            "''                              | rw------- | the file is empty",
            "'   '                           | rw------- | the file is empty",
            "short                           | rw------- | at least 16",
            "'two lines of a token\nhere'   | rw------- | more than one line",
            "'has spaces in it, far too many' | rw------- | no spaces",
    })
    void aTokenFileThatWillNotDoStopsServeBeforeItListens(String content, String perms, String reason,
                                                         @TempDir Path dir) throws IOException {
        Path f = tokenFile(dir, content.replace("\\n", "\n"), perms);
        Fakes.Run r = Fakes.Run.of(NO_KB, List.of(new Fakes.LineParser("lines", null)), "", "serve",
                "--token-file", f.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--token-file [" + f + "]: ", reason);
        if (content.length() > 8) {
            assertThat(r.err).doesNotContain(content.strip());
        }
    }

    @Test
    void withATokenFileRequestsNeedTheTokenAndItIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path f = tokenFile(dir, TOKEN + "\n", "rw-r-----");
        ServeRunner.Settings s = ServeRunner.parse(new String[] {"--port", "0", "--token-file", f.toString()});
        assertThat(s.token()).isEqualTo(TOKEN);
        assertThat(s.toString()).doesNotContain(TOKEN).contains(f.toString());

        KnowledgeBase kb = Main.buildKnowledgeBase(RulesRequest.builtIn(Locale.ENGLISH));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = new Env(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), rules -> kb, PluginRegistry::discover);
        DiagnosisServer server = new ServeRunner(env).start(s);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI catalog = URI.create("http://127.0.0.1:" + server.port() + "/v1/catalog");
            HttpResponse<String> without = http.send(HttpRequest.newBuilder(catalog).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            HttpResponse<String> with = http.send(HttpRequest.newBuilder(catalog)
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).isEqualTo(200);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("bearer token from " + f)
                    .doesNotContain(TOKEN);
        } finally {
            server.stop();
        }
    }

    /** The end-to-end promise: the same bytes as the CLI, for the same input named the same way. */
    @Test
    void postDiagnoseAnswersExactlyWhatDiagnoseFormatJsonPrints() throws Exception {
        Path race = Path.of(System.getProperty("iothubkb.examples", "../examples"), "reconnect-race.jsonl");
        String file = race.toString();
        KnowledgeBase kb = Main.buildKnowledgeBase(RulesRequest.builtIn(Locale.ENGLISH));
        List<EventParser> parsers = PluginRegistry.discover(List.of()).parsers();
        Fakes.Run cli = Fakes.Run.of(locale -> kb, parsers, "", "diagnose", "--format", "json", file);
        assertThat(cli.exit).as(cli.err).isZero();

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = new Env(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), rules -> kb, PluginRegistry::discover);
        DiagnosisServer server = new ServeRunner(env).start(ServeRunner.parse(new String[] {"--port", "0"}));
        try {
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .isEqualTo("iothub-kb: serving on http://127.0.0.1:" + server.port() + "\n");
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + server.port() + "/v1/diagnose?source="
                                    + URLEncoder.encode(file, StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(race))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(cli.out).contains("\"409002\"");
        } finally {
            server.stop();
        }
    }
}
