package org.iothubkb.core.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules could not be built: a rule file failed to compile, or the knowledge base holds no rules at all.
 * Nothing runs with half the rules.
 *
 * @since 0.1
 */
public class RuleBuildException extends KbException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** Creates the exception from the build's problems; the message lists them. */
    public RuleBuildException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order the rule compiler reported them. */
    public List<Problem> getProblems() {
        return problems;
    }

    /** One build problem: where and what. */
    public static final class Problem {
        private final String path;
        private final int line;
        private final int column;
        private final String text;

        /** Creates a problem; {@code line} and {@code column} are 0 when unknown. */
        public Problem(String path, int line, int column, String text) {
            this.path = path;
            this.line = line;
            this.column = column;
            this.text = text;
        }

        /** The rule file, as given or as found on the class path. */
        public String getPath() { return path; }
        /** The line, 1-based, or 0 if unknown. */
        public int getLine() { return line; }
        /** The column, or 0 if unknown. */
        public int getColumn() { return column; }
        /** What the compiler said. */
        public String getText() { return text; }

        @Override
        public String toString() {
            return "Rule file [" + path + "]" + (line > 0 ? " failed to compile at line " + line
                    + (column > 0 ? ", column " + column : "") : " failed to compile") + ": " + text;
        }
    }
}
