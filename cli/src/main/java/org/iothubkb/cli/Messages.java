package org.iothubkb.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.iothubkb.core.api.Confidence;

/** The CLI's own labels, from {@code org/iothubkb/cli/messages*.properties}. */
final class Messages {

    private static final String BUNDLE = "org.iothubkb.cli.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(ResourceBundle bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    /** The labels for {@code locale}; English unless a bundle for its language exists. */
    static Messages forLocale(Locale locale) {
        // No fallback to the JVM's default locale: English is the base bundle, whatever the machine's language.
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        return new Messages(b, locale);
    }

    /** The label {@code key}, formatted with {@code args} ({@link MessageFormat} syntax). */
    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
        // Always formatted, also without arguments, so every label follows the same quoting rule ('' for ').
        return new MessageFormat(pattern, locale).format(args);
    }

    /** Whether the bundle has the label {@code key}: for labels only some values have, e.g. a family's title. */
    boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The label for a confidence, e.g. {@code documented}; localised. */
    String confidence(Confidence c) {
        return get("confidence." + c.id());
    }

    /** The one-sentence definition of a confidence; localised. */
    String confidenceDefinition(Confidence c) {
        return get("confidence." + c.id() + ".definition");
    }

    Locale locale() {
        return locale;
    }
}
