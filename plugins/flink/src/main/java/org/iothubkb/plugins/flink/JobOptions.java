package org.iothubkb.plugins.flink;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.iothubkb.core.api.SessionOptions;

/**
 * The command line of {@link DiagnosisJob#main}, parsed and checked before any Flink object exists: exactly one
 * input (files, or a Kafka topic) and exactly one output (a directory, or Kafka topics).
 *
 * @param inputs       the files to replay; empty when reading Kafka
 * @param kafkaInput   the Kafka topic to read, or {@code null} when replaying files
 * @param outputDir    the directory for {@code diagnoses/} and {@code rejected/}, or {@code null} when writing Kafka
 * @param kafkaOutput  the Kafka topics to write, or {@code null} when writing files
 * @param maxLateness  as the CLI's {@code --max-lateness}
 * @param partitioning which records share a session
 * @param order        who holds events back until they can reach the rules in time order
 * @param inputFormat  the parser that reads every {@code --input} file, as the CLI's {@code --input-format}; or
 *                     {@code null} to recognise each file's format
 */
public record JobOptions(List<String> inputs, KafkaInput kafkaInput, String outputDir, KafkaOutputOptions kafkaOutput,
        Duration maxLateness, DiagnosisJob.Partitioning partitioning, DiagnosisJob.EventOrder order,
        String inputFormat) {

    /** The command line, for error messages. */
    public static final String USAGE = "(--input FILE... [--input-format ID] | --kafka PROPERTIES_FILE --topic NAME --group ID)"
            + " (--output DIR | --output-kafka PROPERTIES_FILE --diagnoses-topic NAME [--rejected-topic NAME]"
            + " [--delivery at-least-once|exactly-once] [--transactional-id-prefix NAME])"
            + " [--max-lateness PT2M] [--key-by hub|device] [--event-order session|watermark]";

    /** The options that take one value; {@code --input} takes one or more and is handled apart. */
    private static final List<String> VALUE_OPTIONS = List.of("--input-format", "--kafka", "--topic", "--group", "--output",
            "--output-kafka", "--diagnoses-topic", "--rejected-topic", "--delivery", "--transactional-id-prefix",
            "--max-lateness", "--key-by", "--event-order");

    /** The options that only make sense with {@code --output-kafka}. */
    private static final List<String> KAFKA_OUTPUT_OPTIONS = List.of("--diagnoses-topic", "--rejected-topic",
            "--delivery", "--transactional-id-prefix");

    public JobOptions {
        inputs = List.copyOf(inputs);
    }

    /**
     * An event hub (or any Kafka topic) to read.
     *
     * @param properties the Kafka client properties file
     * @param topic      the event hub's name
     * @param group      the consumer group
     */
    public record KafkaInput(String properties, String topic, String group) {
    }

    /**
     * Kafka topics to write to.
     *
     * @param properties            the Kafka client properties file; may be the input's
     * @param diagnosesTopic        where the diagnoses go
     * @param rejectedTopic         where the rejected records go: the diagnoses topic unless given
     * @param delivery              at-least-once (the default) or exactly-once
     * @param transactionalIdPrefix under exactly-once, the job's transactional id prefix; otherwise {@code null}
     */
    public record KafkaOutputOptions(String properties, String diagnosesTopic, String rejectedTopic,
            DeliveryGuarantee delivery, String transactionalIdPrefix) {
    }

    /**
     * Parses the job's arguments.
     *
     * @throws IllegalArgumentException saying what is wrong, followed by the usage
     */
    public static JobOptions parse(String... args) {
        List<String> inputs = new ArrayList<>();
        boolean inputGiven = false;
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--input")) {
                if (inputGiven) {
                    throw error("--input given twice: list all files after one --input");
                }
                inputGiven = true;
                while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    inputs.add(args[++i]);
                }
                if (inputs.isEmpty()) {
                    throw error("--input needs at least one file");
                }
            } else if (VALUE_OPTIONS.contains(arg)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw error(arg + " needs a value");
                }
                if (values.putIfAbsent(arg, args[++i]) != null) {
                    throw error(arg + " given twice");
                }
            } else {
                throw error("unknown argument [" + arg + "]");
            }
        }

        String kafka = values.get("--kafka");
        if (inputGiven && kafka != null) {
            throw error("--input and --kafka are exclusive: the job reads files or a Kafka topic");
        }
        if (!inputGiven && kafka == null) {
            throw error("an input is required: --input FILE... or --kafka PROPERTIES_FILE --topic NAME --group ID");
        }
        KafkaInput kafkaInput = null;
        if (kafka != null) {
            if (!values.containsKey("--topic") || !values.containsKey("--group")) {
                throw error("--kafka needs --topic NAME and --group ID");
            }
            kafkaInput = new KafkaInput(kafka, values.get("--topic"), values.get("--group"));
        } else if (values.containsKey("--topic") || values.containsKey("--group")) {
            throw error("--topic and --group go with --kafka");
        }

        String inputFormat = values.get("--input-format");
        if (inputFormat != null && !inputGiven) {
            throw error("--input-format goes with --input files: an event hub carries resource logs");
        }
        if (inputFormat != null && !ParsedFileFormat.inputFormats().contains(inputFormat)) {
            throw error("--input-format: unknown input format [" + inputFormat + "]: use "
                    + String.join(", ", ParsedFileFormat.inputFormats()));
        }

        String outputDir = values.get("--output");
        String outputKafka = values.get("--output-kafka");
        if (outputDir != null && outputKafka != null) {
            throw error("--output and --output-kafka are exclusive: the job writes files or Kafka topics");
        }
        if (outputDir == null && outputKafka == null) {
            throw error("an output is required: --output DIR or --output-kafka PROPERTIES_FILE"
                    + " --diagnoses-topic NAME");
        }
        KafkaOutputOptions kafkaOutput = null;
        if (outputKafka == null) {
            for (String option : KAFKA_OUTPUT_OPTIONS) {
                if (values.containsKey(option)) {
                    throw error(option + " goes with --output-kafka");
                }
            }
        } else {
            kafkaOutput = kafkaOutput(values, outputKafka, kafkaInput);
        }

        return new JobOptions(inputs, kafkaInput, outputDir, kafkaOutput,
                maxLateness(values.get("--max-lateness")),
                // By hub unless asked otherwise: the only keying that gives the CLI's diagnoses (see Partitioning).
                choice(values, "--key-by", DiagnosisJob.Partitioning.class, DiagnosisJob.Partitioning.HUB),
                choice(values, "--event-order", DiagnosisJob.EventOrder.class, DiagnosisJob.EventOrder.SESSION),
                inputFormat);
    }

    private static KafkaOutputOptions kafkaOutput(Map<String, String> values, String properties,
            KafkaInput kafkaInput) {
        String diagnoses = values.get("--diagnoses-topic");
        if (diagnoses == null) {
            throw error("--output-kafka needs --diagnoses-topic NAME");
        }
        String rejected = values.getOrDefault("--rejected-topic", diagnoses);
        String delivery = values.getOrDefault("--delivery", "at-least-once");
        DeliveryGuarantee guarantee = switch (delivery) {
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            default -> throw error("--delivery must be at-least-once or exactly-once, not [" + delivery + "]");
        };
        String prefix = values.get("--transactional-id-prefix");
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && prefix == null) {
            throw error("--delivery exactly-once needs --transactional-id-prefix NAME, unique to this job among"
                    + " all that write to the same Kafka cluster");
        }
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE && prefix != null) {
            throw error("--transactional-id-prefix goes with --delivery exactly-once");
        }
        // The same file and topic on both sides would feed the job its own output, which it rejects and writes
        // again, for ever. Only the same file is caught: two files may still name the same namespace.
        if (kafkaInput != null && samePath(kafkaInput.properties(), properties)) {
            for (String option : List.of("--diagnoses-topic", "--rejected-topic")) {
                String topic = option.equals("--diagnoses-topic") ? diagnoses : rejected;
                if (topic.equals(kafkaInput.topic())) {
                    throw error(option + " [" + topic + "] is the input --topic on the same connection: the job"
                            + " would read its own output");
                }
            }
        }
        return new KafkaOutputOptions(properties, diagnoses, rejected, guarantee, prefix);
    }

    private static boolean samePath(String a, String b) {
        return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }

    private static Duration maxLateness(String value) {
        if (value == null) {
            return SessionOptions.DEFAULT_MAX_LATENESS;
        }
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw error("--max-lateness must be an ISO-8601 duration such as PT2M, not [" + value + "]");
        }
        if (d.isNegative()) {
            throw error("--max-lateness must not be negative, not [" + value + "]");
        }
        return d;
    }

    private static <E extends Enum<E>> E choice(Map<String, String> values, String option, Class<E> type,
            E otherwise) {
        String value = values.get(option);
        if (value == null) {
            return otherwise;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw error(option + " must be " + String.join(" or ", names) + ", not [" + value + "]");
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + "; usage: " + USAGE);
    }
}
