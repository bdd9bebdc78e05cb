/**
 * The engine behind the API: Drools session facade, event-time clock, reorder buffer, aggregation, message
 * lookup. Not a public API: it may change in any release.
 */
package org.iothubkb.core.internal;
