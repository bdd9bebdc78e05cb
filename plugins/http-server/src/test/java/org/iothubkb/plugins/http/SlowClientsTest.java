package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.TestServers.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.SessionOptions;
import org.junit.jupiter.api.Test;

/**
 * Clients that trickle their request a byte at a time are cut off after the client timeout, and the server
 * answers others meanwhile, though the tricklers outnumber its request threads.
 */
class SlowClientsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final int THREADS = 2;
    /** How long a trickler would go on if nobody stopped it: far past the timeout. */
    static final long TRICKLE_FOR_MS = 20_000;

    /** One raw connection sending {@code head} at once, then one byte of {@code rest} every 100 ms. */
    static final class Trickler {
        final Socket socket = new Socket();
        final AtomicInteger sent = new AtomicInteger();
        final int fullLength;
        final CompletableFuture<Long> closedAfterMs = new CompletableFuture<>();

        Trickler(int port, String head, String rest) throws IOException {
            byte[] start = head.getBytes(StandardCharsets.US_ASCII);
            byte[] tail = rest.getBytes(StandardCharsets.US_ASCII);
            fullLength = start.length + tail.length;
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) TRICKLE_FOR_MS + 5_000);
            long began = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(start);
                    out.flush();
                    sent.addAndGet(start.length);
                    for (int i = 0; i < tail.length && !closedAfterMs.isDone(); i++) {
                        Thread.sleep(100);
                        out.write(tail[i]);
                        out.flush();
                        sent.incrementAndGet();
                        if (System.nanoTime() - began > TimeUnit.MILLISECONDS.toNanos(TRICKLE_FOR_MS)) {
                            break;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what the test waits for
                }
            }, "trickler-writer");
            writer.setDaemon(true);
            writer.start();
            Thread reader = new Thread(() -> {
                try {
                    InputStream in = socket.getInputStream();
                    while (in.read() >= 0) {
                        // an answer would be a failure too, but the close is what is timed
                    }
                } catch (IOException e) {
                    // reset by the server: closed as well
                }
                closedAfterMs.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            }, "trickler-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    @Test
    void tricklingClientsAreCutOffAndOthersAreStillServed() throws Exception {
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(
                        KnowledgeBaseSource.fixed(TestServers.builtIns()), TestServers.parsers())
                .port(0).threads(THREADS).clientTimeout(TIMEOUT).log(log.stream).build());
        server.start();
        List<Trickler> tricklers = new ArrayList<>();
        try {
            String slowHeaders = "X-Slow: " + "a".repeat(400) + "\r\n\r\n";
            String body = "{}\n".repeat(300);
            for (int i = 0; i < THREADS + 1; i++) {
                // Headers a byte at a time: the JDK reads them on a request thread.
                tricklers.add(new Trickler(server.port(), "POST /v1/diagnose HTTP/1.1\r\nHost: t\r\nX", slowHeaders));
                // Headers at once, then the body a byte at a time: our handler reads it.
                tricklers.add(new Trickler(server.port(), "POST /v1/diagnose HTTP/1.1\r\nHost: t\r\nContent-Length: "
                        + body.length() + "\r\n\r\n", body));
            }
            Thread.sleep(300); // every request thread now holds a trickler, and more wait in the queue

            TestServers.Client client = new TestServers.Client(server);
            long asked = System.nanoTime();
            HttpResponse<String> health = client.get("/healthz");
            long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            assertThat(health.statusCode()).isEqualTo(200);
            System.out.printf("slow clients: /healthz answered after %d ms with %d tricklers on %d threads%n",
                    answeredMs, tricklers.size(), THREADS);
            assertThat(answeredMs).as("answered long before the tricklers would have finished")
                    .isLessThan(TRICKLE_FOR_MS / 2);

            for (Trickler t : tricklers) {
                long closedMs = t.closedAfterMs.get(TRICKLE_FOR_MS / 2, TimeUnit.MILLISECONDS);
                assertThat(closedMs).as("cut off after the timeout, not before").isGreaterThanOrEqualTo(
                        TIMEOUT.toMillis() - 100);
                assertThat(t.sent.get()).as("cut off before sending the whole request").isLessThan(t.fullLength);
            }
            assertThat(server.clientsCutOff()).isGreaterThanOrEqualTo(tricklers.size());
            assertThat(json(client.get("/healthz")).get("clientsCutOff").asLong()).isGreaterThanOrEqualTo(
                    tricklers.size());
            assertThat(log.text()).contains("took over 1000 ms to send its request");

            // And a normal request afterwards is answered as ever.
            String race = new String(TestServers.exampleBytes("reconnect-race.jsonl"), StandardCharsets.UTF_8);
            assertThat(json(client.post("/v1/diagnose", race)).get("diagnoses").size()).isEqualTo(2);
        } finally {
            for (Trickler t : tricklers) {
                t.socket.close();
            }
            server.stop();
        }
    }

    @Test
    void aClientThatSendsPromptlyIsNeverCutOffHoweverLongTheWork() throws Exception {
        // The timeout covers the client's sending, not the server's work: rules that take longer still answer.
        KnowledgeBase real = TestServers.builtIns();
        KnowledgeBase slow = new KnowledgeBase() {
            @Override
            public DiagnosisSession newSession(SessionOptions options) {
                try {
                    Thread.sleep(4 * 200);
                } catch (InterruptedException e) {
                    throw new AssertionError("the work was interrupted", e);
                }
                return real.newSession(options);
            }

            @Override
            public List<CodeInfo> codes() {
                return real.codes();
            }

            @Override
            public Optional<CodeInfo> code(String code) {
                return real.code(code);
            }

            @Override
            public Locale locale() {
                return real.locale();
            }

            @Override
            public int ruleCount() {
                return real.ruleCount();
            }
        };
        TestServers.Log log = new TestServers.Log();
        DiagnosisServer server = new DiagnosisServer(ServerConfig.builder(KnowledgeBaseSource.fixed(slow),
                        TestServers.parsers())
                .port(0).threads(THREADS).clientTimeout(Duration.ofMillis(200)).log(log.stream).build());
        server.start();
        try {
            byte[] race = TestServers.exampleBytes("reconnect-race.jsonl");
            HttpResponse<String> r = new TestServers.Client(server).post("/v1/diagnose", race);
            assertThat(r.statusCode()).as(r.body() + log.text()).isEqualTo(200);
            assertThat(json(r).get("diagnoses").size()).isEqualTo(2);
            assertThat(server.clientsCutOff()).isZero();
        } finally {
            server.stop();
        }
    }
}
