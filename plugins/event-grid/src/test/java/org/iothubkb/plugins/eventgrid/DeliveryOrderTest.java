package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.eventgrid.Collected.parse;
import static org.iothubkb.plugins.eventgrid.Collected.src;
import static org.iothubkb.plugins.eventgrid.Events.connected;
import static org.iothubkb.plugins.eventgrid.Events.disconnected;
import static org.iothubkb.plugins.eventgrid.Events.seq;

import java.time.Instant;
import java.util.List;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

/** Event Grid delivers in no order and at least once: sequence order, time order and duplicates. */
class DeliveryOrderTest {

    private static String lines(String... events) {
        return String.join("\n", events) + "\n";
    }

    @Test
    void eventsArePassedOnInTimeOrderNotInputOrder() {
        Collected c = parse(lines(
                connected("a", "2026-11-02T08:00:03Z", "dev-a", 1),
                connected("b", "2026-11-02T08:00:01Z", "dev-b", 1),
                connected("c", "2026-11-02T08:00:02Z", "dev-c", 1)));

        assertThat(c.eventSources()).containsExactly(src(2), src(3), src(1));
        assertThat(c.events).extracting(LogEvent::getTime).isSorted();
    }

    @Test
    void outOfOrderDeliveriesOfOneDeviceFollowTheirSequenceNumbers() {
        Collected c = parse(lines(
                disconnected("d2", "2026-11-02T08:05:00Z", "dev-1", 2),
                connected("c3", "2026-11-02T08:06:00Z", "dev-1", 3),
                connected("c1", "2026-11-02T08:00:00Z", "dev-1", 1)));

        assertThat(c.attribute("eventId")).containsExactly("c1", "d2", "c3");
        assertThat(c.attribute("eventTime")).containsOnlyNulls();
    }

    @Test
    void aLaterSequenceNumberWithAnEarlierTimeTakesItsPredecessorsTime() {
        // The hub samples the state, so a later state may carry a time stamped before the earlier one's.
        Collected c = parse(lines(
                connected("c1", "2026-11-02T08:00:05.1234567Z", "dev-1", 1),
                disconnected("d2", "2026-11-02T08:00:04.9000000Z", "dev-1", 2),
                connected("c3", "2026-11-02T08:00:04.9500000+00:00", "dev-1", 3),
                disconnected("d4", "2026-11-02T08:00:06Z", "dev-1", 4),
                connected("other", "2026-11-02T08:00:05Z", "dev-2", 1)));

        assertThat(c.rejections).isEmpty();
        assertThat(c.attribute("eventId")).containsExactly("other", "c1", "d2", "c3", "d4");
        Instant first = Instant.parse("2026-11-02T08:00:05.1234567Z");
        assertThat(c.events).extracting(LogEvent::getTime).containsExactly(Instant.parse("2026-11-02T08:00:05Z"),
                first, first, first, Instant.parse("2026-11-02T08:00:06Z"));
        assertThat(c.attribute("eventTime")).containsExactly(null, null, "2026-11-02T08:00:04.9000000Z",
                "2026-11-02T08:00:04.9500000+00:00", null);
        assertThat(c.eventSources()).containsExactly(src(5), src(1), src(2), src(3), src(4));
        assertThat(c.events.get(2).getAttribute("sequenceNumber")).isEqualTo(seq(2));
    }

    @Test
    void devicesAndModulesAreOrderedSeparately() {
        String module = connected("m1", "2026-11-02T08:00:01Z", "dev-1", 9)
                .replace("\"moduleId\":\"\"", "\"moduleId\":\"edgeAgent\"");

        Collected c = parse(lines(
                connected("c2", "2026-11-02T08:00:00Z", "dev-1", 2),
                module,
                disconnected("d1", "2026-11-02T08:00:02Z", "dev-1", 1)));

        // the device's events are put in sequence order (c2 takes d1's time); the module's higher number is its own
        assertThat(c.attribute("eventId")).containsExactly("m1", "d1", "c2");
        assertThat(c.events).extracting(LogEvent::getTime).containsExactly(Instant.parse("2026-11-02T08:00:01Z"),
                Instant.parse("2026-11-02T08:00:02Z"), Instant.parse("2026-11-02T08:00:02Z"));
        assertThat(c.attribute("eventTime")).containsExactly(null, null, "2026-11-02T08:00:00Z");
    }

    @Test
    void eventsWithoutASequenceNumberKeepTheirTime() {
        Collected c = parse(lines(
                connected("c2", "2026-11-02T08:00:01Z", "dev-1", 2),
                Events.egConnection("x", "DeviceDisconnected", "2026-11-02T08:00:00Z", "dev-1", null),
                connected("c1", "2026-11-02T08:00:02Z", "dev-1", 1)));

        assertThat(c.attribute("eventId")).containsExactly("x", "c1", "c2");
        assertThat(c.attribute("eventTime")).containsExactly(null, null, "2026-11-02T08:00:01Z");
    }

    @Test
    void sequenceNumbersCompareAsHexadecimalNumbers() {
        assertThat(List.of("0A", "f", "00000000000000000000000000000010", "9", "000000000000000001D4132452F67CE2"
                + "00000002000000000000000000000001", "000000000000000001d4132452f67ce2000000020000000000000000000000ff",
                "0").stream().sorted(SequenceNumbers.BY_VALUE))
                .containsExactly("0", "9", "0A", "f", "00000000000000000000000000000010",
                        "000000000000000001D4132452F67CE200000002000000000000000000000001",
                        "000000000000000001d4132452f67ce2000000020000000000000000000000ff");
        assertThat(SequenceNumbers.compare("00ab", "AB")).isZero();
        assertThat(SequenceNumbers.isValid(seq(1))).isTrue();
        assertThat(SequenceNumbers.isValid("12g4")).isFalse();
        assertThat(SequenceNumbers.isValid("-1")).isFalse();
        assertThat(SequenceNumbers.isValid("\uFF11")).as("a full-width digit").isFalse();
    }

    @Test
    void aSecondDeliveryOfAnEventIsRejectedNamingItsId() {
        String c1 = connected("7d1e4c2a-0001", "2026-11-02T08:00:00Z", "dev-1", 1);
        String d2 = disconnected("7d1e4c2a-0002", "2026-11-02T08:01:00Z", "dev-1", 2);

        Collected c = parse(lines(c1, d2, c1, "[" + d2 + "," + c1 + "]"));

        assertThat(c.eventSources()).containsExactly(src(1), src(2));
        assertThat(c.rejectionSources()).containsExactly(src(3), src(4), src(4));
        assertThat(c.rejectionReasons()).containsExactly("duplicate delivery of event 7d1e4c2a-0001",
                "duplicate delivery of event 7d1e4c2a-0002", "duplicate delivery of event 7d1e4c2a-0001");
        assertThat(c.outcomes()).isEqualTo(5);
    }

    @Test
    void theSameIdFromAnotherHubIsAnotherEvent() {
        String hubA = connected("same-id", "2026-11-02T08:00:00Z", "dev-1", 1);
        String hubB = hubA.replace("/IOTHUBS/" + Events.HUB, "/IOTHUBS/OTHER-HUB");

        Collected c = parse(lines(hubA, hubB));

        assertThat(c.rejections).isEmpty();
        assertThat(c.events).extracting(LogEvent::getHub).containsExactly(Events.HUB, "OTHER-HUB");
    }

    @Test
    void aRejectedDeliveryDoesNotMakeTheNextOneADuplicate() {
        String bad = connected("id-1", "not a time", "dev-1", 1);
        String good = connected("id-1", "2026-11-02T08:00:00Z", "dev-1", 1);

        Collected c = parse(lines(bad, good));

        assertThat(c.eventSources()).containsExactly(src(2));
        assertThat(c.rejectionReasons()).singleElement().asString().startsWith("field [eventTime]");
    }
}
