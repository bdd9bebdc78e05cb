package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.LogEvent;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.junit.jupiter.api.Test;

/** The query per cause that the HTML report offers to check a fix in Log Analytics. */
class KqlQueriesTest {

    private static final Messages EN = Messages.forLocale(Locale.ENGLISH);
    private static final Instant T = Instant.parse("2026-11-02T08:30:00.123Z");

    private static Diagnosis diagnosis(Scope scope, String device, String category, Instant last) {
        LogEvent e = LogEvent.builder().time(T).hub("FACTORY-HUB-WEU").deviceId(device).category(category)
                .operation("deviceDisconnect").errorCode("404104").source("log.jsonl:1").build();
        return new Diagnosis("D1", "404104", "DeviceConnectionClosedRemotely", "connection-lost", Severity.WARNING,
                scope, "FACTORY-HUB-WEU", device, null, "t", "e", List.of(), List.of(), T, last, 1, null, "r",
                List.of(e));
    }

    @Test
    void aDeviceCauseAsksForEveryErrorOfThatDeviceSinceItsLastOccurrence() {
        String q = KqlQueries.forCause(List.of(diagnosis(Scope.DEVICE, "press-07", "Connections",
                T.plusSeconds(5))), EN);
        assertThat(q).isEqualTo("""
                // Does 404104 (connection-lost) still show up for device press-07? Every error of theirs since the\
                 last occurrence diagnosed, by code.
                // Set since to the time the fix was applied; as written it is the last occurrence diagnosed.
                let since = datetime(2026-11-02T08:30:05.1230000Z);
                AzureDiagnostics
                | where ResourceProvider == "MICROSOFT.DEVICES" and ResourceType == "IOTHUBS"
                | where _ResourceId endswith "/iothubs/FACTORY-HUB-WEU"
                | where TimeGenerated > since
                | where Category in ("Connections")
                | extend DeviceId = tostring(parse_json(properties_s).deviceId)
                | where DeviceId == "press-07"
                | where Level == "Error" or ResultType == "404104"
                | summarize Records = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by DeviceId,\
                 Category, OperationName, ResultType, ResultDescription
                | order by Last desc
                """);
    }

    @Test
    void aGroupListsItsDevicesAndStartsAtTheLatestOccurrence() {
        List<Diagnosis> group = List.of(diagnosis(Scope.DEVICE, "b", "Connections", T.plusSeconds(9)),
                diagnosis(Scope.DEVICE, "a", "C2DCommands", T.plusSeconds(30)));
        String q = KqlQueries.forCause(group, EN);
        assertThat(q).contains("for 2 devices?", "let since = datetime(2026-11-02T08:30:30.1230000Z);",
                "| where Category in (\"Connections\", \"C2DCommands\")", "| where DeviceId in (\"a\", \"b\")");

        List<Diagnosis> many = new ArrayList<>();
        for (int i = 0; i <= KqlQueries.MAX_DEVICES_LISTED; i++) {
            many.add(diagnosis(Scope.DEVICE, "d" + i, "Connections", T));
        }
        assertThat(KqlQueries.forCause(many, EN)).doesNotContain("DeviceId in", "DeviceId ==")
                .contains("// 101 devices, more than the 100 a query lists");
    }

    @Test
    void aHubIncidentCountsTheDevicesDroppingPerMinute() {
        String q = KqlQueries.forCause(List.of(diagnosis(Scope.HUB, null, "Connections", T)), EN);
        assertThat(q).contains("// Is hub FACTORY-HUB-WEU still dropping devices (404104, connection-lost)?",
                "| where ResultType in (\"404104\", \"500001\", \"500008\")",
                "| summarize Devices = dcount(tostring(parse_json(properties_s).deviceId)) by bin(TimeGenerated, 1m)")
                .doesNotContain("DeviceId ==");
        // A hub-wide problem of another code asks for its errors, not for devices.
        Diagnosis quota = diagnosis(Scope.HUB, null, "Routes", T);
        quota = new Diagnosis("D1", "403002", "IoTHubQuotaExceeded", "daily-quota", Severity.ERROR, Scope.HUB,
                "FACTORY-HUB-WEU", null, null, "t", "e", List.of(), List.of(), T, T, 1, null, "r", quota.getEvidence());
        String routes = KqlQueries.forCause(List.of(quota), EN);
        assertThat(routes).contains("| where Category in (\"Routes\")", "by Category, OperationName")
                .doesNotContain("dcount", "DeviceId");
    }

    @Test
    void timesKeepTheSevenDigitsOfIotHubsOwnLogTimes() {
        Instant logged = Instant.parse("2026-11-02T08:00:40.1234567Z");
        String q = KqlQueries.forCause(List.of(diagnosis(Scope.DEVICE, "d", "Connections", logged)), EN);
        assertThat(q).contains("let since = datetime(2026-11-02T08:00:40.1234567Z);");
    }

    @Test
    void aHubWideCauseWithoutAHubNameSaysItCoversEveryHub() {
        Diagnosis d = diagnosis(Scope.HUB, null, "Connections", T);
        Diagnosis noHub = new Diagnosis("D1", d.getErrorCode(), d.getErrorName(), "mass-disconnect", d.getSeverity(),
                Scope.HUB, null, null, null, "t", "e", List.of(), List.of(), T, T, 1, null, "r", d.getEvidence());
        String q = KqlQueries.forCause(List.of(noHub), EN);
        assertThat(q).contains("// Is any hub of the workspace still dropping devices").doesNotContain("_ResourceId");
    }

    @Test
    void valuesFromTheLogAreQuotedSoTheyCannotChangeTheQuery() {
        String q = KqlQueries.forCause(List.of(diagnosis(Scope.DEVICE, "a\"b\\c\nd", "Connections", T)), EN);
        assertThat(q).contains("| where DeviceId == \"a\\\"b\\\\c\\nd\"");
        assertThat(q.lines()).allMatch(l -> l.startsWith("//") || l.startsWith("|") || l.startsWith("let ")
                || l.equals("AzureDiagnostics"));
    }

    @Test
    void dutchCommentsSameQuery() {
        Diagnosis d = diagnosis(Scope.DEVICE, "press-07", "Connections", T);
        String nl = KqlQueries.forCause(List.of(d), Messages.forLocale(Locale.forLanguageTag("nl")));
        String en = KqlQueries.forCause(List.of(d), EN);
        assertThat(nl).startsWith("// Komt 404104 (connection-lost) nog voor bij apparaat press-07?");
        assertThat(nl.lines().filter(l -> !l.startsWith("//")).toList())
                .isEqualTo(en.lines().filter(l -> !l.startsWith("//")).toList());
    }
}
