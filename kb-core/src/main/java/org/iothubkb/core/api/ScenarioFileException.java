package org.iothubkb.core.api;

/**
 * A scenario file ({@code cases.json}) cannot be used: it is not valid JSON, or a field is missing, misspelt or of
 * the wrong type. The message starts with {@code file:line:column:}.
 *
 * @since 0.2
 */
public class ScenarioFileException extends KbException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int line;
    private final int column;

    /**
     * Creates the exception.
     *
     * @param path   the scenario file, as given
     * @param line   1-based, or 0 if unknown
     * @param column 1-based, or 0 if unknown
     * @param text   what is wrong, without the position
     */
    public ScenarioFileException(String path, int line, int column, String text) {
        super(path + ":" + line + ":" + column + ": " + text);
        this.path = path;
        this.line = line;
        this.column = column;
    }

    /** The scenario file, as given. */
    public String getPath() {
        return path;
    }

    /** The line the problem is on or starts at, 1-based; 0 if unknown. */
    public int getLine() {
        return line;
    }

    /** The column, 1-based; 0 if unknown. */
    public int getColumn() {
        return column;
    }
}
