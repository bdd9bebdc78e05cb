package org.iothubkb.core.api;

/**
 * An event fact that does not fit the documented shape; the message names the field and what is wrong with it.
 *
 * @since 0.2
 */
public class InvalidFactException extends KbException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /** Creates the exception for one fact: {@code source} says where it came from, {@code reason} what is wrong. */
    public InvalidFactException(String source, String reason) {
        super("Invalid event fact [" + source + "]: " + reason);
        this.reason = reason;
    }

    /** What is wrong, without the source: the text a rejection carries. */
    public String getReason() {
        return reason;
    }
}
