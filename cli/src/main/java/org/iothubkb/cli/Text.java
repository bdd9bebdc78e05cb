package org.iothubkb.cli;

/** Word wrapping for text output. */
final class Text {

    /** The width text output is wrapped to. */
    static final int WIDTH = 100;

    private Text() {
    }

    /**
     * Appends {@code text} wrapped to {@link #WIDTH} columns: the first line starts with {@code first}, the
     * following ones with {@code rest}. Line breaks in {@code text} are kept. Ends with a newline.
     */
    static void wrap(StringBuilder sb, String text, String first, String rest) {
        String s = text == null ? "" : text.strip();
        String prefix = first;
        boolean any = false;
        for (String paragraph : s.split("\\R", -1)) {
            StringBuilder line = new StringBuilder(prefix);
            int empty = prefix.length();
            for (String word : paragraph.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (line.length() > empty && line.length() + 1 + word.length() > WIDTH) {
                    sb.append(line).append('\n');
                    line = new StringBuilder(rest);
                    empty = rest.length();
                }
                if (line.length() > empty) {
                    line.append(' ');
                }
                line.append(word);
            }
            sb.append(stripEnd(line)).append('\n');
            prefix = rest;
            any = true;
        }
        if (!any) {
            sb.append(stripEnd(new StringBuilder(first))).append('\n');
        }
    }

    /** Replaces line breaks by spaces, for messages that must stay on one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String stripEnd(StringBuilder sb) {
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end);
    }
}
