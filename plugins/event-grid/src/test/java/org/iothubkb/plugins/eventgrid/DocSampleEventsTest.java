package org.iothubkb.plugins.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iothubkb.plugins.eventgrid.Collected.parseResource;
import static org.iothubkb.plugins.eventgrid.Collected.src;

import java.time.Instant;

import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;

/**
 * The Event Grid samples of the public docs and SDK tests (fixture {@code doc-samples-event-grid.jsonl}, copied
 * as they are; several reuse one id, and the doc templates keep placeholders such as {@code <hub name>}).
 */
class DocSampleEventsTest {

    @Test
    void everySampleIsAnEventOrADuplicate() {
        Collected c = parseResource("doc-samples-event-grid.jsonl");

        assertThat(c.outcomes()).isEqualTo(12);
        // lines 4-6 are the CloudEvents form of lines 1-3 (same id and hub path); line 12 reuses line 11's id
        assertThat(c.rejectionSources()).containsExactly(src(4), src(5), src(6), src(12));
        assertThat(c.rejectionReasons()).containsExactly(
                "duplicate delivery of event f6bbf8f4-d365-520d-a878-17bf7238abd8",
                "duplicate delivery of event 9af86784-8d40-fe2g-8b2a-bab65e106785",
                "duplicate delivery of event 56afc886-767b-d359-d59e-0da7877166b2",
                "duplicate delivery of event 877f0b10-a086-98ec-27b8-6ae2dfbf5f67");
        // in time order; line 10 reuses line 7's id, but on another hub, so it is another event
        assertThat(c.eventSources()).containsExactly(src(3), src(1), src(8), src(7), src(10), src(11), src(9),
                src(2));
    }

    @Test
    void samplesMapExactly() {
        Collected c = parseResource("doc-samples-event-grid.jsonl");

        LogEvent template = c.events.get(1);
        assertThat(template.getSource()).isEqualTo(src(1));
        assertThat(template.getHub()).as("the doc's placeholder, as written").isEqualTo("<hub name>");
        assertThat(template.getDeviceId()).isEqualTo("LogicAppTestDevice");
        assertThat(template.getModuleId()).isEqualTo("DeviceModuleID");
        assertThat(template.getTime()).isEqualTo(Instant.parse("2018-06-02T19:17:44.4383997Z"));

        LogEvent ordering = c.events.get(3);
        assertThat(ordering.getSource()).isEqualTo(src(7));
        assertThat(ordering.getHub()).isEqualTo("MYIOTHUB");
        assertThat(ordering.getDeviceId()).as("data wins over the subject").isEqualTo("48e44e11-1437-4907-83b1-4a8d7e89859e");
        assertThat(ordering.getModuleId()).isNull();

        LogEvent connected = c.events.get(4);
        LogEvent disconnected = c.events.get(5);
        assertThat(connected.getIdentity()).isEqualTo(disconnected.getIdentity())
                .isEqualTo("EGTESTHUB1/48e44e11-1437-4907-83b1-4a8d7e89859e");
        assertThat(disconnected.getOperation()).isEqualTo("deviceDisconnect");
        assertThat(disconnected.getTime()).isEqualTo(Instant.parse("2018-07-03T23:20:52.646434Z"));
        assertThat(disconnected.getAttribute("sequenceNumber"))
                .isEqualTo("000000000000000001D4132452F67CE200000002000000000000000000000002");

        LogEvent deleted = c.events.get(6);
        assertThat(deleted.getOperation()).isEqualTo("delete");
        assertThat(deleted.getCategory()).isEqualTo("DeviceIdentityOperations");
    }
}
