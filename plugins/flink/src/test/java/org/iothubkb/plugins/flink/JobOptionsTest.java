package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The job's command line, parsed without running Flink. */
class JobOptionsTest {

    @Test
    void filesToFilesWithTheDefaults() {
        JobOptions o = JobOptions.parse("--input", "a.jsonl", "b.jsonl.gz", "--output", "out");

        assertThat(o.inputs()).containsExactly("a.jsonl", "b.jsonl.gz");
        assertThat(o.kafkaInput()).isNull();
        assertThat(o.outputDir()).isEqualTo("out");
        assertThat(o.kafkaOutput()).isNull();
        assertThat(o.maxLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.partitioning()).as("the keying that agrees with the CLI")
                .isEqualTo(DiagnosisJob.Partitioning.HUB);
        assertThat(o.order()).isEqualTo(DiagnosisJob.EventOrder.SESSION);
        assertThat(o.inputFormat()).isNull();
    }

    @Test
    void filesReadByANamedParserKeyedByDevice() {
        JobOptions o = JobOptions.parse("--input", "grid.json", "--input-format", "event-grid", "--key-by", "device",
                "--output", "out");

        assertThat(o.inputFormat()).isEqualTo("event-grid");
        assertThat(o.partitioning()).isEqualTo(DiagnosisJob.Partitioning.DEVICE);
    }

    @Test
    void anInputFormatIsForFilesOnly() {
        assertThatThrownBy(() -> JobOptions.parse("--kafka", "in.properties", "--topic", "t", "--group", "g",
                "--input-format", "event-grid", "--output", "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--input-format goes with --input files");
    }

    @Test
    void anUnknownInputFormatIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> JobOptions.parse("--input", "a.log", "--input-format", "syslog", "--output", "out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown input format [syslog]: use ")
                .hasMessageContaining("azure-monitor-logs").hasMessageContaining("event-grid");
    }

    @Test
    void eventHubToEventHubsWithEveryOption() {
        JobOptions o = JobOptions.parse("--kafka", "in.properties", "--topic", "iothub-logs", "--group", "iothub-kb",
                "--output-kafka", "out.properties", "--diagnoses-topic", "diagnoses", "--rejected-topic", "rejected",
                "--delivery", "exactly-once", "--transactional-id-prefix", "iothub-kb-weu",
                "--key-by", "hub", "--event-order", "watermark", "--max-lateness", "PT5M");

        assertThat(o.inputs()).isEmpty();
        assertThat(o.kafkaInput()).isEqualTo(new JobOptions.KafkaInput("in.properties", "iothub-logs", "iothub-kb"));
        assertThat(o.outputDir()).isNull();
        assertThat(o.kafkaOutput()).isEqualTo(new JobOptions.KafkaOutputOptions("out.properties", "diagnoses",
                "rejected", DeliveryGuarantee.EXACTLY_ONCE, "iothub-kb-weu"));
        assertThat(o.maxLateness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.partitioning()).isEqualTo(DiagnosisJob.Partitioning.HUB);
        assertThat(o.order()).isEqualTo(DiagnosisJob.EventOrder.WATERMARK);
    }

    @Test
    void withoutARejectedTopicRejectionsGoToTheDiagnosesTopicAtLeastOnce() {
        JobOptions o = JobOptions.parse("--input", "a.jsonl", "--output-kafka", "out.properties",
                "--diagnoses-topic", "diagnoses");

        assertThat(o.kafkaOutput()).isEqualTo(new JobOptions.KafkaOutputOptions("out.properties", "diagnoses",
                "diagnoses", DeliveryGuarantee.AT_LEAST_ONCE, null));
    }

    @Test
    void theSamePropertiesFileMayServeInputAndOutput() {
        JobOptions o = JobOptions.parse("--kafka", "hub.properties", "--topic", "iothub-logs", "--group", "g",
                "--output-kafka", "hub.properties", "--diagnoses-topic", "diagnoses", "--delivery", "at-least-once");

        assertThat(o.kafkaOutput().properties()).isEqualTo(o.kafkaInput().properties());
        assertThat(o.kafkaOutput().delivery()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void noArgumentsAtAllNamesBothInputs() {
        assertThatThrownBy(JobOptions::parse).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an input is required: --input FILE... or --kafka PROPERTIES_FILE")
                .hasMessageContaining("usage:");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "--input --output out | --input needs at least one file",
        "--input a --kafka k --topic t --group g --output o | --input and --kafka are exclusive",
        "--kafka k --output o | --kafka needs --topic NAME and --group ID",
        "--kafka k --topic t --output o | --kafka needs --topic NAME and --group ID",
        "--input a --topic t --output o | --topic and --group go with --kafka",
        "--input a | an output is required: --output DIR or --output-kafka PROPERTIES_FILE",
        "--input a --output o --output-kafka k --diagnoses-topic d | --output and --output-kafka are exclusive",
        "--input a --output-kafka k | --output-kafka needs --diagnoses-topic NAME",
        "--input a --output o --diagnoses-topic d | --diagnoses-topic goes with --output-kafka",
        "--input a --output o --rejected-topic r | --rejected-topic goes with --output-kafka",
        "--input a --output o --delivery exactly-once | --delivery goes with --output-kafka",
        "--input a --output-kafka k --diagnoses-topic d --delivery exactly-once"
                + " | --delivery exactly-once needs --transactional-id-prefix NAME",
        "--input a --output-kafka k --diagnoses-topic d --transactional-id-prefix p"
                + " | --transactional-id-prefix goes with --delivery exactly-once",
        "--input a --output-kafka k --diagnoses-topic d --delivery sometimes"
                + " | --delivery must be at-least-once or exactly-once, not [sometimes]",
        "--input a --output o --key-by fleet | --key-by must be device or hub, not [fleet]",
        "--input a --output o --event-order random | --event-order must be session or watermark, not [random]",
        "--input a --output o --max-lateness 2m | --max-lateness must be an ISO-8601 duration such as PT2M, not [2m]",
        "--input a --output o --max-lateness PT-1M | --max-lateness must not be negative, not [PT-1M]",
        "--input a --output | --output needs a value",
        "--input a --output --key-by hub | --output needs a value",
        "--input a --output o --output p | --output given twice",
        "--input a --output o --verbose | unknown argument [--verbose]",
        "--input a --output o stray | unknown argument [stray]",
        "--kafka k --topic logs --group g --output-kafka k --diagnoses-topic logs"
                + " | --diagnoses-topic [logs] is the input --topic on the same connection: the job would read its"
                + " own output",
        "--kafka k --topic logs --group g --output-kafka k --diagnoses-topic d --rejected-topic logs"
                + " | --rejected-topic [logs] is the input --topic on the same connection",
    })
    void aWrongCommandLineIsRefusedWithWhatIsWrong(String args, String message) {
        assertThatThrownBy(() -> JobOptions.parse(args.split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("usage:");
    }

    @Test
    void anOutputTopicNamedAsTheInputTopicOnAnotherConnectionIsAllowed() {
        // Another namespace may well have an event hub of the same name.
        JobOptions o = JobOptions.parse("--kafka", "a.properties", "--topic", "logs", "--group", "g",
                "--output-kafka", "b.properties", "--diagnoses-topic", "logs");

        assertThat(List.of(o.kafkaInput().topic(), o.kafkaOutput().diagnosesTopic())).containsOnly("logs");
    }
}
