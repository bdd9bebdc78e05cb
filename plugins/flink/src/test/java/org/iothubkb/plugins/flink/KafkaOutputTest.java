package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;

import org.apache.flink.api.dag.Transformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.transformations.SinkTransformation;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.SessionOptions;
import org.iothubkb.plugins.azure.AzureMonitorLogsParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Kafka sink writes, and that it builds from a properties file; no broker is needed for either. */
class KafkaOutputTest {

    private static final Path EXAMPLES = Paths.get("../../examples").toAbsolutePath().normalize();

    /** The diagnoses of the mass-disconnect example: device diagnoses and one about the hub as a whole. */
    private static List<Diagnosis> diagnoses;

    @BeforeAll
    static void diagnoseTheMassDisconnectExample() throws IOException {
        Path file = EXAMPLES.resolve("mass-disconnect.jsonl");
        DiagnosisSession session = KnowledgeBase.builder().build().newSession(SessionOptions.defaults());
        try (InputStream in = Files.newInputStream(file)) {
            new AzureMonitorLogsParser().parse(in, file.toString(), session::submit,
                    (source, reason) -> session.reject(new Rejection(source, reason)));
        }
        diagnoses = session.close().getDiagnoses();
    }

    @Test
    void aDeviceDiagnosisIsKeyedByItsHubAndDeviceAndWrittenAsItsJsonLine() {
        Diagnosis d = diagnoses.stream().filter(x -> x.getScope() == Scope.DEVICE).findFirst().orElseThrow();
        String json = DiagnosisFunction.toJson(d);

        ProducerRecord<byte[], byte[]> record = serialize(KafkaOutput.Kind.DIAGNOSIS, "diagnoses", json);

        assertThat(d.getDeviceId()).isNotBlank();
        assertThat(record.topic()).isEqualTo("diagnoses");
        assertThat(text(record.key())).isEqualTo(d.getHub() + "/" + d.getDeviceId());
        assertThat(record.value()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(kind(record)).isEqualTo("diagnosis");
        // Left to the producer: Kafka's partitioner hashes the key, and the broker's clock stamps the record.
        assertThat(record.partition()).isNull();
        assertThat(record.timestamp()).isNull();
    }

    @Test
    void aHubDiagnosisIsKeyedByItsHubAndASlash() {
        Diagnosis d = diagnoses.stream().filter(x -> x.getScope() == Scope.HUB).findFirst().orElseThrow();
        String json = DiagnosisFunction.toJson(d);

        ProducerRecord<byte[], byte[]> record = serialize(KafkaOutput.Kind.DIAGNOSIS, "diagnoses", json);

        assertThat(d.getCause()).isEqualTo("mass-disconnect");
        assertThat(d.getDeviceId()).isNull();
        assertThat(text(record.key())).isEqualTo(d.getHub() + "/");
        assertThat(record.value()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDevicesOfOneHubGetDifferentKeysAndADeviceAlwaysTheSame() {
        List<String> keys = diagnoses.stream().filter(x -> x.getScope() == Scope.DEVICE)
                .map(d -> text(serialize(KafkaOutput.Kind.DIAGNOSIS, "t", DiagnosisFunction.toJson(d)).key()))
                .toList();

        assertThat(keys).hasSizeGreaterThan(1);
        assertThat(keys.stream().distinct().count()).isEqualTo(diagnoses.stream()
                .filter(x -> x.getScope() == Scope.DEVICE).map(Diagnosis::getDeviceId).distinct().count());
    }

    @Test
    void keysAndValuesAreUtf8() {
        // A hand-made line with the diagnosis fields the key is made of, and names outside ASCII.
        String json = "{\"id\":\"s0-D1\",\"errorCode\":\"404104\",\"evidence\":[{\"deviceId\":\"not-this-one\"}],"
                + "\"hub\":\"usine-lyon\",\"deviceId\":\"capteur-é-04\",\"title\":\"Déconnexion\"}";

        ProducerRecord<byte[], byte[]> record = serialize(KafkaOutput.Kind.DIAGNOSIS, "t", json);

        assertThat(record.key()).isEqualTo("usine-lyon/capteur-é-04".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRejectionIsKeyedByTheRecordItRejects() {
        String json = ParseLines.rejection("iothub-logs-3:1042", "not JSON: unexpected end of input");

        ProducerRecord<byte[], byte[]> record = serialize(KafkaOutput.Kind.REJECTION, "rejected", json);

        assertThat(record.topic()).isEqualTo("rejected");
        assertThat(text(record.key())).isEqualTo("iothub-logs-3:1042");
        assertThat(record.value()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(kind(record)).isEqualTo("rejection");
    }

    @Test
    void aLineThatIsNotJsonFailsWithTheLineInTheMessage() {
        assertThatThrownBy(() -> serialize(KafkaOutput.Kind.DIAGNOSIS, "t", "{\"hub\":\"h\", oops"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("diagnosis")
                .hasMessageContaining("{\"hub\":\"h\", oops");
    }

    @Test
    void theSinkBuildsFromAPropertiesFileWithoutABroker(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("event-hubs.properties");
        Files.writeString(file, """
                # placeholders: nothing here connects anywhere
                bootstrap.servers=example-namespace.servicebus.windows.net:9093
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                """);

        KafkaSink<String> sink = KafkaOutput.sink(KafkaProperties.load(file), KafkaOutput.Kind.DIAGNOSIS,
                "diagnoses", DeliveryGuarantee.AT_LEAST_ONCE, null);

        KafkaDatasetFacet facet = facet(sink);
        assertThat(facet.getTopicIdentifier().getTopics()).containsExactly("diagnoses");
        assertThat(facet.getProperties())
                .containsEntry("bootstrap.servers", "example-namespace.servicebus.windows.net:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void exactlyOnceBoundsTheTransactionTimeoutToWhatABrokerAcceptsByDefault() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "localhost:9093");

        KafkaSink<String> sink = KafkaOutput.sink(kafka, KafkaOutput.Kind.REJECTION, "rejected",
                DeliveryGuarantee.EXACTLY_ONCE, "iothub-kb-weu");

        // Flink's own default (one hour) is more than a default broker's transaction.max.timeout.ms (15 minutes).
        assertThat(facet(sink).getProperties()).containsEntry("transaction.timeout.ms", "900000");
        assertThat(kafka).as("the caller's properties").doesNotContainKey("transaction.timeout.ms");
    }

    @Test
    void exactlyOnceKeepsATransactionTimeoutThePropertiesFileSets() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "localhost:9093");
        kafka.setProperty("transaction.timeout.ms", "300000");

        KafkaSink<String> sink = KafkaOutput.sink(kafka, KafkaOutput.Kind.DIAGNOSIS, "diagnoses",
                DeliveryGuarantee.EXACTLY_ONCE, "iothub-kb-weu");

        assertThat(facet(sink).getProperties()).containsEntry("transaction.timeout.ms", "300000");
    }

    @Test
    void exactlyOnceWithoutATransactionalIdPrefixIsRefused() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "localhost:9093");

        assertThatThrownBy(() -> KafkaOutput.sink(kafka, KafkaOutput.Kind.DIAGNOSIS, "diagnoses",
                DeliveryGuarantee.EXACTLY_ONCE, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transactional id prefix");
    }

    @Test
    void aMissingPropertiesFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("missing.properties");

        assertThatThrownBy(() -> KafkaProperties.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the Kafka properties file " + file);
    }

    @Test
    void aPropertiesFileWithoutBootstrapServersIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("event-hubs.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\n");

        assertThatThrownBy(() -> KafkaProperties.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " has no bootstrap.servers");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJobWritesBothOutputsToKafkaWhenAskedTo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "bootstrap.servers=localhost:9093\n");
        JobOptions options = JobOptions.parse("--input", EXAMPLES.resolve("reconnect-race.jsonl").toString(),
                "--output-kafka", file.toString(), "--diagnoses-topic", "diagnoses", "--rejected-topic", "rejected");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        DiagnosisJob.build(env, options);

        List<SinkTransformation<?, ?>> sinks = env.getTransformations().stream()
                .filter(t -> t instanceof SinkTransformation<?, ?>)
                .<SinkTransformation<?, ?>>map(t -> (SinkTransformation<?, ?>) t).toList();
        assertThat(sinks).extracting(Transformation::getName)
                .containsExactlyInAnyOrder("diagnoses to diagnoses", "rejected to rejected");
        assertThat(sinks).allSatisfy(s -> assertThat(s.getSink()).isInstanceOf(KafkaSink.class));
        assertThat(sinks).extracting(s -> facet((KafkaSink<String>) s.getSink()).getTopicIdentifier().getTopics())
                .containsExactlyInAnyOrder(List.of("diagnoses"), List.of("rejected"));
    }

    @Test
    void theJobFailsBeforeSubmissionWhenTheOutputPropertiesFileIsMissing(@TempDir Path dir) {
        JobOptions options = JobOptions.parse("--input", EXAMPLES.resolve("reconnect-race.jsonl").toString(),
                "--output-kafka", dir.resolve("nowhere.properties").toString(), "--diagnoses-topic", "diagnoses");

        assertThatThrownBy(() -> DiagnosisJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere.properties");
    }

    private static ProducerRecord<byte[], byte[]> serialize(KafkaOutput.Kind kind, String topic, String json) {
        KafkaRecordSerializationSchema<String> schema = KafkaOutput.schema(kind, topic);
        return schema.serialize(json, null, 1_700_000_000_000L);
    }

    private static KafkaDatasetFacet facet(KafkaSink<String> sink) {
        List<LineageDataset> datasets = sink.getLineageVertex().datasets();
        assertThat(datasets).hasSize(1);
        return (KafkaDatasetFacet) datasets.get(0).facets().values().stream()
                .filter(f -> f instanceof KafkaDatasetFacet).findFirst().orElseThrow();
    }

    private static String kind(ProducerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader(KafkaOutput.KIND_HEADER);
        return h == null ? null : text(h.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
