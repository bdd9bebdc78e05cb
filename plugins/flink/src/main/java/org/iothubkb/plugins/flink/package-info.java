/**
 * The built-in rules as an Apache Flink job over resource logs from files or an event hub's Kafka endpoint: see
 * {@link org.iothubkb.plugins.flink.DiagnosisJob} and {@code docs/scale-out.md}.
 */
package org.iothubkb.plugins.flink;
