package org.iothubkb.cli;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Writes a seeded, realistic IoT Hub resource log as JSON Lines, the way a diagnostic setting archives it.
 *
 * <p>The fleet's routine traffic is Information records of every category (connects, twin reads and updates,
 * direct methods, tracing, routing, jobs, queries, configurations, file uploads, streams). About one record in
 * twenty belongs to an error episode: the chains the rules know (a remote close and the reconnect after it, the
 * 404104 → 409002 reconnect race, the 401003 → 404104 → reconnect of a token renewal, shared identities kicking each
 * other off, throttling, full C2D queues, methods on offline devices, server errors) and, now and then, a hub-wide
 * drop where a quarter to a third of the fleet loses its connection within a minute.
 *
 * <p>Records are written in arrival order, not event order: a small share arrives up to {@value #MAX_DELAY_MILLIS}
 * ms late, as Azure's pipeline does, which stays inside the CLI's default {@code --max-lateness}. The same seed and
 * options give the same bytes.
 */
final class LogGenerator {

    /** How late, at most, a delayed record arrives behind its event time. */
    static final long MAX_DELAY_MILLIS = 20_000;

    private static final String HUB_RESOURCE = "/SUBSCRIPTIONS/7F3A2C1E-5B4D-4E8F-9A6B-2C1D0E9F8A7B/RESOURCEGROUPS/"
            + "FLEET-IOT/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/FLEET-HUB-WEU";
    private static final String[] KINDS = {"press", "conveyor", "chiller", "pump", "meter", "gateway", "sensor"};
    private static final String[] SDKS = {
        "com.microsoft.azure.sdk.iot.iot-device-client/2.4.1 (Java 17; Linux; amd64)",
        ".NET/1.42.3 (.NET 6.0.25; Linux 5.15.0-1057-azure #65-Ubuntu SMP; X64)",
        "azure-iot-device/1.18.2 (node v18.19.0; Linux 5.15.0; x64)",
        "azure-iot-device-iothub-py/2.12.0 (Python 3.11.7; Linux; x86_64)",
        "C + (OSSimplified = Eclipse ThreadX)",
    };
    private static final String[] PROTOCOLS = {"Mqtt", "Amqp", "MqttWs", "AmqpWs"};
    private static final String SAS_AUTH =
            "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";

    /** The options of one generated log. */
    record Options(long records, int devices, long seed, double recordsPerSecond, Instant start,
            boolean hubDrops) {

        /**
         * {@code records} over {@code devices}, each device writing a record every 100 s on average, with hub-wide
         * drops.
         */
        static Options of(long records, int devices, long seed) {
            return new Options(records, devices, seed, devices / 100.0, Instant.parse("2026-11-02T00:00:00Z"), true);
        }

        /** The same log without hub-wide drops. */
        Options withoutHubDrops() {
            return new Options(records, devices, seed, recordsPerSecond, start, false);
        }

        Options {
            if (records < 0 || devices < 1 || recordsPerSecond <= 0) {
                throw new IllegalArgumentException("records >= 0, devices >= 1 and a positive rate are required");
            }
        }
    }

    /** What was written: records by level, and the episodes the rules should diagnose. */
    record Stats(long records, long errorRecords, long episodes, long hubIncidents) {

        /** Share of records at level Error. */
        double errorShare() {
            return records == 0 ? 0 : (double) errorRecords / records;
        }
    }

    private record Pending(long arrival, long seq, String line) {
    }

    private final Options options;
    private final SplittableRandom random;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> a.arrival != b.arrival
            ? Long.compare(a.arrival, b.arrival) : Long.compare(a.seq, b.seq));
    private final boolean[] connected;
    private final StringBuilder line = new StringBuilder(640);
    private final StringBuilder props = new StringBuilder(320);
    private long seq;
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText;
    private long errorRecords;
    private long episodes;
    private long hubIncidents;

    LogGenerator(Options options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        this.connected = new boolean[options.devices()];
    }

    /** Writes {@code options.records()} lines to {@code out} (not closed) and says what they hold. */
    Stats write(Writer out) throws IOException {
        long meanGapMicros = Math.max(1, Math.round(1_000_000 / options.recordsPerSecond()));
        long nowMicros = options.start().toEpochMilli() * 1000;
        long written = 0;
        long target = options.records();
        // Hub-wide drops are rare: about one per 2M records, but at least one in any run of 200k records or more.
        long nextIncident = target >= 200_000 && options.hubDrops() ? target / 2 : Long.MAX_VALUE;
        while (written < target) {
            nowMicros += (long) (-Math.log(1 - random.nextDouble()) * meanGapMicros) + 1;
            long now = nowMicros / 1000;
            long scheduled = written + pending.size();
            if (scheduled >= nextIncident) {
                hubIncident(now);
                nextIncident = scheduled + 2_000_000;
            } else if (random.nextDouble() < 0.034) {
                errorEpisode(now);
            } else {
                routine(now);
            }
            while (!pending.isEmpty() && pending.peek().arrival <= now && written < target) {
                out.write(pending.poll().line);
                written++;
            }
        }
        pending.clear();
        return new Stats(written, errorRecords, episodes, hubIncidents);
    }

    // ----------------------------------------------------------------------------------------------- routine

    private void routine(long t) {
        int d = random.nextInt(options.devices());
        int pick = random.nextInt(100);
        if (pick < 12) {
            // Devices come and go: a graceful disconnect now, or a connect.
            if (connected[d]) {
                connection(t, d, "deviceDisconnect", null, null);
                connected[d] = false;
            } else {
                connect(t, d);
            }
        } else if (pick < 30) {
            twin(t, d, "D2CTwinOperations", random.nextBoolean() ? "update" : "read");
        } else if (pick < 38) {
            twin(t, d, "C2DTwinOperations", random.nextBoolean() ? "read" : "update");
        } else if (pick < 46) {
            directMethod(t, d, null, null);
        } else if (pick < 62) {
            tracing(t, d);
        } else if (pick < 72) {
            telemetry(t, d, null, null);
        } else if (pick < 77) {
            c2d(t, d, "send", null, null);
        } else if (pick < 80) {
            route(t, d);
        } else if (pick < 84) {
            identity(t, d);
        } else if (pick < 87) {
            fileUpload(t, d);
        } else if (pick < 90) {
            job(t);
        } else if (pick < 93) {
            query(t);
        } else if (pick < 96) {
            configuration(t);
        } else {
            stream(t, d);
        }
    }

    // ------------------------------------------------------------------------------------------ error episodes

    private void errorEpisode(long t) {
        episodes++;
        int d = random.nextInt(options.devices());
        int pick = random.nextInt(100);
        if (pick < 22) {
            // The link drops; the device reconnects a few seconds later.
            connection(t, d, "deviceDisconnect", "404104", "DeviceConnectionClosedRemotely");
            connect(t + 1_000 + random.nextInt(20_000), d);
        } else if (pick < 34) {
            // Reconnect race: the new link is refused while the hub still holds the old one.
            connection(t, d, "deviceDisconnect", "404104", "DeviceConnectionClosedRemotely");
            connection(t + 200 + random.nextInt(2_000), d, "deviceDisconnect", "409002", "LinkCreationConflict");
            connect(t + 3_000 + random.nextInt(5_000), d);
        } else if (pick < 46) {
            // SAS token renewal: the expired token is refused, the link closes, the device is back at once.
            connection(t, d, "deviceDisconnect", "401003", "IoTHubUnauthorized");
            connection(t + 50 + random.nextInt(500), d, "deviceDisconnect", "404104",
                    "DeviceConnectionClosedRemotely");
            connect(t + 1_000 + random.nextInt(3_000), d);
        } else if (pick < 52) {
            // Two clients share one identity and take turns throwing each other off.
            int rounds = 2 + random.nextInt(3);
            long at = t;
            for (int i = 0; i < rounds; i++) {
                connection(at, d, "deviceDisconnect", "400027", "ConnectionForcefullyClosedOnNewConnection");
                connect(at + 100 + random.nextInt(400), d);
                at += 5_000 + random.nextInt(25_000);
            }
        } else if (pick < 64) {
            telemetry(t, d, "429001", "ThrottlingException");
        } else if (pick < 72) {
            c2d(t, d, "send", "403004", "DeviceMaximumQueueDepthExceeded");
        } else if (pick < 80) {
            directMethod(t, d, "404103", "DeviceNotOnline");
        } else if (pick < 85) {
            directMethod(t, d, "504101", "GatewayTimeout");
        } else if (pick < 90) {
            connection(t, d, "deviceDisconnect", "500001", "ServerError");
            connect(t + 2_000 + random.nextInt(10_000), d);
        } else if (pick < 94) {
            // A C2D message completed after the reconnect that followed a drop: its lock is gone.
            connection(t, d, "deviceDisconnect", "404104", "DeviceConnectionClosedRemotely");
            connect(t + 1_000 + random.nextInt(5_000), d);
            c2d(t + 8_000 + random.nextInt(10_000), d, "complete", "412002", "DeviceMessageLockLost");
        } else if (pick < 97) {
            telemetry(t, d, "403002", "IoTHubQuotaExceeded");
        } else {
            connection(t, d, "deviceConnect", "404001", "DeviceNotFound");
        }
    }

    /** A quarter to a third of the fleet loses its link within a minute, then comes back. */
    private void hubIncident(long t) {
        hubIncidents++;
        int count = Math.min(options.devices(), (int) (options.devices() * (0.25 + 0.1 * random.nextDouble())));
        int first = random.nextInt(options.devices());
        for (int i = 0; i < count; i++) {
            int d = (first + i) % options.devices();
            long at = t + random.nextInt(50_000);
            connection(at, d, "deviceDisconnect", "404104", "DeviceConnectionClosedRemotely");
            connect(at + 30_000 + random.nextInt(60_000), d);
        }
    }

    // ------------------------------------------------------------------------------------------------ records

    private void connect(long t, int d) {
        connection(t, d, "deviceConnect", null, null);
        connected[d] = true;
    }

    private void connection(long t, int d, String operation, String code, String name) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append('"');
        if ("deviceConnect".equals(operation) && code == null) {
            props.append(",\"sdkVersion\":\"").append(SDKS[d % SDKS.length]).append('"');
        }
        props.append(",\"protocol\":\"").append(PROTOCOLS[d % PROTOCOLS.length])
                .append("\",\"authType\":").append(quoted(SAS_AUTH))
                .append(",\"maskedIpAddress\":\"20.86.").append(d % 250).append(".XXX\",\"statusCode\":");
        statusCode(code);
        props.append('}');
        if (code != null) {
            connected[d] = false;
        }
        emit(t, "Connections", operation, code, name, null);
    }

    private void twin(long t, int d, String category, String operation) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append('"');
        if (category.startsWith("D2C")) {
            props.append(",\"protocol\":\"").append(PROTOCOLS[d % PROTOCOLS.length])
                    .append("\",\"authenticationType\":").append(quoted(SAS_AUTH));
        } else {
            props.append(",\"sdkVersion\":\"2021-04-12\",\"messageSize\":\"").append(200 + random.nextInt(900))
                    .append('"');
        }
        props.append('}');
        emit(t, category, operation, null, null, duration());
    }

    private void directMethod(long t, int d, String code, String name) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"RequestSize\":\"")
                .append(20 + random.nextInt(200)).append("\",\"ResponseSize\":\"")
                .append(code == null ? 20 + random.nextInt(400) : 0).append("\",\"sdkVersion\":\"2021-04-12\"}");
        emit(t, "DirectMethods", "send", code, name, duration());
    }

    private void tracing(long t, int d) {
        props.setLength(0);
        boolean d2c = random.nextInt(3) > 0;
        if (d2c) {
            String when = timeText(t - random.nextInt(400));
            props.append("{\"messageSize\":\"").append(100 + random.nextInt(2000)).append("\",\"deviceId\":\"")
                    .append(deviceId(d)).append("\",\"callerLocalTimeUtc\":\"").append(when)
                    .append("\",\"calleeLocalTimeUtc\":\"").append(timeText(t)).append("\"}");
        } else {
            props.append("{\"isRoutingEnabled\":\"true\",\"parentSpanId\":\"").append(hex(16)).append("\"}");
        }
        line.setLength(0);
        line.append("{\"time\":\"").append(timeText(t)).append("\",\"resourceId\":\"").append(HUB_RESOURCE)
                .append("\",\"operationName\":\"").append(d2c ? "DiagnosticIoTHubD2C" : "DiagnosticIoTHubIngress")
                .append("\",\"category\":\"DistributedTracing\",\"level\":\"Information\",\"resultType\":\"Success\""
                        + ",\"resultDescription\":\"Receive message success\",\"durationMs\":\"")
                .append(d2c ? "" : String.valueOf(1 + random.nextInt(20)))
                .append("\",\"correlationId\":\"00-").append(hex(32)).append('-').append(hex(16))
                .append("-01\",\"properties\":").append(quoted(props)).append(",\"location\":\"westeurope\"}\n");
        schedule(t, line.toString());
    }

    private void telemetry(long t, int d, String code, String name) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"batching\":\"0\",\"messageSizeInBytes\":\"")
                .append(100 + random.nextInt(3000)).append("\",\"EventProcessedUtcTime\":\"").append(timeText(t))
                .append("\",\"EventEnqueuedUtcTime\":\"").append(timeText(t)).append("\",\"partitionId\":\"")
                .append(d % 4).append("\"}");
        emit(t, "DeviceTelemetry", "ingress", code, name, null);
    }

    private void c2d(long t, int d, String operation, String code, String name) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"messageId\":\"").append(hex(8))
                .append("\",\"messageSizeInBytes\":\"").append(50 + random.nextInt(500))
                .append("\",\"protocol\":\"Amqp\",\"deliveryAcknowledgement\":\"None\",\"deliveryCount\":\"")
                .append(code == null ? 0 : 1).append("\",\"maskedIpAddress\":\"20.86.").append(d % 250)
                .append(".XXX\",\"statusCode\":");
        statusCode(code);
        props.append('}');
        emit(t, "C2DCommands", operation, code, name, null);
    }

    private void route(long t, int d) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"endpointName\":\"events\",\"messageId\":\"")
                .append(hex(8)).append("\",\"details\":\"\",\"routeName\":\"telemetry\",\"statusCode\":null}");
        emit(t, "Routes", random.nextBoolean() ? "OrphanedMessage" : "UndefinedRouteEvaluation", null, null, null);
    }

    private void identity(long t, int d) {
        props.setLength(0);
        props.append("{\"maskedIpAddress\":\"52.174.").append(d % 250).append(".XXX\",\"deviceId\":\"")
                .append(deviceId(d)).append("\",\"statusCode\":null}");
        emit(t, "DeviceIdentityOperations", random.nextBoolean() ? "get" : "update", null, null, duration());
    }

    private void fileUpload(long t, int d) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"protocol\":\"HTTP\",\"authType\":")
                .append(quoted(SAS_AUTH)).append(",\"blobUri\":\"https://fleetstore.blob.core.windows.net/uploads/")
                .append(deviceId(d)).append('/').append(hex(8)).append(".bin\"}");
        emit(t, "FileUploadOperations", "ingress", null, null, null);
    }

    private void job(long t) {
        props.setLength(0);
        props.append("{\"jobId\":\"job-").append(hex(6)).append("\",\"sdkVersion\":\"2021-04-12\",\"messageSize\":\"")
                .append(300 + random.nextInt(500)).append("\",\"filter\":\"tags.site = 'rotterdam'\",\"startTimeUtc\":\"")
                .append(timeText(t - 60_000)).append("\",\"duration\":\"").append(10 + random.nextInt(50)).append("\"}");
        emit(t, "JobsOperations", "jobCompleted", null, null, duration());
    }

    private void query(long t) {
        props.setLength(0);
        props.append("{\"query\":\"SELECT * FROM devices WHERE properties.reported.fw < '2.0'\",\"sdkVersion\":"
                + "\"2021-04-12\",\"messageSize\":\"").append(100 + random.nextInt(200))
                .append("\",\"pageSize\":\"100\",\"continuation\":\"\",\"resultSize\":\"").append(random.nextInt(100))
                .append("\"}");
        emit(t, "TwinQueries", "query", null, null, duration());
    }

    private void configuration(long t) {
        props.setLength(0);
        props.append("{\"configurationId\":\"fw-rollout-").append(random.nextInt(5))
                .append("\",\"sdkVersion\":\"2021-04-12\",\"messageSize\":\"").append(300 + random.nextInt(500))
                .append("\",\"statusCode\":null}");
        emit(t, "Configurations", "ReadManyConfigurations", null, null, duration());
    }

    private void stream(long t, int d) {
        props.setLength(0);
        props.append("{\"deviceId\":\"").append(deviceId(d)).append("\",\"moduleId\":\"\",\"sdkVersion\":"
                + "\"2021-04-12\",\"requestSize\":\"").append(random.nextInt(300)).append("\",\"responseSize\":\"")
                .append(random.nextInt(300)).append("\",\"statusCode\":null,\"requestName\":\"ssh\","
                        + "\"direction\":\"c2d\"}");
        emit(t, "DeviceStreams", "invoke", null, null, duration());
    }

    /** Writes the common envelope around {@link #props}. */
    private void emit(long t, String category, String operation, String code, String name, String durationMs) {
        line.setLength(0);
        line.append("{\"time\":\"").append(timeText(t)).append("\",\"resourceId\":\"").append(HUB_RESOURCE)
                .append("\",\"operationName\":\"").append(operation).append("\",\"category\":\"").append(category)
                .append("\",\"level\":\"").append(code == null ? "Information" : "Error").append('"');
        if (code != null) {
            errorRecords++;
            line.append(",\"resultType\":\"").append(code).append("\",\"resultDescription\":\"").append(name)
                    .append('"');
        }
        if (durationMs != null) {
            line.append(",\"durationMs\":\"").append(durationMs).append('"');
        }
        line.append(",\"properties\":").append(quoted(props)).append(",\"location\":\"westeurope\"}\n");
        schedule(t, line.toString());
    }

    private void schedule(long t, String text) {
        // Most records arrive in order; about one in fifty is held up in Azure's pipeline for a while.
        long delay = random.nextInt(50) == 0 ? 1 + random.nextLong(MAX_DELAY_MILLIS) : 0;
        pending.add(new Pending(t + delay, seq++, text));
    }

    private void statusCode(String code) {
        if (code == null) {
            props.append("null");
        } else {
            props.append('"').append(code, 0, 3).append('"');
        }
    }

    /** Mostly quick operations, now and then a slow one (the slow-operation rules look for 500 ms and more). */
    private String duration() {
        return String.valueOf(random.nextInt(1000) == 0 ? 500 + random.nextInt(3000) : 2 + random.nextInt(60));
    }

    private String deviceId(int d) {
        return KINDS[d % KINDS.length] + "-" + d;
    }

    private String hex(int digits) {
        StringBuilder b = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            b.append(Character.forDigit(random.nextInt(16), 16));
        }
        return b.toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.fffffffZ}, the seven-digit fraction IoT Hub writes. */
    private String timeText(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedSecondText = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString();
            if (cachedSecondText.length() == 16) {
                cachedSecondText += ":00"; // LocalDateTime drops zero seconds
            }
        }
        int ms = (int) Math.floorMod(millis, 1000);
        return cachedSecondText + '.' + (char) ('0' + ms / 100) + (char) ('0' + ms / 10 % 10)
                + (char) ('0' + ms % 10) + "0000Z";
    }

    /** {@code text} as a JSON string literal: {@code properties} is JSON inside a JSON string. */
    private static String quoted(CharSequence text) {
        StringBuilder b = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
