package org.iothubkb.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.iothubkb.core.api.KbException;

/**
 * The rules' texts: {@code messages.properties} (English) and {@code messages_<lang>.properties} next to each
 * rule package, on the class path or, for users' rule files, in the DRL's folder. Values are
 * {@link MessageFormat} patterns. A key missing in the requested language falls back to English.
 */
final class Messages {

    private final Locale locale;
    /** Rule package → its merged texts (English first, then the locale's overrides). */
    private final Map<String, Map<String, String>> byPackage = new HashMap<>();
    private final Map<String, Path> packageFolders;
    private final Map<String, ClassLoader> packageLoaders;

    Messages(Locale locale, Map<String, Path> packageFolders, Map<String, ClassLoader> packageLoaders) {
        this.locale = locale;
        this.packageFolders = packageFolders;
        this.packageLoaders = packageLoaders;
    }

    /** The formatted text of {@code key} for a rule package, or {@code null} if no bundle has it. */
    String text(String pkg, String key, Object... args) {
        String pattern = bundle(pkg).get(key);
        if (pattern == null) {
            return null;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The values of {@code prefix.1}, {@code prefix.2}, … up to the first missing number. */
    List<String> numbered(String pkg, String prefix, Object... args) {
        List<String> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String t = text(pkg, prefix + "." + i, args);
            if (t == null) {
                return out;
            }
            out.add(t);
        }
    }

    private synchronized Map<String, String> bundle(String pkg) {
        return byPackage.computeIfAbsent(pkg, this::load);
    }

    private Map<String, String> load(String pkg) {
        Map<String, String> merged = new HashMap<>();
        String lang = locale.getLanguage();
        for (String suffix : lang.isEmpty() || lang.equals("en") ? List.of("") : List.of("", "_" + lang)) {
            String file = "messages" + suffix + ".properties";
            Properties p = new Properties();
            try {
                Path folder = packageFolders.get(pkg);
                if (folder != null && Files.isRegularFile(folder.resolve(file))) {
                    try (Reader r = Files.newBufferedReader(folder.resolve(file), StandardCharsets.UTF_8)) {
                        p.load(r);
                    }
                } else {
                    String res = pkg.replace('.', '/') + "/" + file;
                    ClassLoader loader = packageLoaders.getOrDefault(pkg, Messages.class.getClassLoader());
                    try (InputStream in = loader.getResourceAsStream(res)) {
                        if (in != null) {
                            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                throw new KbException("Cannot read message bundle [" + file + "] of rule package [" + pkg + "]: "
                        + e.getMessage(), e);
            }
            p.forEach((k, v) -> merged.put(k.toString(), v.toString()));
        }
        return merged;
    }
}
