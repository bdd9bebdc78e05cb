package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static LogEvent connect(int second, String device) {
        return LogEvent.builder().time(T0.plusSeconds(second)).hub("h").deviceId(device).category("Connections")
                .operation("deviceConnect").level("Information").source("t").build();
    }

    private static LogEvent drop(int second, String device) {
        return LogEvent.builder().time(T0.plusSeconds(second)).hub("h").deviceId(device).category("Connections")
                .operation("deviceDisconnect").level("Error").errorCode("404104").source("t").build();
    }

    @Test
    void anIncidentIsPossibleOnlyWithEnoughFailedDevicesForTheShare() {
        ConnectionTracker t = new ConnectionTracker();
        for (int i = 0; i < 200; i++) {
            t.observe(connect(0, "d" + i));
        }
        for (int i = 0; i < 19; i++) {
            t.observe(drop(10 + i, "d" + i));
            t.observe(drop(11 + i, "d" + i)); // the same device twice is one device
        }
        assertThat(t.mayBeIncident("h", T0.plusSeconds(30).toEpochMilli(), 60_000, 20, 0.2)).isFalse();
        for (int i = 19; i < 30; i++) {
            t.observe(drop(30, "d" + i));
        }
        // 30 failed, 170 still connected: 30 < 0.2 * 170, so no share of a fifth is possible yet.
        assertThat(t.mayBeIncident("h", T0.plusSeconds(30).toEpochMilli(), 60_000, 20, 0.2)).isFalse();
        for (int i = 30; i < 60; i++) {
            t.observe(drop(40, "d" + i));
        }
        assertThat(t.mayBeIncident("h", T0.plusSeconds(40).toEpochMilli(), 60_000, 20, 0.2)).isTrue();
        assertThat(t.shareOfConnected("h", List.of("d1", "d2"))).isEqualTo(2.0 / 142);
        assertThat(t.mayBeIncident("other", T0.toEpochMilli(), 60_000, 20, 0.2)).isFalse();
    }

    @Test
    void failuresAreForgottenAfterAMinuteSoTheMemoryFollowsTheErrorRate() {
        ConnectionTracker t = new ConnectionTracker();
        for (int i = 0; i < 50; i++) {
            t.observe(drop(i, "d" + i));
        }
        assertThat(t.mayBeIncident("h", T0.plusSeconds(50).toEpochMilli(), 60_000, 20, 0.2)).isTrue();
        t.observe(drop(1_000, "late"));
        assertThat(t.mayBeIncident("h", T0.plusSeconds(1_000).toEpochMilli(), 60_000, 20, 0.2)).isFalse();
        // A window longer or older than what is remembered cannot be judged: the rule then counts for itself.
        assertThat(t.mayBeIncident("h", T0.plusSeconds(1_000).toEpochMilli(), 3_600_000, 20, 0.2)).isTrue();
        assertThat(t.mayBeIncident("h", T0.plusSeconds(900).toEpochMilli(), 60_000, 20, 0.2)).isTrue();
    }
}
