package org.iothubkb.core.spi;

/**
 * Small things every parser plugin needs the same way, so that two formats of one hub agree: the hub name from an
 * Azure resource path, and rejection reasons kept to one readable line.
 *
 * @since 0.2
 */
public final class ParserSupport {

    private static final String IOTHUBS = "/IOTHUBS/";
    private static final int MAX_VALUE = 80;

    private ParserSupport() {
    }

    /**
     * The IoT hub's name in an Azure resource path ({@code resourceId} of a resource log, {@code topic} or
     * {@code source} of an Event Grid event): the segment after {@code /IOTHUBS/}, found in any case and kept as
     * written; {@code null} if there is none.
     */
    public static String hubName(String resourcePath) {
        if (resourcePath == null) {
            return null;
        }
        int at = resourcePath.indexOf(IOTHUBS); // Azure writes resource paths in upper case: try that first
        for (int i = 0, last = resourcePath.length() - IOTHUBS.length(); at < 0 && i <= last; i++) {
            if (resourcePath.regionMatches(true, i, IOTHUBS, 0, IOTHUBS.length())) {
                at = i;
            }
        }
        if (at < 0) {
            return null;
        }
        int start = at + IOTHUBS.length();
        int end = resourcePath.indexOf('/', start);
        String hub = resourcePath.substring(start, end < 0 ? resourcePath.length() : end);
        return hub.isBlank() ? null : hub;
    }

    /** A value quoted in a rejection reason: control characters made visible as spaces, cut after 80 chars. */
    public static String shorten(String s) {
        return clip(s, MAX_VALUE);
    }

    /** {@code s} on one line and at most {@code max} characters, an ellipsis marking a cut. */
    public static String clip(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= max) {
                return b.append('\u2026').toString();
            }
            char c = s.charAt(i);
            b.append(c < ' ' || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }
}
