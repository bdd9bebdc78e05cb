package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.azure.Collected.readResource;

import java.util.ServiceLoader;

import org.iothubkb.core.spi.EventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Discovery through {@link ServiceLoader}, and recognising the format from the head of an input. */
class ServiceRegistrationTest {

    private final EventParser parser = new AzureMonitorLogsParser();

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(ServiceLoader.load(EventParser.class))
                .filteredOn(p -> p.id().equals("azure-monitor-logs"))
                .singleElement()
                .isInstanceOf(AzureMonitorLogsParser.class);
        assertThat(parser.id()).isEqualTo(AzureMonitorLogsParser.ID).isEqualTo("azure-monitor-logs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"doc-samples-resource-logs.jsonl", "hourly-blob-pretty.json", "eventhubs-bodies.jsonl",
        "mixed-shapes.json"})
    void recognisesEveryShapeFromItsHead(String fixture) {
        String text = readResource(fixture);
        String head = text.substring(0, Math.min(4096, text.length()));

        assertThat(parser.sniff(head)).isTrue();
        assertThat(parser.sniff("\uFEFF \n" + head)).isTrue();
    }

    @Test
    void recognisesAHeadCutMidRecord() {
        assertThat(parser.sniff("{\"records\": [{\"time\": \"2019-12-12T03:25:14Z\", \"resourceId\": \"/SUBSCRI")).isTrue();
        assertThat(parser.sniff("[{\"category\": \"Routes\", \"ti")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   \n",
        "time,resourceId,operationName,category\n2019-12-12T03:25:14Z,x,deviceConnect,Connections\n",
        "[{\"id\": \"f6bbf8f4-d365-520d-a878-17bf7238abd8\", \"eventType\": \"Microsoft.Devices.DeviceConnected\"}]",
        "{\"id\": \"9af86784\", \"type\": \"Microsoft.Devices.DeviceTelemetry\", \"specversion\": \"1.0\"}",
        "# operationName category\n",
        "\"operationName\"",
    })
    void doesNotRecogniseOtherInputs(String head) {
        assertThat(parser.sniff(head)).isFalse();
    }
}
