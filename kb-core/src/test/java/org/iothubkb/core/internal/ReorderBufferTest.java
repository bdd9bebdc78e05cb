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
    void releasesInTimeOrderOnceOlderThanTheLatenessAndKeepsArrivalOrderForIdenticalRecords() {
        ReorderBuffer b = new ReorderBuffer(60_000);
        List<String> out = new ArrayList<>();
        b.add(at(10, "b"), e -> out.add(e.getSource()));
        b.add(at(0, "a"), e -> out.add(e.getSource()));
        b.add(at(10, "c"), e -> out.add(e.getSource()));
        assertThat(out).isEmpty();
        b.add(at(70, "d"), e -> out.add(e.getSource()));
        // Exactly the lateness behind: not late, so held for records of the same instant still to come.
        assertThat(out).containsExactly("a");
        b.add(at(71, "e"), e -> out.add(e.getSource()));
        assertThat(out).containsExactly("a", "b", "c");
        b.drain(e -> out.add(e.getSource()));
        assertThat(out).containsExactly("a", "b", "c", "d", "e");
        assertThat(b.lateEvents()).isZero();
    }

    @Test
    void recordsOfTheSameInstantLeaveInTheOrderOfTheirContentsWhateverOrderTheyCameIn() {
        Instant t = Instant.parse("2026-11-30T10:00:00.1234567Z");
        List<LogEvent> sameInstant = List.of(
                LogEvent.builder().time(t).hub("hub").deviceId("d2").category("Connections")
                        .operation("deviceDisconnect").errorCode("404104").source("x").build(),
                LogEvent.builder().time(t).hub("hub").deviceId("d1").category("Connections")
                        .operation("deviceConnect").source("y").build(),
                LogEvent.builder().time(t).hub("hub").deviceId("d1").category("Connections")
                        .operation("deviceDisconnect").source("z").build(),
                // Earlier inside the same millisecond: first, whatever its contents.
                LogEvent.builder().time(t.minusNanos(300)).hub("hub").deviceId("d9").source("w").build());
        List<String> expected = List.of("w", "y", "z", "x");
        for (List<LogEvent> arrival : List.of(sameInstant, reversed(sameInstant),
                List.of(sameInstant.get(2), sameInstant.get(0), sameInstant.get(3), sameInstant.get(1)))) {
            ReorderBuffer b = new ReorderBuffer(60_000);
            List<String> out = new ArrayList<>();
            arrival.forEach(e -> b.add(e, r -> out.add(r.getSource())));
            b.drain(r -> out.add(r.getSource()));
            assertThat(out).as("arrival %s", arrival.stream().map(LogEvent::getSource).toList())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRecordExactlyTheLatenessBehindIsNeitherLateNorOutOfOrderWithItsTwin() {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        LogEvent a = LogEvent.builder().time(t).deviceId("a").source("a").build();
        LogEvent b = LogEvent.builder().time(t).deviceId("b").source("b").build();
        LogEvent newer = LogEvent.builder().time(t.plusSeconds(60)).deviceId("c").source("c").build();
        for (List<LogEvent> arrival : List.of(List.of(a, newer, b), List.of(b, newer, a))) {
            ReorderBuffer buffer = new ReorderBuffer(60_000);
            List<String> out = new ArrayList<>();
            arrival.forEach(e -> buffer.add(e, r -> out.add(r.getSource())));
            buffer.drain(r -> out.add(r.getSource()));
            assertThat(out).containsExactly("a", "b", "c");
            assertThat(buffer.lateEvents()).isZero();
        }
    }

    private static List<LogEvent> reversed(List<LogEvent> events) {
        List<LogEvent> r = new ArrayList<>(events);
        java.util.Collections.reverse(r);
        return r;
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
