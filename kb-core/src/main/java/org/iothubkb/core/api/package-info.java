/**
 * The embedding API: the facts the rules reason about ({@link org.iothubkb.core.api.LogEvent},
 * {@link org.iothubkb.core.api.Finding}), what they conclude ({@link org.iothubkb.core.api.Diagnosis}) and the
 * entry points ({@link org.iothubkb.core.api.KnowledgeBase}, {@link org.iothubkb.core.api.DiagnosisSession}).
 * For applications that call iothub-kb. No Drools or Jackson types appear here.
 */
package org.iothubkb.core.api;
