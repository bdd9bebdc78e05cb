package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.azure.Collected.parse;
import static org.iothubkb.plugins.azure.Collected.src;

import java.time.Instant;

import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How one record's fields become a {@link LogEvent}, or why it is rejected. */
class RecordMappingTest {

    private static final String RID = "/SUBSCRIPTIONS/your-subscription-id/RESOURCEGROUPS/CONTOSORESOURCES/PROVIDERS/"
            + "MICROSOFT.DEVICES/IOTHUBS/CONTOSOTESTHUB";

    /** A Connections record as IoT Hub writes it, with {@code properties} as a JSON string. */
    private static String connect(String time, String propertiesJson) {
        return "{\"time\": " + time + ", \"resourceId\": \"" + RID + "\", \"operationName\": \"deviceConnect\", "
                + "\"category\": \"Connections\", \"level\": \"Information\", \"properties\": "
                + quote(propertiesJson) + ", \"location\": \"westus\"}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void mapsAConnectionErrorRecordWithPropertiesAsAString() {
        // the tutorial's 404104 record (doc sample line 22), with properties as the string IoT Hub writes
        String line = "{\"time\": \"2018-12-17T18:19:25Z\", \"resourceId\": \"" + RID + "\", "
                + "\"operationName\": \"deviceDisconnect\", \"category\": \"Connections\", \"level\": \"Error\", "
                + "\"resultType\": \"404104\", \"resultDescription\": \"DeviceConnectionClosedRemotely\", "
                + "\"properties\": \"{\\\"deviceId\\\":\\\"Contoso-Test-Device\\\",\\\"protocol\\\":\\\"Mqtt\\\","
                + "\\\"authType\\\":null,\\\"maskedIpAddress\\\":\\\"73.162.215.XXX\\\",\\\"statusCode\\\":\\\"404\\\"}\", "
                + "\"location\": \"westus\"}\n";

        LogEvent e = parse(line).onlyEvent();

        assertThat(e.getTime()).isEqualTo(Instant.parse("2018-12-17T18:19:25Z"));
        assertThat(e.getTimestampMillis()).isEqualTo(1545070765000L);
        assertThat(e.getHub()).isEqualTo("CONTOSOTESTHUB");
        assertThat(e.getOperation()).isEqualTo("deviceDisconnect");
        assertThat(e.getCategory()).isEqualTo("Connections");
        assertThat(e.getLevel()).isEqualTo("Error");
        assertThat(e.getErrorCode()).isEqualTo("404104");
        assertThat(e.getErrorName()).isEqualTo("DeviceConnectionClosedRemotely");
        assertThat(e.getDeviceId()).isEqualTo("Contoso-Test-Device");
        assertThat(e.getModuleId()).isNull();
        assertThat(e.getProtocol()).isEqualTo("Mqtt");
        assertThat(e.getSdkVersion()).isNull();
        assertThat(e.getMaskedIp()).isEqualTo("73.162.215.XXX");
        assertThat(e.getAuthType()).isNull();
        assertThat(e.getSource()).isEqualTo(src(1));
        assertThat(e.isError()).isTrue();
        assertThat(e.isDisconnect()).isTrue();
    }

    @Test
    void propertiesAsAnObjectGiveTheSameEventAsPropertiesAsAString() {
        String props = "{\"deviceId\": \"Contoso-Test-Device\", \"moduleId\": \"edgeAgent\", \"protocol\": \"Mqtt\", "
                + "\"sdkVersion\": \"azure-iot-device/1.17.2\", \"authType\": null, "
                + "\"maskedIpAddress\": \"73.162.215.XXX\", \"statusCode\": null}";
        String asString = connect("\"2018-12-17T18:11:25Z\"", props);
        String asObject = asString.replace(quote(props), props);
        assertThat(asObject).contains("\"properties\": {\"deviceId\"");

        LogEvent fromString = parse(asString).onlyEvent();
        LogEvent fromObject = parse(asObject).onlyEvent();

        for (LogEvent e : new LogEvent[] {fromString, fromObject}) {
            assertThat(e.getDeviceId()).isEqualTo("Contoso-Test-Device");
            assertThat(e.getModuleId()).isEqualTo("edgeAgent");
            assertThat(e.getProtocol()).isEqualTo("Mqtt");
            assertThat(e.getSdkVersion()).isEqualTo("azure-iot-device/1.17.2");
            assertThat(e.getMaskedIp()).isEqualTo("73.162.215.XXX");
            assertThat(e.getAuthType()).isNull();
            assertThat(e.getOperation()).isEqualTo("deviceConnect");
            assertThat(e.isConnectSuccess()).isTrue();
        }
    }

    @Test
    void authTypeHeldAsANestedJsonStringGivesItsType() {
        String auth = "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}";
        String props = "{\"deviceId\":\"dev-1\",\"protocol\":\"Amqp\",\"authType\":" + quote(auth)
                + ",\"maskedIpAddress\":\"10.0.0.XXX\"}";

        LogEvent e = parse(connect("\"2024-05-01T10:00:03Z\"", props)).onlyEvent();

        assertThat(e.getAuthType()).isEqualTo("sas");
        assertThat(e.getProtocol()).isEqualTo("Amqp");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "\"authType\":\"{\\\"scope\\\":\\\"module\\\",\\\"type\\\":\\\"x509\\\",\\\"issuer\\\":\\\"iothub\\\"}\" | x509",
        "\"authType\":\"sas\"                                          | sas",
        "\"authType\":null                                             | NULL",
        "\"authType\":{\"scope\":\"device\",\"type\":\"x509CA\"}       | x509CA",
        "\"authType\":\"{\\\"scope\\\":\\\"device\\\"}\"               | NULL",
        "\"authType\":\"{not json\"                                    | {not json",
        "\"authenticationType\":\"{\\\"type\\\":\\\"sas\\\"}\"         | sas",
        "\"authType\":\"\"                                             | NULL",
    })
    void authTypeForms(String member, String expected) {
        String props = "{\"deviceId\":\"dev-1\"," + member.strip() + "}";

        LogEvent e = parse(connect("\"2024-05-01T10:00:03Z\"", props)).onlyEvent();

        assertThat(e.getAuthType()).isEqualTo(expected);
    }

    @Test
    void authTypeWinsOverAuthenticationType() {
        String props = "{\"authenticationType\":\"x509\",\"authType\":\"sas\"}";
        assertThat(parse(connect("\"2024-05-01T10:00:03Z\"", props)).onlyEvent().getAuthType()).isEqualTo("sas");
    }

    @Test
    void nonStringScalarsInPropertiesAreTakenAsText() {
        String props = "{\"deviceId\":12345,\"moduleId\":true,\"sdkVersion\":2.5,\"protocol\":[\"Mqtt\"],"
                + "\"maskedIpAddress\":{\"v4\":\"10.0.0.XXX\"}}";

        LogEvent e = parse(connect("\"2024-05-01T10:00:03Z\"", props)).onlyEvent();

        assertThat(e.getDeviceId()).isEqualTo("12345");
        assertThat(e.getModuleId()).isEqualTo("true");
        assertThat(e.getSdkVersion()).isEqualTo("2.5");
        assertThat(e.getProtocol()).isNull();
        assertThat(e.getMaskedIp()).isNull();
    }

    @Test
    void misspeltMaskedIpAddressKeyIsRead() {
        String props = "{\"deviceId\":\"dev-1\",\"maskedIpAddresss\":\"52.170.44.XXX\"}";
        assertThat(parse(connect("\"2024-05-01T10:00:03Z\"", props)).onlyEvent().getMaskedIp())
                .isEqualTo("52.170.44.XXX");
    }

    @Test
    void capitalisedLevelKeyIsRead() {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceConnect\",\"category\":\"Connections\","
                + "\"Level\":\"Warning\"}";
        assertThat(parse(line).onlyEvent().getLevel()).isEqualTo("Warning");
    }

    @ParameterizedTest(name = "resultType [{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "404104   | 404104",
        "503      | 503",
        "401      | 401",
        "''       | NULL",
        "Success  | NULL",
        "Event status | NULL",
        "200      | NULL",
        "40410    | NULL",
        "4041040  | NULL",
        "40410a   | NULL",
    })
    void errorCodesAreSixDigitsOrABareFailureStatus(String resultType, String code) {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceDisconnect\","
                + "\"category\":\"Connections\",\"level\":\"Error\",\"resultType\":\"" + resultType
                + "\",\"resultDescription\":\"DeviceConnectionClosedRemotely\"}";

        LogEvent e = parse(line).onlyEvent();

        assertThat(e.getErrorCode()).isEqualTo(code);
        // A failure keeps its name even without a code: code-less InternalServerError / ServiceUnavailable.
        assertThat(e.getErrorName()).isEqualTo("DeviceConnectionClosedRemotely");
        assertThat(e.isError()).isTrue(); // level Error
    }

    @Test
    void aSuccessfulRecordHasNoErrorName() {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"receive\",\"category\":\"C2DCommands\","
                + "\"level\":\"Information\",\"resultType\":\"\",\"resultDescription\":\"Receive message success\"}";
        LogEvent e = parse(line).onlyEvent();
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getErrorName()).isNull();
        assertThat(e.isError()).isFalse();
    }

    @Test
    void durationEndpointAndMessageIdAreRead() {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"endpointUnhealthy\",\"category\":\"Routes\","
                + "\"level\":\"Error\",\"resultType\":\"403004\",\"durationMs\":\"17\",\"properties\":"
                + "\"{\\\"endpointName\\\":\\\"telemetry-sb\\\",\\\"messageId\\\":\\\"m-1\\\"}\"}";
        LogEvent e = parse(line).onlyEvent();
        assertThat(e.getDurationMs()).isEqualTo(17L);
        assertThat(e.getEndpointName()).isEqualTo("telemetry-sb");
        assertThat(e.getMessageId()).isEqualTo("m-1");
    }

    @ParameterizedTest(name = "durationMs [{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {"17 | 17", "'' | NULL", "1.5 | NULL", "-3 | NULL", "abc | NULL"})
    void durationIsAWholeNumberOrAbsent(String raw, Long expected) {
        assertThat(RecordFields.millis(raw)).isEqualTo(expected);
    }

    @Test
    void numericResultTypeIsAnErrorCodeToo() {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"endpointUnhealthy\",\"category\":\"Routes\","
                + "\"resultType\":403004,\"resultDescription\":\"DeviceMaximumQueueDepthExceeded\"}";
        LogEvent e = parse(line).onlyEvent();
        assertThat(e.getErrorCode()).isEqualTo("403004");
        assertThat(e.getErrorName()).isEqualTo("DeviceMaximumQueueDepthExceeded");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/ANONHUB1 | ANONHUB1",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Devices/IotHubs/my-Hub  | my-Hub",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Devices/iothubs/hub2/x/y | hub2",
        "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/         | NULL",
        "Resource Id                                                                     | NULL",
        "/SUBSCRIPTIONS/S/PROVIDERS/MICROSOFT.DEVICES/PROVISIONINGSERVICES/DPS1          | NULL",
    })
    void hubIsTheSegmentAfterIotHubs(String resourceId, String hub) {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"resourceId\":\"" + resourceId
                + "\",\"operationName\":\"deviceConnect\",\"category\":\"Connections\"}";
        assertThat(parse(line).onlyEvent().getHub()).isEqualTo(hub);
    }

    @Test
    void missingOptionalFieldsStayNull() {
        LogEvent e = parse("{\"time\":\"2024-05-01T10:00:03Z\",\"category\":\"Routes\"}").onlyEvent();

        assertThat(e.getCategory()).isEqualTo("Routes");
        assertThat(e.getOperation()).isNull();
        assertThat(e.getHub()).isNull();
        assertThat(e.getLevel()).isNull();
        assertThat(e.getErrorCode()).isNull();
        assertThat(e.getDeviceId()).isNull();
        assertThat(e.getAuthType()).isNull();
        assertThat(e.getSource()).isEqualTo(src(1));
    }

    @Test
    void operationNameIsNormalisedToLowerCamelCase() {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"EndpointUnhealthy\",\"category\":\"Routes\"}";
        assertThat(parse(line).onlyEvent().getOperation()).isEqualTo("endpointUnhealthy");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"2024-05-01T10:00:03.1234567Z\"   | 2024-05-01T10:00:03.123456700Z",
        "\"2024-05-01T10:00:03.123Z\"       | 2024-05-01T10:00:03.123Z",
        "\"2019-12-12T03:25:14Z\"           | 2019-12-12T03:25:14Z",
        "\"2018-07-03T23:20:11.6921933+00:00\" | 2018-07-03T23:20:11.692193300Z",
        "\"2024-05-01T12:00:03+02:00\"      | 2024-05-01T10:00:03Z",
    })
    void timeForms(String json, String expected) {
        LogEvent e = parse(connect(json, "{}")).onlyEvent();
        assertThat(e.getTime()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void sevenDigitFractionKeepsTheHundredNanoseconds() {
        LogEvent e = parse(connect("\"2024-05-01T10:00:03.1234567Z\"", "{}")).onlyEvent();
        assertThat(e.getTime().getNano()).isEqualTo(123_456_700);
        assertThat(e.getTimestampMillis()).isEqualTo(Instant.parse("2024-05-01T10:00:03.123Z").toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"time\": \" UTC timestamp\",      | field [time] is not an ISO-8601 timestamp: [ UTC timestamp]",
        "\"time\": \"UTC timestamp\",       | field [time] is not an ISO-8601 timestamp: [UTC timestamp]",
        "\"time\": \"\",                    | field [time] is not an ISO-8601 timestamp: []",
        "\"time\": \"2024-05-01T10:00:03\", | field [time] is not an ISO-8601 timestamp: [2024-05-01T10:00:03]",
        "\"time\": \"2019-02-29T00:00:00Z\",| field [time] is not an ISO-8601 timestamp: [2019-02-29T00:00:00Z]",
        "\"time\": 1714557603,              | field [time] is not an ISO-8601 timestamp: [1714557603]",
        "\"time\": {\"utc\": 1},            | field [time] is not an ISO-8601 timestamp: [an object]",
        "\"time\": null,                    | missing field [time]",
        "\"timestamp\": \"2024-05-01T10:00:03Z\", | missing field [time]",
    })
    void badTimesAreRejectedNamingTheField(String timeMember, String reason) {
        String line = "{" + timeMember.strip() + " \"operationName\": \"deviceConnect\", \"category\": \"Connections\"}";

        Rejection r = parse("\n" + line + "\n").onlyRejection();

        assertThat(r.getSource()).isEqualTo(src(2));
        assertThat(r.getReason()).isEqualTo(reason);
    }

    @Test
    void invalidPropertiesJsonIsRejectedNamingTheFieldAndProblem() {
        // the doc's Routes template shape: an unquoted placeholder inside the properties string
        String props = "{\"deviceId\": \"<deviceId>\",\"endpointName\":\"<endpointName>\",\"messageId\":<messageId>}";

        Rejection r = parse(connect("\"2019-12-12T03:25:14Z\"", props)).onlyRejection();

        assertThat(r.getSource()).isEqualTo(src(1));
        assertThat(r.getReason())
                .startsWith("field [properties] is not valid JSON (column 71): Unexpected character ('<' (code 60))");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"[1,2]\"           | field [properties] holds an array, not a JSON object",
        "\"\\\"text\\\"\"    | field [properties] holds a string, not a JSON object",
        "\"{} {}\"           | field [properties] holds more than one JSON value",
        "\"{\\\"a\\\":1\"    | field [properties] is not valid JSON (column 7): Unexpected end-of-input",
        "42                  | field [properties] is neither a JSON object nor a string holding one, but a number",
        "[\"deviceId\"]      | field [properties] is neither a JSON object nor a string holding one, but an array",
    })
    void propertiesThatAreNotAnObjectAreRejected(String value, String reason) {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceConnect\",\"category\":\"Connections\","
                + "\"properties\":" + value.strip() + "}";

        assertThat(parse(line).onlyRejection().getReason()).startsWith(reason);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\"", "null", "\"null\"", "\"  \""})
    void emptyOrNullPropertiesMeanNoProperties(String value) {
        String line = "{\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceConnect\",\"category\":\"Connections\","
                + "\"properties\":" + value + "}";
        assertThat(parse(line).onlyEvent().getDeviceId()).isNull();
    }

    @Test
    void recordWithoutOperationNameOrCategoryIsNotAResourceLogRecord() {
        // an Event Grid DeviceConnected event (doc sample line 29) has neither
        String line = "{\"id\": \"fbfd8ee1-cf78-74c6-dbcf-e1c58638ccbd\", \"topic\": \"/SUBSCRIPTIONS/DEMO5CDD-8DAB-4CF4-"
                + "9B2F-C22E8A755472/RESOURCEGROUPS/EGTESTRG/PROVIDERS/MICROSOFT.DEVICES/IOTHUBS/MYIOTHUB\", "
                + "\"subject\": \"devices/Demo-Device-1\", \"eventType\": \"Microsoft.Devices.DeviceConnected\", "
                + "\"eventTime\": \"2018-07-03T23:20:11.6921933+00:00\", \"data\": {\"deviceConnectionStateEventInfo\": "
                + "{\"sequenceNumber\": \"000000000000000001D4132452F67CE200000002000000000000000000000001\"}, "
                + "\"hubName\": \"MYIOTHUB\", \"deviceId\": \"48e44e11-1437-4907-83b1-4a8d7e89859e\", \"moduleId\": \"\"}, "
                + "\"dataVersion\": \"1\", \"metadataVersion\": \"1\"}";

        Rejection r = parse(line).onlyRejection();

        assertThat(r.getReason()).isEqualTo("not a resource-log record: no [operationName] or [category]");
        assertThat(r.getSource()).isEqualTo(src(1));
    }

    @Test
    void deeplyNestedValuesInsideARecordAreSkipped() {
        String deep = "[".repeat(500) + "{\"x\":\"y\"}" + "]".repeat(500);
        String line = "{\"extra\":" + deep + ",\"time\":\"2024-05-01T10:00:03Z\",\"operationName\":\"deviceConnect\","
                + "\"category\":\"Connections\",\"properties\":{\"nested\":" + deep + ",\"deviceId\":\"d\"}}";

        LogEvent e = parse(line).onlyEvent();

        assertThat(e.getDeviceId()).isEqualTo("d");
        assertThat(e.getOperation()).isEqualTo("deviceConnect");
    }

    @Test
    void lastDuplicateKeyWins() {
        String line = "{\"time\":\"bad\",\"time\":\"2024-05-01T10:00:03Z\",\"category\":\"Routes\",\"category\":\"Connections\"}";
        LogEvent e = parse(line).onlyEvent();
        assertThat(e.getCategory()).isEqualTo("Connections");
        assertThat(e.getTime()).isEqualTo(Instant.parse("2024-05-01T10:00:03Z"));
    }
}
