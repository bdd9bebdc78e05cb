package org.iothubkb.core.api;

import java.util.Locale;

/**
 * How well the knowledge behind a cause is established: the rule's {@code @confidence} metadata, carried by each
 * diagnosis and shown per cause by {@code explain}. Ordered from strongest to weakest.
 *
 * @since 0.2
 */
public enum Confidence {
    /** Stated in Microsoft's documentation. */
    DOCUMENTED,
    /** Stated in an Azure IoT SDK's source code or its comments. */
    SDK,
    /** Stated by an SDK or service maintainer in a public issue or pull request. */
    MAINTAINER,
    /** Our own inference, or a user's report nobody confirmed: treat it as a lead, not a verdict. */
    INFERRED;

    /** The lower-case id used in rule metadata and JSON output, e.g. {@code "sdk"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a confidence id, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values if {@code id} is not one of them
     */
    public static Confidence fromId(String id) {
        if (id != null) {
            for (Confidence c : values()) {
                if (c.id().equalsIgnoreCase(id.trim())) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("Unknown confidence [" + id
                + "]: use one of documented, sdk, maintainer, inferred");
    }
}
