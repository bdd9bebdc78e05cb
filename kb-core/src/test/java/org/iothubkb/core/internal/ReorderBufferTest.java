package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {

    private static LogEvent at(int seconds, String source) {
        return LogEvent.builder().time(Instant.ofEpochSecond(1_700_000_000L + seconds)).source(source).build();
    }

    @Test
    void releasesInTimeOrderOnceOlderThanTheLatenessAndKeepsArrivalOrderForTies() {
        ReorderBuffer b = new ReorderBuffer(60_000);
        List<String> out = new ArrayList<>();
        b.add(at(10, "b"), e -> out.add(e.getSource()));
        b.add(at(0, "a"), e -> out.add(e.getSource()));
        b.add(at(10, "c"), e -> out.add(e.getSource()));
        assertThat(out).isEmpty();
        b.add(at(70, "d"), e -> out.add(e.getSource()));
        assertThat(out).containsExactly("a", "b", "c");
        b.drain(e -> out.add(e.getSource()));
        assertThat(out).containsExactly("a", "b", "c", "d");
        assertThat(b.lateEvents()).isZero();
    }

    @Test
    void countsEventsThatArriveLaterThanTheLatenessButStillReleasesThem() {
        ReorderBuffer b = new ReorderBuffer(60_000);
        List<String> out = new ArrayList<>();
        b.add(at(200, "new"), e -> out.add(e.getSource()));
        b.add(at(100, "late"), e -> out.add(e.getSource()));
        assertThat(b.lateEvents()).isEqualTo(1);
        assertThat(out).containsExactly("late");
    }

    @Test
    void anEventPassedThroughIsNotHeldButMovesTimeOnAndIsCountedWhenLate() {
        ReorderBuffer b = new ReorderBuffer(60_000);
        List<String> out = new ArrayList<>();
        b.add(at(10, "held"), e -> out.add(e.getSource()));
        b.pass(at(30, "passed"), e -> out.add(e.getSource()));
        assertThat(out).isEmpty();
        b.pass(at(80, "later"), e -> out.add(e.getSource()));
        assertThat(out).containsExactly("held");
        b.pass(at(5, "late"), e -> out.add(e.getSource()));
        assertThat(b.lateEvents()).isEqualTo(1);
        b.drain(e -> out.add(e.getSource()));
        assertThat(out).containsExactly("held");
    }
}
