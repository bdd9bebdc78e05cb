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
            // As ResourceBundle reads them since Java 9: UTF-8.
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
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
                // Throws on an unbalanced brace or a bad choice format; 0, 1 and 2 take every branch of a plural.
                for (int n : new int[] {0, 1, 2}) {
                    String text = new MessageFormat(pattern, Locale.ROOT).format(new Object[] {n, n, n, n, n, n});
                    assertThat(text).as(bundle + " " + key).isNotBlank().doesNotContain("{");
                }
            }
        }
    }
}
