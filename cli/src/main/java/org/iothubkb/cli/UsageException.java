package org.iothubkb.cli;

/** The command line is wrong: exit code 2, with a hint to the command's help. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Invocation.Command command;

    /**
     * @param command the command whose help to point at, or {@code null} for the general help
     * @param message one line saying what is wrong
     */
    UsageException(Invocation.Command command, String message) {
        super(message);
        this.command = command;
    }

    /** The command whose help to point at, or {@code null}. */
    Invocation.Command command() {
        return command;
    }

    /** The hint printed after the message, e.g. {@code Try 'iothub-kb diagnose --help'.} */
    String hint() {
        return "Try 'iothub-kb " + (command == null ? "" : command.word() + " ") + "--help'.";
    }
}
