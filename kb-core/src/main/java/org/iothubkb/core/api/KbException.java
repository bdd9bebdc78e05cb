package org.iothubkb.core.api;

/**
 * Base of every exception iothub-kb throws on purpose. Messages are one line, in English, with values in
 * {@code [brackets]} and what to do next.
 *
 * @since 0.1
 */
public class KbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public KbException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the cause it wraps. */
    public KbException(String message, Throwable cause) {
        super(message, cause);
    }
}
