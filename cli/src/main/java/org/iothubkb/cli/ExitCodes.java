package org.iothubkb.cli;

import org.iothubkb.core.api.Diagnosis;
import org.iothubkb.core.api.DiagnosisReport;
import org.iothubkb.core.api.Severity;

/** The exit codes, a contract used by scripts. */
final class ExitCodes {

    /** The command ran (whatever it found). */
    static final int OK = 0;
    /** {@code --fail-on}: a diagnosis at or above the threshold. */
    static final int THRESHOLD_MET = 1;
    /** {@code test}: a scenario case failed. The same number as {@link #THRESHOLD_MET}: the run found something. */
    static final int CASES_FAILED = 1;
    /** A usage error, an unreadable input, or (with {@code --strict}) a rejected record. */
    static final int USAGE_OR_INPUT = 2;
    /**
     * The rules failed: they did not build, or a consequence threw while running ({@code validate}: any rule file
     * has an error).
     */
    static final int RULES_FAILED = 3;
    /** Anything unexpected, an output format that threw included. */
    static final int UNEXPECTED = 4;

    private ExitCodes() {
    }

    /**
     * The exit code of a {@code diagnose} run that produced {@code report}. A rejected record under
     * {@code strict} wins over the severity threshold: the input itself was not acceptable.
     *
     * @param failOn the threshold, or {@code null} for none
     */
    static int forReport(DiagnosisReport report, Severity failOn, boolean strict) {
        if (strict && report.getSummary().getRecordsRejected() > 0) {
            return USAGE_OR_INPUT;
        }
        if (failOn != null && thresholdMet(report, failOn)) {
            return THRESHOLD_MET;
        }
        return OK;
    }

    /** Whether any diagnosis has a severity of at least {@code failOn}. */
    static boolean thresholdMet(DiagnosisReport report, Severity failOn) {
        for (Diagnosis d : report.getDiagnoses()) {
            if (d.getSeverity().compareTo(failOn) >= 0) {
                return true;
            }
        }
        return false;
    }
}
