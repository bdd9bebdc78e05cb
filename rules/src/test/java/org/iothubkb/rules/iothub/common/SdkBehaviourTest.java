package org.iothubkb.rules.iothub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.iothubkb.core.api.SdkInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SdkBehaviourTest {

    private static final long MIN = 60_000L;

    @ParameterizedTest(name = "{0} after {1} min: {2}")
    @CsvSource(delimiter = '|', value = {
        "com.microsoft.azure.sdk.iot.iot-device-client/1.34.0 | 65 | true",
        "com.microsoft.azure.sdk.iot.iot-device-client/1.34.0 | 59 | false",
        "com.microsoft.azure.sdk.iot.iot-device-client/1.34.0 | 81 | false",
        ".NET/1.42.0                                          | 70 | true",
        "azure-iot-device-iothub-py/2.12.0                    | 58 | true",
        "azure-iot-device-iothub-py/2.12.0                    | 65 | false",
        "iothubclient/1.11.0                                  | 48 | true",
        "iothubclient/1.11.0                                  | 60 | false",
        "azure-iot-device/1.18.2                              | 60 | false",
        "Microsoft.Azure.Devices/1.38.0                       | 65 | false",
        "Contoso/1.0                                          | 65 | false",
    })
    void renewalCadenceFollowsTheSdkDefaults(String sdkVersion, long minutes, boolean atCadence) {
        assertThat(SdkBehaviour.atRenewalCadence(SdkInfo.parse(sdkVersion), minutes * MIN)).isEqualTo(atCadence);
    }

    @Test
    void keepAliveDefaultsPerSdk() {
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.parse("azure-iot-device/1.18.2"))).isEqualTo(180);
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.parse("com.microsoft.azure.sdk.iot.iot-device-client/1.0")))
                .isEqualTo(230);
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.parse("iothubclient/1.11.0"))).isEqualTo(240);
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.parse(".NET/1.42.0"))).isEqualTo(300);
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.parse("azure-iot-device-iothub-py/2.12.0"))).isEqualTo(60);
        assertThat(SdkBehaviour.keepAliveSeconds(SdkInfo.UNKNOWN)).isEqualTo(-1);
    }

    @Test
    void theKeepAliveNoteIsOnlyForMqttConnectionsOfAKnownSdk() {
        SdkInfo java = SdkInfo.parse("com.microsoft.azure.sdk.iot.iot-device-client/1.34.0");
        assertThat(SdkBehaviour.keepAliveNote(java, "Mqtt")).isEqualTo("keepalive.java");
        assertThat(SdkBehaviour.keepAliveNote(java, "MqttWs")).isEqualTo("keepalive.java");
        assertThat(SdkBehaviour.keepAliveNote(java, "Amqp")).isNull();
        assertThat(SdkBehaviour.keepAliveNote(java, null)).isNull();
        assertThat(SdkBehaviour.keepAliveNote(SdkInfo.UNKNOWN, "Mqtt")).isNull();
    }
}
