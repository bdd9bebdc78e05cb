/**
 * The HTTP interface of iothub-kb ({@code iothub-kb serve}): {@link org.iothubkb.plugins.http.DiagnosisServer}
 * answers one-shot diagnoses, streaming sessions and the error catalogue over HTTP, on the JDK's own
 * {@code com.sun.net.httpserver}. See {@code docs/server.md} for the endpoints.
 */
package org.iothubkb.plugins.http;
