package org.iothubkb.core.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.iothubkb.core.internal.DroolsKnowledgeBase;

/**
 * The compiled rules plus their texts: build one per process and share it.
 *
 * <pre>{@code
 * KnowledgeBase kb = KnowledgeBase.builder().locale(Locale.ENGLISH).build();
 * DiagnosisSession session = kb.newSession();
 * events.forEach(session::submit);
 * DiagnosisReport report = session.close();
 * }</pre>
 *
 * <p>A knowledge base is immutable and safe to use from many threads; each {@link DiagnosisSession} is not.
 *
 * @since 0.1
 */
public interface KnowledgeBase {

    /** Returns a builder for a knowledge base with the built-in rules, in English. */
    static Builder builder() {
        return new Builder();
    }

    /** Opens a session with {@link SessionOptions#defaults()}. */
    default DiagnosisSession newSession() {
        return newSession(SessionOptions.defaults());
    }

    /** Opens a session; never {@code null}. */
    DiagnosisSession newSession(SessionOptions options);

    /** Every error code the loaded rules know, in code order. */
    List<CodeInfo> codes();

    /** What the loaded rules know about {@code code}, if anything. */
    Optional<CodeInfo> code(String code);

    /** The locale of the diagnoses' texts. */
    Locale locale();

    /** How many rules are loaded (helper rules included). */
    int ruleCount();

    /** Configures and builds a {@link KnowledgeBase}. Not thread-safe. */
    final class Builder {
        private Locale locale = Locale.ENGLISH;
        private boolean builtInRules = true;
        private final List<Path> ruleFiles = new ArrayList<>();
        private final List<org.iothubkb.core.spi.RulePack> rulePacks = new ArrayList<>();

        private Builder() {
        }

        /** The language of titles, explanations and fixes; English unless a bundle for it exists. */
        public Builder locale(Locale locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /** Whether to load the built-in rules (default {@code true}). */
        public Builder builtInRules(boolean builtIn) {
            this.builtInRules = builtIn;
            return this;
        }

        /**
         * Adds a DRL file, or a folder searched (recursively) for {@code *.drl}, compiled when the knowledge base
         * is built, together with the built-in rules unless {@link #builtInRules(boolean)} turned them off: the
         * added rules see the same facts and globals and can react to the built-in rules' findings. Message
         * bundles ({@code messages.properties}, {@code messages_nl.properties}) in the folder of a DRL file
         * provide its texts. May be called several times.
         */
        public Builder addRules(Path fileOrFolder) {
            ruleFiles.add(Objects.requireNonNull(fileOrFolder, "fileOrFolder"));
            return this;
        }

        /**
         * Adds the DRL files and message bundles of a rule pack plugin (see {@link org.iothubkb.core.spi.RulePack}),
         * compiled like {@link #addRules(Path)}.
         *
         * @since 0.2
         */
        public Builder addRulePack(org.iothubkb.core.spi.RulePack pack) {
            rulePacks.add(Objects.requireNonNull(pack, "pack"));
            return this;
        }

        /**
         * Compiles the rules and reads their metadata. All or nothing: if any rule file fails, no knowledge base is
         * built and every problem is reported.
         *
         * @throws RuleBuildException if a rule file does not compile or no rule is loaded
         * @throws KbException        if a rule file or folder cannot be read
         */
        public KnowledgeBase build() {
            List<DroolsKnowledgeBase.RuleSource> packs = new ArrayList<>();
            for (org.iothubkb.core.spi.RulePack pack : rulePacks) {
                packs.addAll(DroolsKnowledgeBase.sourcesOf(pack));
            }
            return DroolsKnowledgeBase.build(locale, builtInRules, ruleFiles, packs);
        }
    }
}
