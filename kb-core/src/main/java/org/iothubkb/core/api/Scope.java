package org.iothubkb.core.api;

import java.util.Locale;

/**
 * What a diagnosis is about: one device, or the hub as a whole.
 *
 * @since 0.1
 */
public enum Scope {
    /** One device (or module) identity. */
    DEVICE,
    /** The hub as a whole, e.g. a fleet-wide disconnect; such diagnoses have no device id. */
    HUB;

    /** The lower-case name used in JSON output, e.g. {@code "device"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
