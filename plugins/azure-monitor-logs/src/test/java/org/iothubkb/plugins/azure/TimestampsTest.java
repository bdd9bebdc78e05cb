package org.iothubkb.plugins.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void handParsedUtcFormAgreesWithInstantParse() {
        Random random = new Random(20240501);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            int digits = random.nextInt(10);
            String text = format(t, digits);

            Instant expected = Instant.parse(text);
            assertThat(Timestamps.parseUtc(text)).as(text).isEqualTo(expected);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with exactly {@code digits} fraction digits (truncated). */
    private static String format(Instant t, int digits) {
        String s = t.truncatedTo(ChronoUnit.SECONDS).toString(); // yyyy-MM-ddTHH:mm:ssZ for years 0000-9999
        if (digits == 0) {
            return s;
        }
        String nanos = String.format("%09d", t.getNano()).substring(0, digits);
        return s.substring(0, s.length() - 1) + "." + nanos + "Z";
    }

    @ParameterizedTest
    @CsvSource({
        "2019-12-12T03:25:14Z,              2019-12-12T03:25:14Z",
        "2024-05-01T10:00:03.1234567Z,      2024-05-01T10:00:03.123456700Z",
        "2024-02-29T23:59:59.999999999Z,    2024-02-29T23:59:59.999999999Z",
        "2000-02-29T00:00:00Z,              2000-02-29T00:00:00Z",
        "1970-01-01T00:00:00Z,              1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.9Z,            1969-12-31T23:59:59.900Z",
        "2018-07-03T23:20:11.6921933+00:00, 2018-07-03T23:20:11.692193300Z",
        "2024-05-01T12:00:03+02:00,         2024-05-01T10:00:03Z",
        "2024-05-01T05:00:03-05:00,         2024-05-01T10:00:03Z",
        "2024-05-01T10:00Z,                 2024-05-01T10:00:00Z",
        "2016-12-31T23:59:60Z,              2016-12-31T23:59:59Z",
        // java.time accepts these ISO-8601 corner cases; the fallback follows it
        "2019-12-12T24:00:00Z,              2019-12-13T00:00:00Z",
        "2019-12-12T03:25:14.Z,             2019-12-12T03:25:14Z",
    })
    void validForms(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "UTC timestamp", " UTC timestamp", "2019-12-12T03:25:14Z ", " 2019-12-12T03:25:14Z",
        "2019-12-12T03:25:14", "2019-12-12 03:25:14Z", "2019-12-12T03:25:14.1234567890Z",
        "2019-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2019-13-01T00:00:00Z", "2019-00-01T00:00:00Z",
        "2019-04-31T00:00:00Z", "2019-12-12T23:60:00Z", "2019-12-12T03:25:1xZ",
        "+2019-12-12T03:25:14Z", "+999999999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "2019-12-12",
        "1576121114", "2019-12-12T03:25:14+25:00", "２０１９-12-12T03:25:14Z"
    })
    void invalidForms(String text) {
        assertThat(Timestamps.parse(text)).isNull();
    }
}
