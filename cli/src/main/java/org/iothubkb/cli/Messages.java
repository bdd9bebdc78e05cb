package org.iothubkb.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

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
        if (args.length == 0) {
            return pattern;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    Locale locale() {
        return locale;
    }
}
