package org.iothubkb.plugins.azure;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Pull access to JSON tokens, so record fields are read the same way from the line-fed input and from the
 * JSON held in a {@code properties} string.
 */
interface TokenStream {

    /** The next token; {@code null} at the end of the input; never {@link JsonToken#NOT_AVAILABLE}. */
    JsonToken next() throws IOException;

    /** The parser positioned on the token {@link #next()} returned last. */
    JsonParser parser();

    /** A stream over a blocking parser, which never runs out of input half-way. */
    static TokenStream of(JsonParser p) {
        return new TokenStream() {
            @Override
            public JsonToken next() throws IOException {
                return p.nextToken();
            }

            @Override
            public JsonParser parser() {
                return p;
            }
        };
    }
}
