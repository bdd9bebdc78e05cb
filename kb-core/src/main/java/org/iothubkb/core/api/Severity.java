package org.iothubkb.core.api;

import java.util.Locale;

/**
 * How urgently a diagnosis needs attention, from routine ({@link #INFO}) to fleet-wide ({@link #CRITICAL}).
 *
 * @since 0.1
 */
public enum Severity {
    /** Expected behaviour or a side effect whose root cause is reported separately. */
    INFO,
    /** Something went wrong but recovered, or may need a look. */
    WARNING,
    /** Something is broken and needs action. */
    ERROR,
    /** Many devices or the whole hub are affected. */
    CRITICAL;

    /** The lower-case name used in rule metadata, JSON output and on the command line, e.g. {@code "warning"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a severity id, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code id} is not one of them
     */
    public static Severity fromId(String id) {
        if (id != null) {
            for (Severity s : values()) {
                if (s.id().equalsIgnoreCase(id.trim())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("Unknown severity [" + id + "]: use one of info, warning, error, critical");
    }
}
