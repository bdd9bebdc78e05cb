package org.iothubkb.plugins.flink;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns Kafka records from an event hub that a diagnostic setting streams to into {@link NumberedLine}s for
 * {@link ParseLines}: each record's body is one {@code {"records":[...]}} batch, named {@code topic-partition} and
 * numbered by its offset, so that a rejection says {@code iothub-logs-3:1042}, which a consumer can seek to.
 */
public final class EventHubsRecords implements KafkaRecordDeserializationSchema<NumberedLine> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<NumberedLine> out) {
        String body = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new NumberedLine(record.topic() + "-" + record.partition(), record.offset(), body));
    }

    @Override
    public TypeInformation<NumberedLine> getProducedType() {
        return TypeInformation.of(NumberedLine.class);
    }

    /**
     * A source reading {@code topic} from the start of what it retains (Event Hubs keeps one to seven days), then
     * from the checkpoints. {@code kafka} holds the connection, e.g. for an Event Hubs namespace
     * {@code bootstrap.servers=NAMESPACE.servicebus.windows.net:9093}, {@code security.protocol=SASL_SSL},
     * {@code sasl.mechanism=PLAIN} and a {@code sasl.jaas.config} whose password is the connection string: read
     * it from a file or the environment, never from the repository.
     *
     * @param kafka   the Kafka client properties, {@code bootstrap.servers} included
     * @param topic   the event hub's name
     * @param groupId the consumer group, e.g. one created for this job in the event hub
     */
    public static KafkaSource<NumberedLine> source(Properties kafka, String topic, String groupId) {
        return KafkaSource.<NumberedLine>builder()
                .setProperties(kafka)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new EventHubsRecords())
                .build();
    }
}
