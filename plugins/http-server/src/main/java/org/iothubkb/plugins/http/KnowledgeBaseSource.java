package org.iothubkb.plugins.http;

import java.util.Objects;
import java.util.function.Supplier;

import org.iothubkb.core.api.KnowledgeBase;

/**
 * Where a {@link DiagnosisServer} gets its rules, and how it reloads them.
 *
 * <p>{@link #current()} is asked at the start of every one-shot diagnosis, catalogue request and new session;
 * a session keeps the knowledge base it was opened with until it is closed, so a reload never changes the rules
 * under a session that holds state.
 *
 * @since 0.2
 */
public interface KnowledgeBaseSource {

    /** The knowledge base to use from now on; never {@code null}. Called from many threads. */
    KnowledgeBase current();

    /**
     * Builds the rules again and, only if that succeeds, makes the result {@link #current()}. Called from one
     * thread at a time.
     *
     * @throws RuntimeException saying why the rules could not be rebuilt (a
     *                          {@link org.iothubkb.core.api.RuleBuildException} lists every problem); the previous
     *                          knowledge base stays current
     */
    void reload();

    /** A source that always returns {@code kb}; reloading it changes nothing. */
    static KnowledgeBaseSource fixed(KnowledgeBase kb) {
        Objects.requireNonNull(kb, "kb");
        return new KnowledgeBaseSource() {
            @Override
            public KnowledgeBase current() {
                return kb;
            }

            @Override
            public void reload() {
                // nothing to rebuild
            }
        };
    }

    /**
     * A source that builds its knowledge base with {@code build} now, and again on every reload, keeping the
     * previous one when a rebuild throws.
     *
     * @param build builds a complete knowledge base, e.g. {@code () -> KnowledgeBase.builder().addRules(dir).build()}
     * @throws RuntimeException whatever the first build throws
     */
    static KnowledgeBaseSource rebuilding(Supplier<KnowledgeBase> build) {
        Objects.requireNonNull(build, "build");
        KnowledgeBase first = Objects.requireNonNull(build.get(), "the build returned no knowledge base");
        return new KnowledgeBaseSource() {
            private volatile KnowledgeBase kb = first;

            @Override
            public KnowledgeBase current() {
                return kb;
            }

            @Override
            public void reload() {
                kb = Objects.requireNonNull(build.get(), "the build returned no knowledge base");
            }
        };
    }
}
