/**
 * Reads Azure IoT Hub resource logs (the Azure Monitor diagnostic-settings export) into
 * {@link org.iothubkb.core.api.LogEvent}s: see {@link org.iothubkb.plugins.azure.AzureMonitorLogsParser}.
 */
package org.iothubkb.plugins.azure;
