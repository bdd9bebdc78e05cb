package org.iothubkb.core.api;

import java.util.List;
import java.util.Objects;

/**
 * The Azure IoT SDK behind a record, read from its {@code sdkVersion} property, for example
 * {@code azure-iot-device/1.17.1 (node v10.16.0; Windows_NT 10.0.18363; x64)} or
 * {@code .NET/1.21.2 (.NET Framework 4.8; …)}. The prefixes are the ones Microsoft's monitoring reference lists;
 * rules use the family to apply an SDK's token-renewal and keep-alive behaviour, and the version to spot
 * releases with known bugs.
 *
 * <p>Immutable. {@link #parse(String)} never fails: text it does not recognise gives {@link #UNKNOWN} (or a
 * result with family {@code unknown} and the text kept in {@link #getRaw()}).
 *
 * @since 0.2
 */
public final class SdkInfo {

    /** Nothing known: no {@code sdkVersion}, or one this class cannot read. */
    public static final SdkInfo UNKNOWN = new SdkInfo("unknown", "unknown", null, null);

    /** Prefix (matched ignoring case) → family and role. Longest prefixes first, so the most specific one wins. */
    private static final List<String[]> PREFIXES = List.of(
            new String[] {"c + (ossimplified = eclipse threadx)", "threadx", "device"},
            new String[] {"com.microsoft.azure.sdk.iot.iot-service-client", "java", "service"},
            new String[] {"com.microsoft.azure.sdk.iot.iot-device-client", "java", "device"},
            new String[] {"com.microsoft.azure.iothub-java-client", "java", "device"},
            new String[] {"com.microsoft.azure.iothub.service.sdk", "java", "service"},
            new String[] {"microsoft.azure.devices.client", "dotnet", "device"},
            new String[] {"azure-iot-device-iothub-py", "python", "device"},
            new String[] {"microsoft.azure.devices", "dotnet", "service"},
            new String[] {"iothubserviceclient", "c", "service"},
            new String[] {"azure-iot-device", "node", "device"},
            new String[] {"iothubclient", "c", "device"},
            new String[] {"azure-iothub", "node", "service"},
            new String[] {".net", "dotnet", "unknown"},
            new String[] {"c", "embedded-c", "device"});

    private final String family;
    private final String role;
    private final String version;
    private final String raw;

    private SdkInfo(String family, String role, String version, String raw) {
        this.family = family;
        this.role = role;
        this.version = version;
        this.raw = raw;
    }

    /**
     * Reads an {@code sdkVersion} value.
     *
     * @param sdkVersion the value as logged; may be {@code null}
     * @return what it says; {@link #UNKNOWN} for {@code null} or blank text
     */
    public static SdkInfo parse(String sdkVersion) {
        if (sdkVersion == null || sdkVersion.isBlank()) {
            return UNKNOWN;
        }
        // Parsed for every record that carries sdkVersion: no regex, no lower-case copy.
        String s = sdkVersion.trim();
        if (isApiVersion(s)) {
            return new SdkInfo("rest-api", "service", s.substring(0, 10), s); // a REST call's api-version
        }
        for (String[] p : PREFIXES) {
            if (s.regionMatches(true, 0, p[0], 0, p[0].length()) && boundaryAfter(s, p[0].length())) {
                return new SdkInfo(p[1], p[2], versionAfter(s, p[0].length()), s);
            }
        }
        return new SdkInfo("unknown", "unknown", null, s);
    }

    /** Whether the text starts like an api-version date, {@code yyyy-mm-dd}. */
    private static boolean isApiVersion(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9}) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A prefix only counts when the name ends there: {@code C/1.2} is the C SDK, {@code Contoso/1} is not. */
    private static boolean boundaryAfter(String s, int end) {
        if (end >= s.length()) {
            return true;
        }
        char c = s.charAt(end);
        return c == '/' || c == ' ' || c == '(' || c == ';';
    }

    private static String versionAfter(String s, int end) {
        if (end >= s.length() || s.charAt(end) != '/') {
            return null;
        }
        int i = end + 1;
        int j = i;
        while (j < s.length() && s.charAt(j) != ' ' && s.charAt(j) != '(' && s.charAt(j) != ';') {
            j++;
        }
        return j > i ? s.substring(i, j) : null;
    }

    /**
     * The SDK family: {@code dotnet}, {@code java}, {@code node}, {@code python}, {@code c} (the C SDK, or the
     * Python v1 SDK built on it), {@code embedded-c}, {@code threadx}, {@code rest-api} or {@code unknown}.
     */
    public String getFamily() { return family; }

    /** {@code device}, {@code service} or {@code unknown} (the {@code .NET/…} strings do not say which). */
    public String getRole() { return role; }

    /** The version as logged, e.g. {@code 1.17.1}; {@code null} if none was given. */
    public String getVersion() { return version; }

    /** The {@code sdkVersion} text as logged; {@code null} for {@link #UNKNOWN}. */
    public String getRaw() { return raw; }

    /** Whether the family is known. */
    public boolean isKnown() { return !"unknown".equals(family); }

    /**
     * Whether the version is known and lower than {@code other}, comparing dot-separated numbers (a missing
     * part counts as 0; text after a number, as in {@code 1.19.0-preview}, is ignored).
     */
    public boolean isBefore(String other) {
        return version != null && compare(version, other) < 0;
    }

    /** Compares two dotted version numbers numerically. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? leadingNumber(x[i]) : 0;
            long q = i < y.length ? leadingNumber(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long leadingNumber(String part) {
        long n = 0;
        for (int i = 0; i < part.length() && Character.isDigit(part.charAt(i)) && i < 18; i++) {
            n = n * 10 + (part.charAt(i) - '0');
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdkInfo && family.equals(((SdkInfo) o).family) && role.equals(((SdkInfo) o).role)
                && Objects.equals(version, ((SdkInfo) o).version) && Objects.equals(raw, ((SdkInfo) o).raw);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, role, version, raw);
    }

    @Override
    public String toString() {
        return family + (role.equals("unknown") ? "" : " " + role) + (version == null ? "" : " " + version);
    }
}
