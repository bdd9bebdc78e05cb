package org.iothubkb.plugins.flink;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.iothubkb.core.api.LogEvent;

/**
 * The rules as a Flink job: resource-log lines from an event hub, or files in any format the CLI reads, in; the
 * CLI's JSON diagnosis objects out.
 *
 * <pre>
 * lines ─ parse (resource-log parser) ─┬─ events ─ watermarks ─ keyBy(hub [, device]) ─ diagnose ─▶ diagnoses
 * files ─ parse whole (CLI's pick) ────┤
 *                                      └─ rejected records (side output) ─────────────────────────▶ rejected
 * </pre>
 *
 * <p>{@link Partitioning#DEVICE} sends every record of a device to the same parallel instance, but the rules that
 * weigh a device's error against the rest of its hub (a fleet-wide disconnect, a hub error just before a 504101,
 * the hub's latency before a 429001) then see only the devices of their instance, and may conclude otherwise than
 * the CLI. {@link Partitioning#HUB} gives every hub one session, as the CLI does: exact, but one hub's records are
 * diagnosed on one core. {@link #main} keys by hub unless told otherwise.
 */
public final class DiagnosisJob {

    /** How long a Kafka reader may see no records before the watermark goes on without it. */
    private static final Duration KAFKA_IDLENESS = Duration.ofMinutes(1);

    private DiagnosisJob() {
    }

    /** What the records are keyed by, and so which records share a session. */
    public enum Partitioning {
        /** By hub and device: scales with the devices, but hub-wide rules see part of the hub. */
        DEVICE,
        /** By hub: the same diagnoses as the CLI; scales with the number of hubs only. The job's default. */
        HUB
    }

    /** Who holds events back until they can reach the rules in time order. */
    public enum EventOrder {
        /** Each session, behind the newest event it has seen, as the CLI's session does. */
        SESSION,
        /**
         * Flink: events wait in keyed state for the watermark, which is emitted after every event that moves it,
         * so that what counts as late depends on the input alone, not on how fast it is read.
         */
        WATERMARK
    }

    /** The job's two outputs, each a stream of one-line JSON objects. */
    public record Outputs(DataStream<String> diagnoses, DataStream<String> rejected) {
    }

    /**
     * Adds the diagnosis pipeline to the lines' environment.
     *
     * @param lines        resource-log lines, e.g. from {@link #files}
     * @param maxLateness  how far out of order events may come, as the CLI's {@code --max-lateness}
     * @param partitioning which records share a session
     */
    public static Outputs diagnose(DataStream<NumberedLine> lines, Duration maxLateness, Partitioning partitioning) {
        return diagnose(lines, maxLateness, partitioning, null);
    }

    /**
     * As {@link #diagnose(DataStream, Duration, Partitioning)}, for an unbounded input some of whose parallel
     * readers may get no records (a topic with fewer partitions than the job's parallelism): such a reader is
     * left out of the watermark after {@code idleness} of wall-clock time without records, instead of holding it
     * back for ever.
     *
     * @param idleness {@code null} for a bounded input, whose idle readers end at once
     */
    public static Outputs diagnose(DataStream<NumberedLine> lines, Duration maxLateness, Partitioning partitioning,
            Duration idleness) {
        return diagnose(lines, maxLateness, partitioning, idleness, EventOrder.SESSION);
    }

    /**
     * As {@link #diagnose(DataStream, Duration, Partitioning, Duration)}, with a choice of who puts events in time
     * order.
     */
    public static Outputs diagnose(DataStream<NumberedLine> lines, Duration maxLateness, Partitioning partitioning,
            Duration idleness, EventOrder order) {
        // Parsing and event time run as many tasks as the input, chained to it: each keyed instance then gets its
        // events from those tasks only, in their order, and its watermark from them alone. A replayed file (one task)
        // gives the same answer on every run; an idle extra task would hold or release the watermark at a moment
        // that depends on thread timing, and with it which records count as late.
        SingleOutputStreamOperator<LogEvent> events = lines
                .process(new ParseLines(), LogEventTypeInfo.INSTANCE)
                .setParallelism(lines.getParallelism())
                .name("parse resource logs").uid("parse");
        return diagnoseEvents(events, maxLateness, partitioning, idleness, order);
    }

    /**
     * Adds the diagnosis pipeline to records parsed already, such as {@link #parsedFiles}' whole files: the events
     * are diagnosed, the rejections (each the CLI's {@code {"source","reason"}} object) go to
     * {@link Outputs#rejected()}.
     *
     * @param records      a bounded input: each record a rejection ({@link Either#Left}) or an event
     *                     ({@link Either#Right})
     * @param maxLateness  how far out of order events may come, as the CLI's {@code --max-lateness}
     * @param partitioning which records share a session
     * @param order        who puts events in time order
     */
    public static Outputs diagnoseParsed(DataStream<Either<String, LogEvent>> records, Duration maxLateness,
            Partitioning partitioning, EventOrder order) {
        // Chained to the input, as parsing is on the line-based path: see there.
        SingleOutputStreamOperator<LogEvent> events = records
                .process(new SplitRejections(), LogEventTypeInfo.INSTANCE)
                .setParallelism(records.getParallelism())
                .name("split rejections").uid("split-rejections");
        return diagnoseEvents(events, maxLateness, partitioning, null, order);
    }

    /**
     * Replays files through the diagnosis pipeline on {@code env}: each file is read whole, by the parser the CLI
     * would pick for it (see {@link ParsedFileFormat}), with one reader, in the order given.
     *
     * @param files        any input {@code iothub-kb diagnose} reads: resource logs, Event Grid exports, event facts,
     *                     Log Analytics exports, plain or gzip
     * @param maxLateness  how far out of order events may come, as the CLI's {@code --max-lateness}
     * @param partitioning which records share a session
     * @param order        who puts events in time order
     */
    public static Outputs replay(StreamExecutionEnvironment env, List<Path> files, Duration maxLateness,
            Partitioning partitioning, EventOrder order) {
        return replay(env, files, null, maxLateness, partitioning, order);
    }

    /**
     * As {@link #replay(StreamExecutionEnvironment, List, Duration, Partitioning, EventOrder)}, every file read by
     * the parser {@code inputFormat} names, as the CLI's {@code --input-format}.
     *
     * @param inputFormat a parser's id ({@link ParsedFileFormat#inputFormats()}), or {@code null} to recognise
     *                    each file's format
     * @throws IllegalArgumentException if no parser has that id
     */
    public static Outputs replay(StreamExecutionEnvironment env, List<Path> files, String inputFormat,
            Duration maxLateness, Partitioning partitioning, EventOrder order) {
        // One reader: files are replayed in order, and parsing is several times faster than the rules anyway.
        return diagnoseParsed(env.fromSource(parsedFiles(files, inputFormat), WatermarkStrategy.noWatermarks(),
                "input files").setParallelism(1).uid("parsed-files"), maxLateness, partitioning, order);
    }

    /** Event time, keying and diagnosis, after parsing: {@code events} carries the rejections as a side output. */
    private static Outputs diagnoseEvents(SingleOutputStreamOperator<LogEvent> events, Duration maxLateness,
            Partitioning partitioning, Duration idleness, EventOrder order) {
        long lateness = maxLateness.toMillis();
        WatermarkStrategy<LogEvent> watermarks = (order == EventOrder.WATERMARK
                ? WatermarkStrategy.<LogEvent>forGenerator(context -> new EveryEventWatermarks(lateness))
                : WatermarkStrategy.<LogEvent>forBoundedOutOfOrderness(maxLateness))
                .withTimestampAssigner((e, previous) -> e.getTimestampMillis());
        DataStream<String> diagnoses = events
                .assignTimestampsAndWatermarks(idleness == null ? watermarks : watermarks.withIdleness(idleness))
                .setParallelism(events.getParallelism())
                .name("event time").uid("event-time")
                .keyBy(partitioning == Partitioning.HUB ? DiagnosisJob::hubKey : DiagnosisJob::deviceKey, Types.STRING)
                .transform("diagnose", Types.STRING,
                        new DiagnosisOperator(new DiagnosisFunction(maxLateness, order)))
                .uid("diagnose");
        return new Outputs(diagnoses, events.getSideOutput(ParseLines.REJECTED));
    }

    /**
     * A watermark after every event that moves it: the newest event time minus the allowed lateness, minus one, so
     * that an event exactly the lateness behind the newest is not yet late, as in the CLI's session.
     */
    static final class EveryEventWatermarks implements WatermarkGenerator<LogEvent> {
        private final long lateness;
        private long newest = Long.MIN_VALUE;

        EveryEventWatermarks(long lateness) {
            this.lateness = lateness;
        }

        @Override
        public void onEvent(LogEvent event, long timestamp, WatermarkOutput output) {
            if (timestamp > newest) {
                newest = timestamp;
                output.emitWatermark(new Watermark(timestamp - lateness - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            // Emitted with the events; a clock-driven watermark would make "late" depend on the reading speed.
        }
    }

    /**
     * The key a record is routed by: its hub and device. A device's modules share the device's key, and records
     * without a device (routing, hub operations) share their hub's.
     */
    static String deviceKey(LogEvent e) {
        String hub = e.getHub() == null ? "" : e.getHub();
        // '/' cannot occur in an IoT Hub device id, so the key cannot be ambiguous.
        return e.getDeviceId() == null ? hub + "/" : hub + "/" + e.getDeviceId();
    }

    /** The key a record is routed by under {@link Partitioning#HUB}. */
    static String hubKey(LogEvent e) {
        return e.getHub() == null ? "" : e.getHub();
    }

    /**
     * A bounded source over whole files, one record per line (JSON Lines or Event Hubs bodies), for
     * {@link #diagnose}: the resource-log parser reads each line, as it reads a Kafka message. {@link #replay} reads
     * files in any format instead.
     */
    public static FileSource<NumberedLine> files(List<Path> paths) {
        return FileSource.forBulkFileFormat(new NumberedLineFormat(), paths.toArray(new Path[0])).build();
    }

    /**
     * A bounded source over whole files, each read by the parser the CLI would pick for it, for
     * {@link #diagnoseParsed}: see {@link ParsedFileFormat}.
     */
    public static FileSource<Either<String, LogEvent>> parsedFiles(List<Path> paths) {
        return parsedFiles(paths, null);
    }

    /**
     * As {@link #parsedFiles(List)}, every file read by the parser {@code inputFormat} names.
     *
     * @param inputFormat a parser's id, or {@code null} to recognise each file's format
     * @throws IllegalArgumentException if no parser has that id
     */
    public static FileSource<Either<String, LogEvent>> parsedFiles(List<Path> paths, String inputFormat) {
        return FileSource.forBulkFileFormat(new ParsedFileFormat(inputFormat), paths.toArray(new Path[0])).build();
    }

    /**
     * {@code flink run iothub-kb-flink-job.jar} with {@link JobOptions#USAGE}: replays files, or reads an
     * event hub through its Kafka endpoint, and writes the diagnoses and the rejected records either as JSON Lines
     * part files under {@code DIR/diagnoses} and {@code DIR/rejected}, or as Kafka records (see
     * {@link KafkaOutput}).
     */
    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, options);
        env.execute("iothub-kb diagnose");
    }

    /**
     * Adds the whole job, sources and sinks, to {@code env}; the properties files are read here, so a missing one
     * fails before the job is submitted.
     */
    static void build(StreamExecutionEnvironment env, JobOptions options) {
        // Never BATCH: it sorts a keyed input by key, so the one session per instance would get its devices one
        // after the other instead of in event time.
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        // The file sink commits its part files on checkpoints, and so does the Kafka sink its transactions.
        env.enableCheckpointing(Duration.ofSeconds(10).toMillis());
        Outputs out;
        if (options.kafkaInput() == null) {
            List<Path> inputs = options.inputs().stream().map(Path::new).toList();
            out = replay(env, inputs, options.inputFormat(), options.maxLateness(), options.partitioning(),
                    options.order());
        } else {
            JobOptions.KafkaInput in = options.kafkaInput();
            Properties properties = KafkaProperties.load(java.nio.file.Path.of(in.properties()));
            out = diagnose(env.fromSource(EventHubsRecords.source(properties, in.topic(), in.group()),
                    WatermarkStrategy.noWatermarks(), "event hub " + in.topic()).uid("event-hub"),
                    options.maxLateness(), options.partitioning(), KAFKA_IDLENESS, options.order());
        }
        JobOptions.KafkaOutputOptions kafka = options.kafkaOutput();
        if (kafka == null) {
            out.diagnoses().sinkTo(FileSink.forRowFormat(new Path(options.outputDir(), "diagnoses"),
                    new SimpleStringEncoder<String>()).build()).name("diagnoses").uid("diagnoses-sink");
            out.rejected().sinkTo(FileSink.forRowFormat(new Path(options.outputDir(), "rejected"),
                    new SimpleStringEncoder<String>()).build()).name("rejected").uid("rejected-sink");
        } else {
            Properties properties = KafkaProperties.load(java.nio.file.Path.of(kafka.properties()));
            // Other uids than the file sinks': a savepoint of a file-writing job is not restored into Kafka sinks.
            out.diagnoses().sinkTo(KafkaOutput.sink(properties, KafkaOutput.Kind.DIAGNOSIS, kafka.diagnosesTopic(),
                    kafka.delivery(), kafka.transactionalIdPrefix()))
                    .name("diagnoses to " + kafka.diagnosesTopic()).uid("diagnoses-kafka-sink");
            out.rejected().sinkTo(KafkaOutput.sink(properties, KafkaOutput.Kind.REJECTION, kafka.rejectedTopic(),
                    kafka.delivery(), kafka.transactionalIdPrefix()))
                    .name("rejected to " + kafka.rejectedTopic()).uid("rejected-kafka-sink");
        }
    }
}
