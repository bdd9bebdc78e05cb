package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventHubsRecordsTest {

    @Test
    void aRecordBecomesOneLineNamedByTopicPartitionAndOffset() {
        String body = "{\"records\":[{\"time\":\"2026-11-02T08:00:00Z\",\"category\":\"Connections\"}]}";
        List<NumberedLine> out = new ArrayList<>();

        new EventHubsRecords().deserialize(new ConsumerRecord<>("iothub-logs", 3, 1042L, null,
                body.getBytes(StandardCharsets.UTF_8)), collector(out));

        assertThat(out).containsExactly(new NumberedLine("iothub-logs-3", 1042, body));
        assertThat(out.get(0).source()).isEqualTo("iothub-logs-3:1042");
    }

    @Test
    void anEmptyRecordIsAnEmptyLineWhichTheParserSkips() {
        List<NumberedLine> out = new ArrayList<>();

        new EventHubsRecords().deserialize(new ConsumerRecord<>("t", 0, 7L, null, null), collector(out));

        assertThat(out).containsExactly(new NumberedLine("t-0", 7, ""));
    }

    @Test
    void theSourceBuildsWithoutABroker() {
        Properties kafka = new Properties();
        kafka.setProperty("bootstrap.servers", "localhost:9093");

        KafkaSource<NumberedLine> source = EventHubsRecords.source(kafka, "iothub-logs", "iothub-kb");

        assertThat(source.getProducedType().getTypeClass()).isEqualTo(NumberedLine.class);
    }

    private static Collector<NumberedLine> collector(List<NumberedLine> out) {
        return new Collector<>() {
            @Override
            public void collect(NumberedLine line) {
                out.add(line);
            }

            @Override
            public void close() {
            }
        };
    }
}
