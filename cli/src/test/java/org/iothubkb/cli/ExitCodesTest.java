package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Rejection;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.api.Summary;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

    private static DiagnosisReport report(long rejected, Severity... severities) {
        List<org.iothubkb.core.api.Diagnosis> ds = new java.util.ArrayList<>();
        int i = 1;
        for (Severity s : severities) {
            ds.add(Fakes.diagnosis("D" + i++, "404104", "connection-lost", s, "dev", Fakes.T0, null));
        }
        List<Rejection> rs = new java.util.ArrayList<>();
        for (int r = 0; r < rejected; r++) {
            rs.add(new Rejection("f:" + r, "bad"));
        }
        return new DiagnosisReport(new Summary(10, rejected, 0, 1, ds.size()), ds, rs);
    }

    @Test
    void zeroWithoutThresholdWhateverWasFound() {
        assertThat(ExitCodes.forReport(report(3, Severity.CRITICAL), null, false)).isEqualTo(ExitCodes.OK);
    }

    @Test
    void oneWhenADiagnosisIsAtOrAboveTheThreshold() {
        assertThat(ExitCodes.forReport(report(0, Severity.WARNING), Severity.WARNING, false)).isEqualTo(1);
        assertThat(ExitCodes.forReport(report(0, Severity.INFO, Severity.CRITICAL), Severity.ERROR, false))
                .isEqualTo(1);
    }

    @Test
    void zeroWhenEverythingIsBelowTheThreshold() {
        assertThat(ExitCodes.forReport(report(0, Severity.INFO, Severity.WARNING), Severity.ERROR, false))
                .isEqualTo(0);
        assertThat(ExitCodes.forReport(report(0), Severity.INFO, false)).isEqualTo(0);
    }

    @Test
    void strictTurnsARejectedRecordIntoTwo() {
        assertThat(ExitCodes.forReport(report(1), null, true)).isEqualTo(2);
        assertThat(ExitCodes.forReport(report(0), null, true)).isEqualTo(0);
        assertThat(ExitCodes.forReport(report(1), null, false)).isEqualTo(0);
    }

    @Test
    void strictWinsOverTheThreshold() {
        assertThat(ExitCodes.forReport(report(1, Severity.CRITICAL), Severity.WARNING, true)).isEqualTo(2);
    }

    @Test
    void theCodesAreTheContract() {
        assertThat(List.of(ExitCodes.OK, ExitCodes.THRESHOLD_MET, ExitCodes.USAGE_OR_INPUT,
                ExitCodes.RULES_FAILED, ExitCodes.UNEXPECTED)).containsExactly(0, 1, 2, 3, 4);
    }
}
