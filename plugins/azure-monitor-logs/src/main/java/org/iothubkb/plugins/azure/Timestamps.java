package org.iothubkb.plugins.azure;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Parses the {@code time} field of resource-log records.
 *
 * <p>IoT Hub writes {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} for every record, so that shape is parsed by hand:
 * {@link Instant#parse} costs about twice as much and this runs once per record. Anything else falls back to
 * {@code java.time}, which accepts the other ISO-8601 forms (offsets such as {@code +00:00}, leap seconds, no
 * seconds).
 */
final class Timestamps {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: a four-digit year, and far inside what epoch millis can hold. */
    static final long MIN_EPOCH_SECOND = -62_167_219_200L;
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final int[] NANOS_SCALE = {
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000 };

    private Timestamps() {
    }

    /**
     * Parses an ISO-8601 date-time that carries a zone offset.
     *
     * @return the instant, or {@code null} if {@code text} is not such a date-time or its year is not 0000–9999
     */
    static Instant parse(String text) {
        Instant fast = parseUtc(text);
        return fast != null ? fast : parseOther(text);
    }

    /** The hot path: {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}; {@code null} for any other shape or an invalid date. */
    static Instant parseUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (s.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(s, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * NANOS_SCALE[9 - fractionDigits];
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static Instant parseOther(String s) {
        // OffsetDateTime covers offsets and optional seconds; Instant.parse adds leap seconds (23:59:60Z).
        try {
            return inRange(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeException e) {
            // try the next form
        }
        try {
            return inRange(Instant.parse(s));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Instant inRange(Instant t) {
        long sec = t.getEpochSecond();
        return sec >= MIN_EPOCH_SECOND && sec <= MAX_EPOCH_SECOND ? t : null;
    }

    /** Value of {@code len} (at most 9) ASCII digits at {@code off}, or -1 if any of them is not a digit. */
    private static int digits(String s, int off, int len) {
        int v = 0;
        for (int i = off; i < off + len; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
