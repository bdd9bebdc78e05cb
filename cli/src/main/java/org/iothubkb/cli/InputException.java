package org.iothubkb.cli;

/** An input cannot be read: exit code 2, with nothing printed on standard output. */
final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the input */
    InputException(String message) {
        super(message);
    }

    /** @param message one line naming the input */
    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
