package org.iothubkb.cli;

/** Escaping for the HTML report: every text from the knowledge base or the log goes through {@link #esc}. */
final class Html {

    private Html() {
    }

    /**
     * {@code s} as inert text in HTML or SVG content and in double- or single-quoted attribute values; control
     * characters other than tab and line ends are dropped, as HTML cannot carry them.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
