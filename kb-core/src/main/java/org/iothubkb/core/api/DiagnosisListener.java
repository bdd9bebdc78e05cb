package org.iothubkb.core.api;

/**
 * Receives each diagnosis of a {@link DiagnosisSession} once it is final: no later event can add an occurrence to
 * it or change its root cause. See {@link SessionOptions#withListener(DiagnosisListener)}.
 *
 * <p>Called on the thread that calls {@link DiagnosisSession#submit} or {@link DiagnosisSession#close()}, in
 * diagnosis id order, a root cause before its side effects. A listener that throws stops that call: the exception
 * reaches the caller wrapped in a {@link KbException}.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface DiagnosisListener {

    /** One final diagnosis; never {@code null}. It is also in the report {@link DiagnosisSession#close()} returns. */
    void onDiagnosis(Diagnosis diagnosis);
}
