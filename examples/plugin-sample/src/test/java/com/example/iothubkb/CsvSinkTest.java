package com.example.iothubkb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Scope;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

class CsvSinkTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(CsvSink.quote("plain")).isEqualTo("plain");
        assertThat(CsvSink.quote("a, b")).isEqualTo("\"a, b\"");
        assertThat(CsvSink.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvSink.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void oneRowPerDiagnosisAfterTheHeader() throws Exception {
        Instant t = Instant.parse("2026-11-02T07:41:12.500Z");
        Diagnosis d = new Diagnosis("D1", "404104", "DeviceConnectionClosedRemotely", "door-sensor-offline",
                Severity.ERROR, Scope.DEVICE, "SITE-GENT-HUB", "door-entrance-3", null,
                "Door sensor door-entrance-3 is offline, \"check\" it", "x", List.of(), List.of(), t, t, 1, null,
                "rule", List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CsvSink().write(new DiagnosisReport(new Summary(3, 0, 0, 1, 1), List.of(d), List.of()), Locale.ENGLISH,
                out);
        String[] rows = out.toString(StandardCharsets.UTF_8).split("\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[0]).isEqualTo(String.join(",", CsvSink.COLUMNS));
        assertThat(rows[1]).isEqualTo("D1,404104,door-sensor-offline,error,documented,device,SITE-GENT-HUB,"
                + "door-entrance-3,,2026-11-02T07:41:12.500Z,2026-11-02T07:41:12.500Z,1,,"
                + "\"Door sensor door-entrance-3 is offline, \"\"check\"\" it\"");
    }
}
