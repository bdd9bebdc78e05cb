/**
 * For plugin and rule authors: input parsers ({@link org.iothubkb.core.spi.EventParser}), what rules may use
 * ({@link org.iothubkb.core.spi.Findings}, {@link org.iothubkb.core.spi.FleetView}).
 */
package org.iothubkb.core.spi;
