package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.DiagnosisSession;
import org.iothubkb.core.api.KnowledgeBase;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.SessionOptions;
import org.junit.jupiter.api.Test;

/** Diagnoses handed over as they become final, and facts submitted as JSON objects. */
class StreamingSessionTest {

    private static final KnowledgeBase KB = KnowledgeBase.builder().build();

    private static LogEvent event(String device, String time, String code, String op) {
        return LogEvent.builder().time(Instant.parse(time)).hub("HUB").deviceId(device).category("Connections")
                .operation(op).level(code == null ? "Information" : "Error").errorCode(code)
                .source("t:" + device + "@" + time).build();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aDiagnosisIsHandedOverOnceQuietForTwoHoursAndTheReportHoldsTheSameOnes() {
        List<String> heard = new ArrayList<>();
        DiagnosisSession session = KB.newSession(SessionOptions.defaults()
                .withListener(d -> heard.add(d.getId() + " " + d.getDeviceId() + " " + d.getCause())));
        // A reconnect race on one device: 404104 then 409002 three seconds later (root, then side effect).
        session.submit(event("thermo-1", "2026-11-02T08:00:00Z", "404104", "deviceDisconnect"));
        session.submit(event("thermo-1", "2026-11-02T08:00:03Z", "409002", "deviceConnect"));
        for (String t : List.of("09:00", "09:30", "10:00", "10:30")) {
            session.submit(event("other", "2026-11-02T" + t + ":00Z", null, "deviceConnect"));
        }
        session.submit(event("pump-2", "2026-11-02T10:40:00Z", "404104", "deviceDisconnect"));
        assertThat(heard).as("not final while the rules' clock is within two hours of it").isEmpty();

        // Finality is checked as events move the clock: the 10:40 record passes the two-minute lateness buffer
        // when a later one arrives, and the clock then stands at 10:30, more than two hours after 08:00:03.
        session.submit(event("other", "2026-11-02T10:45:00Z", null, "deviceConnect"));
        assertThat(heard).as("final after two quiet hours, root before side effect")
                .containsExactly("D1 thermo-1 connection-lost", "D2 thermo-1 reconnect-race");

        DiagnosisReport report = session.close();
        assertThat(heard).containsExactly("D1 thermo-1 connection-lost", "D2 thermo-1 reconnect-race",
                "D3 pump-2 connection-lost");
        assertThat(report.getDiagnoses()).extracting(Diagnosis::getId).containsExactly("D1", "D2", "D3");
        assertThat(report.getDiagnoses().get(1).getRootCauseId()).isEqualTo("D1");
    }

    @Test
    void theSameCauseAfterAFinalDiagnosisOpensANewOne() {
        List<String> heard = new ArrayList<>();
        DiagnosisSession session = KB.newSession(SessionOptions.defaults().withListener(d -> heard.add(d.getId())));
        session.submit(event("thermo-1", "2026-11-02T08:00:00Z", "404104", "deviceDisconnect"));
        session.submit(event("thermo-1", "2026-11-02T08:10:00Z", "404104", "deviceDisconnect"));
        session.submit(event("thermo-1", "2026-11-02T11:00:00Z", "404104", "deviceDisconnect"));
        session.submit(event("thermo-1", "2026-11-02T11:10:00Z", "404104", "deviceDisconnect"));
        DiagnosisReport report = session.close();
        assertThat(report.getDiagnoses()).extracting(Diagnosis::getOccurrences).containsExactly(2L, 2L);
        assertThat(heard).containsExactly("D1", "D2");
    }

    @Test
    void factsAreEventsAndBadFactsAreCountedRejections() {
        DiagnosisSession session = KB.newSession();
        session.submit(json("{\"time\":\"2026-11-02T08:00:00.1234567Z\",\"hub\":\"HUB\",\"deviceId\":\"thermo-1\","
                + "\"category\":\"Connections\",\"operation\":\"deviceDisconnect\",\"level\":\"Error\","
                + "\"errorCode\":\"404104\",\"protocol\":\"Mqtt\",\"attributes\":{\"site\":\"Gent\",\"floor\":2}}"));
        session.submit(json("{\"time\":\"2026-11-02T08:00:03Z\",\"hub\":\"HUB\",\"deviceId\":\"thermo-1\","
                + "\"category\":\"Connections\",\"operation\":\"deviceConnect\",\"errorCode\":409002,"
                + "\"source\":\"my-tool:2\"}"));
        session.submit(json("{\"time\":\"yesterday\",\"deviceId\":\"x\",\"source\":\"my-tool:3\"}"));
        session.submit(json("{\"time\":\"2026-11-02T08:00:04Z\",\"deviceID\":\"x\"}"));
        DiagnosisReport report = session.close();

        assertThat(report.getDiagnoses()).extracting(d -> d.getErrorCode() + " " + d.getCause())
                .containsExactly("404104 connection-lost", "409002 reconnect-race");
        assertThat(report.getDiagnoses().get(1).getEvidence()).extracting(LogEvent::getSource).contains("my-tool:2");
        assertThat(report.getSummary().getEventsAccepted()).isEqualTo(2);
        assertThat(report.getSummary().getRecordsRejected()).isEqualTo(2);
        assertThat(report.getSummary().getRecordsRead()).isEqualTo(4);
        assertThat(report.getRejected()).extracting(r -> r.getSource() + " " + r.getReason()).containsExactly(
                "my-tool:3 [time] is not an ISO-8601 time with an offset: [yesterday]",
                "fact:4 unknown field [deviceID]; put extra values in [attributes]");
    }
}
