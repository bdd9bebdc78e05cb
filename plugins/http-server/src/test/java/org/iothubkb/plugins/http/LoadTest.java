package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.http.TestServers.json;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A bounded load on loopback: resource-log events at a steady rate, in batches, to streaming sessions that are
 * closed and reopened as they fill, with a one-shot diagnosis now and then. It prints what it sent, the latency
 * of the answers (p50, p99) and the heap after GC, and asserts only that every event was answered and taken:
 * timings depend on the machine, so they are reported, never asserted.
 *
 * <p>Short in a normal build ({@code iothubkb.load.seconds}, default 10). The {@code soak} profile runs it for
 * 60 s and adds {@link #soakKeepsTheHeapFlat()} ({@code iothubkb.soak.minutes}, 10 there), which checks that the
 * heap after GC does not grow (its floor and median over the later half against the earlier half, and what is
 * left once every session is closed): server and load generator share this JVM, so the figures cover both.
 */
class LoadTest {

    static final double RATE = Double.parseDouble(System.getProperty("iothubkb.load.eventsPerSecond", "2000"));
    static final long SECONDS = Long.getLong("iothubkb.load.seconds", 10);
    static final int BATCH = 50;
    static final int CLIENTS = 4;
    /** Events one session takes before the client closes it and opens another, as a long-running feeder would. */
    static final long EVENTS_PER_SESSION = 10_000;
    /** Pairs of devices the events are spread over. */
    static final int DEVICES = 2_000;
    /** One copy of the example in this many keeps its errors: about 4 % of the records are errors. */
    static final int EPISODE_EVERY = 10;
    /** Every n-th batch is a one-shot {@code POST /v1/diagnose} instead. */
    static final int ONE_SHOT_EVERY = 20;

    static DiagnosisServer server;
    static List<String> template;

    @BeforeAll
    static void start() throws Exception {
        server = new DiagnosisServer(ServerConfig.builder(KnowledgeBaseSource.fixed(TestServers.builtIns()),
                TestServers.parsers()).port(0).log(new TestServers.Log().stream).build());
        server.start();
        template = TestServers.exampleLines("reconnect-race.jsonl");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** What one run measured. */
    record Figures(long events, long requests, long errors, long accepted, List<Long> latenciesNanos) {
        double percentileMs(double p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            return sorted.get((int) Math.round(p * (sorted.size() - 1))) / 1e6;
        }
    }

    @Test
    void boundedLoad() throws Exception {
        long heapBefore = heapAfterGc();
        Figures f = run(Duration.ofSeconds(SECONDS), null);
        long heapAfter = heapAfterGc();
        print("load", Duration.ofSeconds(SECONDS), f, heapBefore, heapAfter);
        assertAllTaken(f);
    }

    @Test
    @EnabledIfSystemProperty(named = "iothubkb.soak.minutes", matches = "[1-9][0-9]*")
    void soakKeepsTheHeapFlat() throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("iothubkb.soak.minutes"));
        Duration every = Duration.ofSeconds(Long.getLong("iothubkb.soak.sampleSeconds", 30));
        List<Long> heap = Collections.synchronizedList(new ArrayList<>());
        long heapBefore = heapAfterGc();
        Figures f = run(length, new Sampler(every, heap));
        long heapAfter = heapAfterGc();
        print("soak", length, f, heapBefore, heapAfter);
        List<Long> mib = heap.stream().map(b -> b >> 20).toList();
        System.out.println("soak: heap after GC every " + every.toSeconds() + " s (MiB): " + mib);
        assertAllTaken(f);
        // The first tenth is warm-up: the JIT, the rule network and the session pool settle. One sample says
        // little: it depends on how full the open sessions happen to be (0 to 10,000 events each). A leak
        // raises the floor and the middle of the samples, so the later half is compared with the earlier one.
        int warm = Math.max(1, heap.size() / 10);
        assertThat(heap.size()).as("heap samples").isGreaterThanOrEqualTo(warm + 4);
        List<Long> settled = heap.subList(warm, heap.size());
        List<Long> early = settled.subList(0, settled.size() / 2);
        List<Long> late = settled.subList(settled.size() / 2, settled.size());
        System.out.printf("soak: heap after GC, earlier half vs later half: floor %d vs %d MiB, median %d vs %d MiB%n",
                min(early) >> 20, min(late) >> 20, median(early) >> 20, median(late) >> 20);
        assertThat((double) min(late)).as("floor of the heap after GC, later half vs earlier half; MiB: " + mib)
                .isLessThanOrEqualTo(1.5 * min(early));
        assertThat((double) median(late)).as("median heap after GC, later half vs earlier half; MiB: " + mib)
                .isLessThanOrEqualTo(1.5 * median(early));
        // With every session closed, what is left is what the server keeps for good.
        assertThat((double) heapAfter).as("heap after GC once every session is closed, vs before the soak")
                .isLessThanOrEqualTo(1.5 * heapBefore + (8 << 20));
    }

    private static long min(List<Long> xs) {
        return Collections.min(xs);
    }

    private static long median(List<Long> xs) {
        List<Long> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void assertAllTaken(Figures f) {
        assertThat(f.errors()).as("answers other than 200").isZero();
        assertThat(f.accepted()).as("events the server said it took").isEqualTo(f.events());
        assertThat(json(new TestServers.Client(server).get("/healthz")).get("openSessions").asInt()).isZero();
    }

    private static void print(String what, Duration length, Figures f, long heapBefore, long heapAfter) {
        System.out.printf("%s: %d s at %.0f events/s: %d events sent in %d requests (%.0f events/s), %d errors;"
                        + " latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; heap after GC %d MiB before, %d MiB"
                        + " after%n",
                what, length.toSeconds(), RATE, f.events(), f.requests(), f.events() / (double) length.toSeconds(),
                f.errors(), f.percentileMs(0.50), f.percentileMs(0.99), f.percentileMs(1.0), heapBefore >> 20,
                heapAfter >> 20);
    }

    /** Samples the heap after GC on a schedule while the load runs. */
    record Sampler(Duration every, List<Long> samples) {
    }

    /** Sends {@code RATE} events a second for {@code length}, from {@link #CLIENTS} threads. */
    static Figures run(Duration length, Sampler sampler) throws Exception {
        long batches = Math.max(CLIENTS, Math.round(RATE * length.toSeconds() / BATCH));
        long perClient = batches / CLIENTS;
        double batchIntervalNanos = 1e9 * BATCH * CLIENTS / RATE;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong events = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            long offset = (long) (c * batchIntervalNanos / CLIENTS);
            clients.add(pool.submit(() -> {
                TestServers.Client client = new TestServers.Client(server);
                String session = client.openSession();
                long inSession = 0;
                for (long b = 0; b < perClient; b++) {
                    long due = start + offset + (long) (b * batchIntervalNanos);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String body = batch(sequence.getAndAdd(BATCH));
                    boolean oneShot = b % ONE_SHOT_EVERY == ONE_SHOT_EVERY - 1;
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = client.post(oneShot ? "/v1/diagnose"
                            : "/v1/sessions/" + session + "/events", body);
                    latencies.add(System.nanoTime() - t0);
                    requests.incrementAndGet();
                    events.addAndGet(BATCH);
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                        continue;
                    }
                    JsonNode answer = json(r);
                    accepted.addAndGet(oneShot ? answer.get("summary").get("eventsAccepted").asLong()
                            : answer.get("accepted").asLong());
                    if (!oneShot && (inSession += BATCH) >= EVENTS_PER_SESSION) {
                        if (client.delete("/v1/sessions/" + session).statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                        session = client.openSession();
                        inSession = 0;
                    }
                }
                if (client.delete("/v1/sessions/" + session).statusCode() != 200) {
                    errors.incrementAndGet();
                }
                return null;
            }));
        }
        pool.shutdown();
        if (sampler != null) {
            long next = start + sampler.every().toNanos();
            while (!pool.awaitTermination(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() >= next) {
                    sampler.samples().add(heapAfterGc());
                    next += sampler.every().toNanos();
                }
            }
        } else {
            pool.awaitTermination(length.toSeconds() * 3 + 60, TimeUnit.SECONDS);
        }
        for (Future<?> f : clients) {
            f.get(1, TimeUnit.SECONDS); // rethrows what a client thread threw
        }
        return new Figures(events.get(), requests.get(), errors.get(), accepted.get(), latencies);
    }

    /**
     * {@link #BATCH} resource-log lines from the reconnect-race example, on {@link #DEVICES} pairs of devices,
     * stamped with the wall clock so that event time moves on as in production. Like a real fleet's log, most
     * records are routine: only one copy of the example in {@link #EPISODE_EVERY} keeps its error records (the
     * drop and the race); the others have a routine twin update in their place.
     */
    static String batch(long first) {
        StringBuilder sb = new StringBuilder(BATCH * 700);
        Instant now = Instant.now();
        String routine = template.stream().filter(l -> !l.contains("\"resultType\"")).reduce((a, b) -> b)
                .orElseThrow();
        for (int i = 0; i < BATCH; i++) {
            long n = first + i;
            long copy = n / template.size();
            String line = template.get((int) (n % template.size()));
            if (line.contains("\"resultType\"") && copy % EPISODE_EVERY != 0) {
                line = routine;
            }
            line = line.replace("press-07", "press-" + (copy % DEVICES))
                    .replace("conveyor-12", "conveyor-" + (copy % DEVICES));
            String time = now.plusMillis(i).toString();
            sb.append(line.replaceFirst("\"time\":\"[^\"]+\"", "\"time\":\"" + time + "\"")).append('\n');
        }
        return sb.toString();
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
