package org.iothubkb.plugins.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.iothubkb.core.spi.ParserSupport;

/** Keeps rejection reasons to one readable line, whatever the input held. */
final class Reasons {

    private static final int MAX_MESSAGE = 200;

    private Reasons() {
    }

    /** A value quoted in a reason: control characters made visible, long values cut. */
    static String shorten(String s) {
        return ParserSupport.shorten(s);
    }

    /** Jackson's message without its location suffix, which names a source the user never saw. */
    static String jacksonMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return ParserSupport.clip(m == null ? e.getClass().getSimpleName() : m, MAX_MESSAGE);
    }
}
