package org.iothubkb.plugins.flink;

import org.iothubkb.core.api.KnowledgeBase;

/**
 * The built-in rules, compiled once per task manager JVM (per job class loader) and shared by every parallel
 * instance in it: a knowledge base is immutable and thread-safe, and building it is the slow part of starting.
 */
final class SharedKnowledgeBase {

    private static volatile KnowledgeBase instance;

    private SharedKnowledgeBase() {
    }

    static KnowledgeBase get() {
        KnowledgeBase kb = instance;
        if (kb == null) {
            synchronized (SharedKnowledgeBase.class) {
                kb = instance;
                if (kb == null) {
                    kb = KnowledgeBase.builder().build();
                    instance = kb;
                }
            }
        }
        return kb;
    }
}
