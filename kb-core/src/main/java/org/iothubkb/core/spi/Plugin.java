package org.iothubkb.core.spi;

/**
 * What every plugin has: an id to be named by, and a version to be listed with.
 *
 * <p>Plugins are found with {@link java.util.ServiceLoader} in {@code META-INF/services/<interface name>} of
 * their jar, one class name per line. An implementation needs a public no-argument constructor. Ids are unique
 * per kind: two parsers, two sinks or two rule packs with the same id stop the run, naming both.
 *
 * @since 0.2
 */
public interface Plugin {

    /** Unique, stable, kebab-case id, e.g. {@code "event-grid"}; never {@code null}. */
    String id();

    /**
     * The plugin's version: by default the {@code Implementation-Version} of its jar's manifest, or
     * {@code "unknown"}.
     */
    default String version() {
        Package p = getClass().getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }

    /** One line saying what the plugin does, for {@code iothub-kb plugins}; empty by default. */
    default String description() {
        return "";
    }
}
