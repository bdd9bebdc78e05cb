package org.iothubkb.plugins.eventgrid;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Keeps rejection reasons to one readable line, whatever the input held. */
final class Reasons {

    private static final int MAX_VALUE = 80;
    private static final int MAX_MESSAGE = 200;

    private Reasons() {
    }

    /** A value quoted in a reason: control characters made visible, long values cut. */
    static String shorten(String s) {
        return clip(s, MAX_VALUE);
    }

    /** Jackson's message without its location suffix, which names a source the user never saw. */
    static String jacksonMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return clip(m == null ? e.getClass().getSimpleName() : m, MAX_MESSAGE);
    }

    private static String clip(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= max) {
                return b.append('…').toString();
            }
            char c = s.charAt(i);
            b.append(c < ' ' || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }
}
