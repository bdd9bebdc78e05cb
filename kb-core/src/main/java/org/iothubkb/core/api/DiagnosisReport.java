package org.iothubkb.core.api;

import java.util.List;
import java.util.Objects;

/**
 * Everything one run concluded: the counts, the diagnoses (in id order) and the rejected records.
 *
 * @since 0.1
 */
public final class DiagnosisReport {
    private final Summary summary;
    private final List<Diagnosis> diagnoses;
    private final List<Rejection> rejected;

    /** Creates a report; lists are copied. */
    public DiagnosisReport(Summary summary, List<Diagnosis> diagnoses, List<Rejection> rejected) {
        this.summary = Objects.requireNonNull(summary, "summary");
        this.diagnoses = List.copyOf(diagnoses);
        this.rejected = List.copyOf(rejected);
    }

    /** The counts. */
    public Summary getSummary() { return summary; }
    /** All diagnoses, in id order (D1, D2, …). */
    public List<Diagnosis> getDiagnoses() { return diagnoses; }
    /**
     * The rejected records. The list may be capped (see {@link DiagnosisSession#MAX_REJECTIONS_LISTED});
     * {@link Summary#getRecordsRejected()} is always the exact count.
     */
    public List<Rejection> getRejected() { return rejected; }
}
