package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

/** Log Analytics exports of AzureDiagnostics rows: the portal's CSV and the az CLI's JSON, good rows and bad. */
class LogAnalyticsExportParserTest {

    private static final String RESOURCE = "/SUBSCRIPTIONS/7F3A2C1E-5B4D-4E8F-9A6B-2C1D0E9F8A7B/RESOURCEGROUPS/"
            + "FACTORY-IOT/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/FACTORY-HUB-WEU";
    // properties_s as Log Analytics stores it: the record's properties JSON, as text.
    private static final String PROPS = "{\"deviceId\":\"press-07\",\"protocol\":\"Mqtt\",\"authType\":"
            + "\"{\\\"scope\\\":\\\"device\\\",\\\"type\\\":\\\"sas\\\",\\\"issuer\\\":\\\"iothub\\\"}\","
            + "\"maskedIpAddress\":\"51.105.0.XXX\",\"statusCode\":\"404\"}";

    private final List<LogEvent> events = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();

    private void parse(String text) throws IOException {
        new LogAnalyticsExportParser().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "export", events::add, (where, why) -> rejected.add(where + " " + why));
    }

    private static String csvQuote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Test
    void thePortalsCsvWithItsDisplayTimeAndQuotedPropertiesBecomesTheSameEventAsTheResourceLog()
            throws IOException {
        String csv = "\uFEFFTenantId,TimeGenerated [UTC],ResourceId,Category,ResourceGroup,SubscriptionId,"
                + "ResourceProvider,Resource,ResourceType,OperationName,ResultType,CorrelationId,ResultDescription,"
                + "Level,Location,DurationMs,properties_s,Type,_ResourceId\n"
                + "0f1e2d3c,\"11/2/2026, 8:30:00.123 AM\"," + RESOURCE + ",Connections,FACTORY-IOT,7f3a,"
                + "MICROSOFT.DEVICES,FACTORY-HUB-WEU,IOTHUBS,deviceDisconnect,404104,,"
                + "\"DeviceConnectionClosedRemotely, see docs\",Error,westeurope,," + csvQuote(PROPS)
                + ",AzureDiagnostics," + RESOURCE.toLowerCase() + "\n";
        assertThat(new LogAnalyticsExportParser().sniff(csv)).isTrue();
        assertThat(new AzureMonitorLogsParser().sniff(csv)).isFalse();

        parse(csv);

        assertThat(rejected).isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getSource()).isEqualTo("export:2");
            assertThat(e.getTime()).hasToString("2026-11-02T08:30:00.123Z");
            assertThat(e.getHub()).isEqualToIgnoringCase("FACTORY-HUB-WEU");
            assertThat(e.getDeviceId()).isEqualTo("press-07");
            assertThat(e.getCategory()).isEqualTo("Connections");
            assertThat(e.getOperation()).isEqualTo("deviceDisconnect");
            assertThat(e.getErrorCode()).isEqualTo("404104");
            assertThat(e.getProtocol()).isEqualTo("Mqtt");
            assertThat(e.getAuthType()).isNotNull();
        });
    }

    @Test
    void theAzCliJsonArrayPrettyPrintedNamesEachRowByItsFirstLine() throws IOException {
        String json = "[\n"
                + "  {\n    \"Category\": \"Connections\",\n    \"DurationMs\": \"\",\n"
                + "    \"Level\": \"Information\",\n    \"OperationName\": \"deviceConnect\",\n"
                + "    \"ResultType\": \"\",\n    \"TableName\": \"PrimaryResult\",\n"
                + "    \"TimeGenerated\": \"2026-11-02T08:30:05.5230000Z\",\n    \"_ResourceId\": \"" + RESOURCE
                + "\",\n    \"properties_s\": " + "\"" + PROPS.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n"
                + "  },\n"
                + "  {\n    \"Category\": \"DeviceTelemetry\",\n    \"DurationMs\": 12,\n"
                + "    \"Level\": \"Error\",\n    \"OperationName\": \"ingress\",\n    \"ResultType\": \"403002\",\n"
                + "    \"TimeGenerated\": \"2026-11-02T08:31:00Z\",\n    \"_ResourceId\": \"" + RESOURCE + "\"\n"
                + "  },\n"
                + "  {\n    \"TableName\": \"PrimaryResult\"\n  },\n"
                + "  {\n    \"Category\": \"Connections\",\n    \"TimeGenerated\": \"yesterday\"\n  }\n"
                + "]\n";
        assertThat(new LogAnalyticsExportParser().sniff(json)).isTrue();
        assertThat(new AzureMonitorLogsParser().sniff(json)).isFalse();

        parse(json);

        assertThat(events).extracting(LogEvent::getSource).containsExactly("export:2", "export:13");
        assertThat(events.get(0).getOperation()).isEqualTo("deviceConnect");
        assertThat(events.get(0).getDeviceId()).isEqualTo("press-07");
        assertThat(events.get(1).getErrorCode()).isEqualTo("403002");
        assertThat(events.get(1).getDurationMs()).isEqualTo(12L);
        // A row of no AzureDiagnostics column, and one whose time is not a time: each rejected at its line.
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0)).startsWith("export:22 no AzureDiagnostics column");
        assertThat(rejected.get(1)).startsWith("export:25 ").contains("yesterday");
    }

    @Test
    void brokenCsvRowsAreRejectedAtTheirLineAndTheRestIsRead() throws IOException {
        String csv = "TimeGenerated,Category,OperationName,ResultType,Level,properties_s,_ResourceId\n"
                + "2026-11-02T08:30:00Z,Connections,deviceConnect,,Information," + csvQuote(PROPS) + "," + RESOURCE
                + "\n"
                + "2026-11-02T08:30:01Z,Connections,deviceConnect\n"
                + "\n"
                + "2026-11-02T08:30:02Z,Connections,deviceDisconnect,404104,Error,\"{\"\"deviceId\"\":\n"
                + "\"\"press-09\"\"}\"," + RESOURCE + "\n"
                + "2026-11-02T08:30:03Z,Connections,deviceDisconnect,404104,Error,\"{unclosed";

        parse(csv);

        assertThat(events).extracting(LogEvent::getSource).containsExactly("export:2", "export:5");
        assertThat(events.get(1).getDeviceId()).isEqualTo("press-09");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0)).startsWith("export:3 row has 3 columns, the header 7");
        assertThat(rejected.get(1)).startsWith("export:7 a quoted field is not closed");
    }
}
