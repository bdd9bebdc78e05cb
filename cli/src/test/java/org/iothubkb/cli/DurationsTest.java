package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "90s, PT1M30S",
            "2m, PT2M",
            "1h, PT1H",
            "500ms, PT0.5S",
            "0s, PT0S",
            "PT2M, PT2M",
            "pt90s, PT1M30S",
            "PT1H30M, PT1H30M",
            "' 2m ', PT2M",
            "2M, PT2M",
            "10 s, PT10S",
    })
    void parsesShortFormsAndIso(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2", "2x", "m", "-5s", "PT-1M", "two minutes", "1.5m", "P", "2 m s"})
    void rejectsAnythingElse(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\n");
    }

    @org.junit.jupiter.api.Test
    void rejectsNull() {
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
