package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

/** What the HTML report's timelines and fleet charts are drawn from. */
class DeviceActivityTest {

    private static final Instant T = Instant.parse("2026-11-02T09:00:10Z");

    private static LogEvent event(String device, String category, String operation, String code, int second) {
        return LogEvent.builder().time(T.plusSeconds(second)).hub("hub-1").deviceId(device).category(category)
                .operation(operation).errorCode(code).level(code == null ? "Information" : "Error")
                .source("log.jsonl:" + second).build();
    }

    @Test
    void connectsDisconnectsAndErrorsBecomeMarksOtherRecordsDoNot() {
        DeviceActivity a = DeviceActivity.ofInput();
        a.record(event("d1", "Connections", "deviceDisconnect", "404104", 3));
        a.record(event("d1", "Connections", "deviceConnect", null, 1));
        a.record(event("d1", "Connections", "deviceConnect", "409002", 4));
        a.record(event("d1", "D2CTwinOperations", "update", null, 5));
        a.record(event("d1", "C2DCommands", "send", "404103", 6));
        a.record(event("d1", "Connections", "deviceDisconnect", null, 7));
        a.record(LogEvent.builder().time(T).hub("hub-1").category("Routes").operation("endpointDead")
                .errorCode("500001").source("log.jsonl:9").build());

        List<DeviceActivity.Mark> marks = a.marks("hub-1", "d1");
        assertThat(marks).extracting(DeviceActivity.Mark::kind).containsExactly(DeviceActivity.Kind.CONNECT,
                DeviceActivity.Kind.DISCONNECT, DeviceActivity.Kind.CONNECT_FAILED, DeviceActivity.Kind.ERROR,
                DeviceActivity.Kind.DISCONNECT);
        assertThat(marks).extracting(DeviceActivity.Mark::code).containsExactly(null, "404104", "409002", "404103",
                null);
        assertThat(marks.get(1).source()).isEqualTo("log.jsonl:3");
        assertThat(a.marks("hub-1", "other")).isEmpty();
        assertThat(a.marks("hub-2", "d1")).isEmpty();
        assertThat(a.isFromEvidenceOnly()).isFalse();
    }

    @Test
    void aDeviceDropsOncePerMinuteHoweverOftenAndInWhateverOrderItsRecordsCome() {
        DeviceActivity a = DeviceActivity.ofInput();
        a.record(event("d1", "Connections", "deviceDisconnect", "404104", 40));
        a.record(event("d1", "Connections", "deviceDisconnect", "500001", 55));
        a.record(event("d2", "Connections", "deviceDisconnect", "404104", 30));
        // Only the codes the hub-wide rules count: not an auth failure, a clean disconnect or a C2D error.
        a.record(event("d3", "Connections", "deviceConnect", "401003", 31));
        a.record(event("d3", "Connections", "deviceDisconnect", null, 32));
        a.record(event("d4", "C2DCommands", "send", "404103", 33));
        // The next minute: d1 again, then a late record of d1 from the first minute.
        a.record(event("d1", "Connections", "deviceDisconnect", "500008", 60));
        a.record(event("d1", "Connections", "deviceDisconnect", "404104", 45));

        long minute = T.toEpochMilli() / 60_000;
        assertThat(a.dropsPerMinute("hub-1")).isEqualTo(Map.of(minute, 2, minute + 1, 1));
        assertThat(a.devicesDropping("hub-1", minute, minute + 1)).as("d1 in both minutes counts once").isEqualTo(2);
        assertThat(a.devicesDropping("hub-1", minute + 1, minute + 5)).isEqualTo(1);
        assertThat(a.devicesDropping("hub-1", minute + 2, minute + 5)).isZero();
        assertThat(a.dropsPerMinute("elsewhere")).isEmpty();
        assertThat(a.devicesDropping("elsewhere", minute, minute)).isZero();
    }

    @Test
    void marksBeyondTheCapAreCountedNotKeptButDropsStillCount() {
        DeviceActivity a = DeviceActivity.ofInput(3);
        for (int i = 0; i < 5; i++) {
            a.record(event("d" + i, "Connections", "deviceDisconnect", "404104", i));
        }
        assertThat(a.marks("hub-1", "d2")).hasSize(1);
        assertThat(a.marks("hub-1", "d3")).isEmpty();
        assertThat(a.marksNotKept()).isEqualTo(2);
        assertThat(a.dropsPerMinute("hub-1").values()).containsExactly(5);
    }

    @Test
    void theRecordingSessionPassesEverythingOn() {
        DeviceActivity a = DeviceActivity.ofInput();
        List<Object> seen = new ArrayList<>();
        DiagnosisReport closed = new DiagnosisReport(new Summary(1, 1, 0, 1, 0), List.of(), List.of());
        DiagnosisSession session = a.recording(new DiagnosisSession() {
            @Override
            public void submit(LogEvent event) {
                seen.add(event);
            }

            @Override
            public void reject(Rejection rejection) {
                seen.add(rejection);
            }

            @Override
            public DiagnosisReport close() {
                return closed;
            }
        });
        LogEvent connect = event("d1", "Connections", "deviceConnect", null, 1);
        Rejection bad = new Rejection("x:1", "bad");
        session.submit(connect);
        session.reject(bad);
        assertThat(session.close()).isSameAs(closed);
        assertThat(seen).containsExactly(connect, bad);
        assertThat(a.marks("hub-1", "d1")).hasSize(1);
    }

    @Test
    void withoutARecordingTheEvidenceIsUsedOnceEach() {
        LogEvent drop = event("d1", "Connections", "deviceDisconnect", "404104", 0);
        Diagnosis device = new Diagnosis("D2", "404104", "N", "service-transient", Severity.WARNING, Scope.DEVICE,
                "hub-1", "d1", null, "t", "e", List.of(), List.of(), drop.getTime(), drop.getTime(), 1, "D1", "r",
                List.of(drop));
        Diagnosis hub = new Diagnosis("D1", "404104", "N", "mass-disconnect", Severity.CRITICAL, Scope.HUB, "hub-1",
                null, null, "t", "e", List.of(), List.of(), drop.getTime(), drop.getTime(), 1, null, "r",
                List.of(drop));
        DeviceActivity a = DeviceActivity.fromEvidence(new DiagnosisReport(new Summary(1, 0, 0, 1, 2),
                List.of(hub, device), List.of()));
        assertThat(a.isFromEvidenceOnly()).isTrue();
        assertThat(a.marks("hub-1", "d1")).hasSize(1);
        assertThat(a.dropsPerMinute("hub-1").values()).containsExactly(1);
    }
}
