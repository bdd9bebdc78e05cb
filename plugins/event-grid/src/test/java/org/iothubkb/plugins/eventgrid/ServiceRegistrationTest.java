package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.eventgrid.Collected.readResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.iothubkb.core.spi.EventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Discovery through {@link ServiceLoader}, and recognising the format from the head of an input. */
class ServiceRegistrationTest {

    /** The resource-log parser's fixtures, read where they are so this test follows them. */
    private static final Path AZURE_FIXTURES =
            Path.of("../azure-monitor-logs/src/test/resources/org/iothubkb/plugins/azure");

    private final EventParser parser = new EventGridParser();

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(ServiceLoader.load(EventParser.class))
                .filteredOn(p -> p.id().equals("event-grid"))
                .singleElement()
                .isInstanceOf(EventGridParser.class);
        assertThat(parser.id()).isEqualTo(EventGridParser.ID).isEqualTo("event-grid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventgrid-array.json", "cloudevents.jsonl", "doc-samples-event-grid.jsonl",
        "mixed-with-bad.jsonl"})
    void recognisesEveryShapeFromItsHead(String fixture) {
        String head = head(readResource(fixture));

        assertThat(parser.sniff(head)).isTrue();
        assertThat(parser.sniff("\uFEFF \n" + head)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"1\",\"eventType\":\"Microsoft.Devices.DeviceConnected\"}",
        "[{\"id\": \"1\", \"type\" : \"Microsoft.Devices.DeviceTelemetry\", \"specversion\": \"1.0\"}]",
        "[\n  {\n    \"id\": \"1\",\n    \"eventType\":\n      \"Microsoft.Devices.DeviceCreated\",\n    \"data\": {\"twi",
        "[[{\"type\":\"Microsoft.Devices.DeviceDisconnected\"}]]",
    })
    void recognisesEitherSchemaInAnyShape(String head) {
        assertThat(parser.sniff(head)).isTrue();
    }

    @Test
    void doesNotRecogniseAnyResourceLogSampleShape() throws IOException {
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(AZURE_FIXTURES)) {
            fixtures = files.sorted().collect(Collectors.toList());
        }
        assertThat(fixtures).as("the azure-monitor-logs fixtures").hasSizeGreaterThanOrEqualTo(4);

        for (Path fixture : fixtures) {
            String head = head(Files.readString(fixture, StandardCharsets.UTF_8));
            assertThat(parser.sniff(head)).as(fixture.getFileName().toString()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   \n",
        "{\"records\": [{\"time\": \"2019-12-12T03:25:14Z\", \"resourceId\": \"/SUBSCRI",
        "{\"time\":\"2024-05-01T10:00:00Z\",\"operationName\":\"deviceConnect\",\"category\":\"Connections\"}",
        // a resource-log record and an Event Grid event in one input: left to the resource-log parser
        "{\"time\":\"2024-05-01T10:00:00Z\",\"category\":\"Connections\"}\n"
            + "{\"eventType\":\"Microsoft.Devices.DeviceConnected\"}",
        "{\"records\":[{\"type\":\"Microsoft.Devices.DeviceConnected\"}]}",
        "[{\"eventType\": \"Microsoft.Storage.BlobCreated\", \"subject\": \"/blobServices/default\"}]",
        "{\"type\": \"Microsoft.Devices\", \"name\": \"my-hub\"}",
        "eventType,Microsoft.Devices.DeviceConnected\n",
        "# \"eventType\":\"Microsoft.Devices.DeviceConnected\"\n",
    })
    void doesNotRecogniseOtherInputs(String head) {
        assertThat(parser.sniff(head)).isFalse();
    }

    private static String head(String text) {
        return text.substring(0, Math.min(4096, text.length()));
    }
}
