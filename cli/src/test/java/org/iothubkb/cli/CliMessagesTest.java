package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The command line's own labels: the same keys in English and Dutch, and every one a valid pattern. */
class CliMessagesTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            p.load(in);
        }
        return p;
    }

    @Test
    void dutchHasEveryEnglishLabelAndNoOthers() throws IOException {
        Properties en = load("messages.properties");
        Properties nl = load("messages_nl.properties");
        assertThat(nl.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyLabelIsAPatternMessageFormatAccepts() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_nl.properties"}) {
            Properties p = load(bundle);
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                // Throws on an unbalanced brace or a bad choice format.
                String text = new MessageFormat(pattern, Locale.ROOT).format(new Object[] {1, 2, 3, 4, 5, 6});
                assertThat(text).as(bundle + " " + key).isNotBlank();
            }
        }
    }
}
