package org.iothubkb.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations accepted on the command line: {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}, {@code PT2M}. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with a one-line reason if it is not a duration or is negative
     */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration: use e.g. 90s, 2m, 1h, 500ms or PT2M");
        }
        String s = text.trim();
        Duration d;
        Matcher m = SHORT.matcher(s.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    d = Duration.ofMillis(n);
                    break;
                case "s":
                    d = Duration.ofSeconds(n);
                    break;
                case "m":
                    d = Duration.ofMinutes(n);
                    break;
                default:
                    d = Duration.ofHours(n);
                    break;
            }
        } else if (s.length() > 1 && (s.charAt(0) == 'P' || s.charAt(0) == 'p')) {
            try {
                d = Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration [" + text + "]: use e.g. PT2M");
            }
        } else {
            throw new IllegalArgumentException("not a duration [" + text + "]: use e.g. 90s, 2m, 1h, 500ms or PT2M");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration [" + text + "]");
        }
        return d;
    }
}
