package org.iothubkb.plugins.flink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes the job's JSON lines (diagnoses or rejections) to a Kafka topic, e.g. an event hub through its Kafka
 * endpoint. Each record's value is the line in UTF-8, as {@code --format jsonl} writes it; its key keeps together
 * what must stay in order: a diagnosis is keyed by {@code hub/deviceId} ({@code hub/} for one about the hub as a
 * whole), so Kafka's partitioner puts all of a device's diagnoses in one partition, and a rejection by the record
 * it rejects ({@code file:line} or {@code topic-partition:offset}). A header {@value #KIND_HEADER} says which of
 * the two a record is, since both may share a topic.
 */
public final class KafkaOutput {

    /** The header naming what a record holds: {@code diagnosis} or {@code rejection}. */
    public static final String KIND_HEADER = "iothub-kb-kind";

    /**
     * The transaction timeout under exactly-once unless the properties set one: a broker's default
     * {@code transaction.max.timeout.ms}. Flink's own default, one hour, is refused by a broker left at its defaults.
     */
    static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private KafkaOutput() {
    }

    /** What a stream of JSON lines holds, which decides the records' key. */
    public enum Kind {
        /** The CLI's diagnosis objects, keyed by {@code hub/deviceId}. */
        DIAGNOSIS("diagnosis"),
        /** The CLI's {@code {"source","reason"}} objects, keyed by their source. */
        REJECTION("rejection");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The lower-case name, as in the {@value #KIND_HEADER} header. */
        public String id() {
            return id;
        }
    }

    /**
     * A sink writing one kind of line to {@code topic}.
     *
     * @param kafka                 the Kafka producer properties, {@code bootstrap.servers} included; not changed
     * @param delivery              {@link DeliveryGuarantee#AT_LEAST_ONCE} (what the job uses by default) or
     *                              {@link DeliveryGuarantee#EXACTLY_ONCE}, which writes in Kafka transactions
     *                              committed on Flink's checkpoints
     * @param transactionalIdPrefix under exactly-once, a name unique to this job among all that write to the same
     *                              cluster, stable across restarts; the kind is appended, so the job's two sinks
     *                              differ. {@code null} otherwise
     * @throws IllegalArgumentException under exactly-once without a prefix
     */
    public static KafkaSink<String> sink(Properties kafka, Kind kind, String topic, DeliveryGuarantee delivery,
            String transactionalIdPrefix) {
        Properties producer = new Properties();
        producer.putAll(kafka);
        var builder = KafkaSink.<String>builder()
                .setDeliveryGuarantee(delivery)
                .setRecordSerializer(schema(kind, topic));
        if (delivery == DeliveryGuarantee.EXACTLY_ONCE) {
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException("exactly-once delivery needs a transactional id prefix unique to"
                        + " this job on the Kafka cluster (--transactional-id-prefix NAME)");
            }
            if (!producer.containsKey("transaction.timeout.ms")) {
                producer.setProperty("transaction.timeout.ms",
                        Long.toString(DEFAULT_TRANSACTION_TIMEOUT.toMillis()));
            }
            builder.setTransactionalIdPrefix(transactionalIdPrefix + "-" + kind.id());
        }
        return builder.setKafkaProducerConfig(producer).build();
    }

    /** The serialization of one kind of line to {@code topic}; see the class comment for keys and values. */
    public static KafkaRecordSerializationSchema<String> schema(Kind kind, String topic) {
        return new JsonLineSchema(kind, topic);
    }

    /**
     * Keys each line by fields read from it. Parsing the line again costs little: there is about one diagnosis for
     * every 25 records read, and the key fields come first in both shapes, so parsing stops there.
     */
    static final class JsonLineSchema implements KafkaRecordSerializationSchema<String>, KafkaDatasetFacetProvider {

        private static final long serialVersionUID = 1L;
        private static final JsonFactory JSON = new JsonFactory();

        private final Kind kind;
        private final String topic;

        JsonLineSchema(Kind kind, String topic) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(String line, KafkaSinkContext context, Long timestamp) {
            byte[] value = line.getBytes(StandardCharsets.UTF_8);
            String key;
            try {
                key = kind == Kind.DIAGNOSIS ? diagnosisKey(value) : rejectionKey(value);
            } catch (IOException e) {
                throw new IllegalStateException("the job wrote a " + kind.id() + " that is not a JSON object ("
                        + e.getMessage() + "): " + line, e);
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add(KIND_HEADER, kind.id().getBytes(StandardCharsets.UTF_8));
            // No timestamp of ours: a diagnosis emitted when a bounded input ends carries Flink's end-of-time
            // timestamp, which is no time for a broker's retention. The producer stamps the time of sending.
            return new ProducerRecord<>(topic, null, null,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers);
        }

        /** {@code hub/deviceId}, as the job keys records by device; {@code hub/} for a hub-scope diagnosis. */
        private static String diagnosisKey(byte[] json) throws IOException {
            String[] hubAndDevice = topLevelStrings(json, "hub", "deviceId");
            return (hubAndDevice[0] == null ? "" : hubAndDevice[0]) + "/"
                    + (hubAndDevice[1] == null ? "" : hubAndDevice[1]);
        }

        private static String rejectionKey(byte[] json) throws IOException {
            return topLevelStrings(json, "source")[0];
        }

        /** The named top-level string fields ({@code null} when absent or null), reading no further than needed. */
        private static String[] topLevelStrings(byte[] json, String... names) throws IOException {
            List<String> wanted = List.of(names);
            String[] values = new String[names.length];
            boolean[] seen = new boolean[names.length];
            int left = names.length;
            try (JsonParser p = JSON.createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("no object");
                }
                while (left > 0 && p.nextToken() == JsonToken.FIELD_NAME) {
                    int i = wanted.indexOf(p.currentName());
                    JsonToken t = p.nextToken();
                    if (i >= 0 && !seen[i]) {
                        seen[i] = true;
                        left--;
                        values[i] = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    // Nested objects and arrays (evidence, fixes) are skipped whole: their fields are not the key.
                    p.skipChildren();
                }
                if (left > 0 && p.currentToken() != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected " + p.currentToken());
                }
            }
            return values;
        }

        @Override
        public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
            // Names the topic for Flink's lineage, and lets the sink be inspected without a broker.
            return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
        }
    }
}
