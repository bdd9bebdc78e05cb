package org.iothubkb.core.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem {@link RuleValidator} found in a rule file or its message bundle: where, how bad and what. Printed
 * as {@code file:line:column: message} (errors) or {@code file:line:column: warning: message}, the form editors
 * and CI logs link to the file.
 *
 * @since 0.2
 */
public final class RuleProblem {

    /** How bad a problem is. */
    public enum Level {
        /** The rules do not compile, or a rule breaks a convention the engine relies on. */
        ERROR,
        /** The rules work, but something is missing that users will notice, e.g. a Dutch text. */
        WARNING
    }

    /** Orders problems by file, line and column. */
    public static final Comparator<RuleProblem> BY_POSITION = Comparator.comparing(RuleProblem::getPath)
            .thenComparingInt(RuleProblem::getLine).thenComparingInt(RuleProblem::getColumn);

    private final String path;
    private final int line;
    private final int column;
    private final Level level;
    private final String message;

    /**
     * Creates a problem.
     *
     * @param path    the file, as the user gave it
     * @param line    1-based, or 0 if unknown
     * @param column  1-based, or 0 if unknown
     * @param level   how bad it is
     * @param message what is wrong, one line
     */
    public RuleProblem(String path, int line, int column, Level level, String message) {
        this.path = Objects.requireNonNull(path, "path");
        this.line = Math.max(line, 0);
        this.column = Math.max(column, 0);
        this.level = Objects.requireNonNull(level, "level");
        this.message = Objects.requireNonNull(message, "message");
    }

    /** The file, as the user gave it. */
    public String getPath() { return path; }
    /** The line, 1-based; 0 if unknown. */
    public int getLine() { return line; }
    /** The column, 1-based; 0 if unknown. */
    public int getColumn() { return column; }
    /** How bad it is. */
    public Level getLevel() { return level; }
    /** What is wrong. */
    public String getMessage() { return message; }

    /** Whether this is an {@link Level#ERROR}. */
    public boolean isError() {
        return level == Level.ERROR;
    }

    @Override
    public String toString() {
        return path + ":" + line + ":" + column + ": " + (level == Level.WARNING ? "warning: " : "") + message;
    }
}
