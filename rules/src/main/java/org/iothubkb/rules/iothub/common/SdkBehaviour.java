package org.iothubkb.rules.iothub.common;

import java.util.Locale;

import org.iothubkb.core.api.SdkInfo;

/**
 * What the Azure IoT device SDKs do by default with SAS tokens and MQTT keep-alive, for rules that must tell an
 * SDK's routine behaviour from a fault. Defaults only: an application can change the token lifetime, renewal point
 * and keep-alive, and then these windows simply do not match (the rules fall back to their general causes).
 *
 * <p>Sources: the IoT Hub connectivity article's per-SDK table (.NET, Java, Node, Python), the C SDK's reliability
 * notes (new token at 80 % of a one-hour lifetime, every 48 minutes), the troubleshooting page's "every 65 minutes"
 * example and a Java maintainer's remark that the hub flags an expired token 5–10 minutes late; the MQTT article's
 * keep-alive defaults and the 1.5 × rule.
 */
public final class SdkBehaviour {

    private static final long MINUTE = 60_000L;

    private SdkBehaviour() {
    }

    /**
     * Whether {@code intervalMillis} between two disconnects of one device is the default token-renewal cadence of
     * its SDK: .NET and Java reconnect at the 60-minute lifetime plus a 10-minute grace period (hub detection can
     * add a few minutes: 60–80 min); Python renews 120 s before a 60-minute token expires (55–62 min); the C SDK
     * family renews at 48 minutes (45–51 min). Node renews with informational records only, so an error
     * disconnect of a Node device is never its renewal.
     *
     * @param sdk the device's SDK, {@link SdkInfo#UNKNOWN} allowed (then {@code false})
     */
    public static boolean atRenewalCadence(SdkInfo sdk, long intervalMillis) {
        long[] w = renewalWindowMinutes(sdk);
        return w != null && intervalMillis >= w[0] * MINUTE && intervalMillis <= w[1] * MINUTE;
    }

    /**
     * Whether the connectivity guide says the SDK's renewal shows up as errors in the hub's logs: .NET and Java
     * ("informational events and errors"). For Python it says nothing about errors, and the C SDK renews before the
     * token expires, so an error disconnect at their cadence is only likely to be the renewal, not documented.
     */
    public static boolean renewalLogsErrors(SdkInfo sdk) {
        return sdk != null && ("dotnet".equals(sdk.getFamily()) || "java".equals(sdk.getFamily()));
    }

    /** The renewal window of an SDK in minutes, {@code {min, max}}, or {@code null} when it has none we trust. */
    static long[] renewalWindowMinutes(SdkInfo sdk) {
        if (sdk == null || "service".equals(sdk.getRole())) {
            return null;
        }
        switch (sdk.getFamily()) {
            case "dotnet":
            case "java":
                return new long[] {60, 80};
            case "python":
                return new long[] {55, 62};
            case "c":
            case "embedded-c":
            case "threadx":
                return new long[] {45, 51};
            default:
                return null;
        }
    }

    /**
     * The SDK's default MQTT keep-alive in seconds (Node 180, Java 230, C 240, .NET 300, Python 60), or -1 when
     * unknown. The hub closes a connection after 1.5 × this without traffic (at most 1,767 s); the texts of the
     * keep-alive notes give those figures per SDK.
     */
    public static int keepAliveSeconds(SdkInfo sdk) {
        if (sdk == null) {
            return -1;
        }
        switch (sdk.getFamily()) {
            case "node":
                return 180;
            case "java":
                return 230;
            case "c":
            case "embedded-c":
            case "threadx":
                return 240;
            case "dotnet":
                return 300;
            case "python":
                return 60;
            default:
                return -1;
        }
    }

    /**
     * The note id ({@code keepalive.<family>}) a connection-lost explanation adds for a device whose SDK's MQTT
     * keep-alive is known, or {@code null}: only for MQTT connections (including MQTT over WebSockets), since AMQP and
     * HTTPS do not use the MQTT keep-alive.
     */
    public static String keepAliveNote(SdkInfo sdk, String protocol) {
        if (protocol == null || !protocol.toLowerCase(Locale.ROOT).startsWith("mqtt") || keepAliveSeconds(sdk) < 0) {
            return null;
        }
        return "keepalive." + sdk.getFamily();
    }
}
