package org.iothubkb.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdkInfoTest {

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "azure-iot-device/1.17.1 (node v10.16.0; Windows_NT 10.0.18363; x64)                          | node       | device  | 1.17.1",
        ".NET/1.21.2 (.NET Framework 4.8.4200.0; Microsoft Windows 10.0.17763 WindowsProduct:0x00000004; X86) | dotnet | unknown | 1.21.2",
        "microsoft.azure.devices.client/1.18.0                                                       | dotnet     | device  | 1.18.0",
        "Microsoft.Azure.Devices/1.38.0                                                              | dotnet     | service | 1.38.0",
        "iothubclient/1.11.0 (native; Linux; armv7l)                                                 | c          | device  | 1.11.0",
        "iothubserviceclient/1.2.0                                                                   | c          | service | 1.2.0",
        "azure-iot-device-iothub-py/2.12.0 (python 3.10.12; Linux)                                   | python     | device  | 2.12.0",
        "azure-iothub/1.16.4 (node v18.19.0; Linux; x64)                                             | node       | service | 1.16.4",
        "com.microsoft.azure.iothub-java-client/1.3.32                                               | java       | device  | 1.3.32",
        "com.microsoft.azure.sdk.iot.iot-device-client/1.34.0 (Java 11; Linux)                       | java       | device  | 1.34.0",
        "com.microsoft.azure.iothub.service.sdk/1.17.2                                               | java       | service | 1.17.2",
        "com.microsoft.azure.sdk.iot.iot-service-client/2.1.0                                        | java       | service | 2.1.0",
        "C/1.0.0                                                                                     | embedded-c | device  | 1.0.0",
        "C + (OSSimplified = Eclipse ThreadX)/1.1.0                                                  | threadx    | device  | 1.1.0",
        "2018-06-30                                                                                  | rest-api   | service | 2018-06-30",
        "Contoso-Gateway/4.2                                                                         | unknown    | unknown | NULL",
    })
    void readsTheDocumentedSdkPrefixes(String raw, String family, String role, String version) {
        SdkInfo sdk = SdkInfo.parse(raw);
        assertThat(sdk.getFamily()).isEqualTo(family);
        assertThat(sdk.getRole()).isEqualTo(role);
        assertThat(sdk.getVersion()).isEqualTo(version);
        assertThat(sdk.getRaw()).isEqualTo(raw);
    }

    @ParameterizedTest(name = "{0} before {1}: {2}")
    @CsvSource({"1.18.9, 1.19.0, true", "1.19.0, 1.19.0, false", "1.19, 1.19.0, false", "1.9.0, 1.19.0, true",
        "1.19.0-preview, 1.19.0, false", "2.0.0, 1.19.0, false", "1.2.10, 1.2.9, false"})
    void comparesVersionsNumerically(String version, String other, boolean before) {
        assertThat(SdkInfo.parse("microsoft.azure.devices.client/" + version).isBefore(other)).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void absentOrBlankIsUnknownAndNeverBeforeAnything() {
        assertThat(SdkInfo.parse(null)).isSameAs(SdkInfo.UNKNOWN);
        assertThat(SdkInfo.parse("  ")).isSameAs(SdkInfo.UNKNOWN);
        assertThat(SdkInfo.UNKNOWN.isKnown()).isFalse();
        assertThat(SdkInfo.UNKNOWN.isBefore("99.0")).isFalse();
        assertThat(LogEvent.builder().time(java.time.Instant.EPOCH).source("t:1").build().getSdk())
                .isSameAs(SdkInfo.UNKNOWN);
    }
}
