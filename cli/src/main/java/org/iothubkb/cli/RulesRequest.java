package org.iothubkb.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.iothubkb.core.spi.RulePack;

/**
 * What a command needs its knowledge base built from: the language, the user's rule folders ({@code --rules}) and
 * the rule packs found among the plugins, on top of the built-in rules.
 */
record RulesRequest(Locale locale, List<Path> ruleFolders, List<RulePack> rulePacks) {

    RulesRequest {
        ruleFolders = List.copyOf(ruleFolders);
        rulePacks = List.copyOf(rulePacks);
    }

    /** The built-in rules alone, in {@code locale}. */
    static RulesRequest builtIn(Locale locale) {
        return new RulesRequest(locale, List.of(), List.of());
    }
}
