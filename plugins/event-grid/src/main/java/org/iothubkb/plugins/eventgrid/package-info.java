/**
 * Reads the IoT Hub events Azure Event Grid delivers (Event Grid schema or CloudEvents 1.0) into
 * {@link org.iothubkb.core.api.LogEvent}s: see {@link org.iothubkb.plugins.eventgrid.EventGridParser}.
 */
package org.iothubkb.plugins.eventgrid;
