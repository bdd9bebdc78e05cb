package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The index the build writes into the rules jar (RuleIndex) says what the executable model says. In this package
 * because it compares two package-private views of the same rules.
 */
class BuiltInRuleIndexTest {

    private final ClassLoader loader = BuiltInRuleIndexTest.class.getClassLoader();

    @Test
    void theBuiltInIndexHoldsTheModelsMetadata() {
        List<String> names = DroolsKnowledgeBase.builtInModelNames(loader);
        assertThat(names).isNotEmpty();

        DroolsKnowledgeBase.Rules indexed = RuleIndex.read(loader, names);
        DroolsKnowledgeBase.Rules fromModel = DroolsKnowledgeBase.rulesOf(DroolsKnowledgeBase.loadModels(names,
                loader));

        assertThat(indexed).as("the build wrote an index of this model: " + RuleIndex.RESOURCE).isNotNull();
        assertThat(indexed.meta()).hasSizeGreaterThan(100);
        assertThat(indexed).isEqualTo(fromModel);
    }
}
