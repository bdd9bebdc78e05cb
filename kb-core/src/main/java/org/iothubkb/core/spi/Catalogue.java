package org.iothubkb.core.spi;

/**
 * The error codes the loaded rules explain (their {@code @code}s and {@code @aliases}); available to rules as the
 * global {@code catalogue}, so that a catch-all rule can report a code that no rule knows without waiting for
 * every other rule to pass on it.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface Catalogue {

    /** Whether some loaded rule explains {@code code}. */
    boolean knows(String code);
}
