package org.iothubkb.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Severity;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    private static final List<String> MODELS = List.of("org.example.RulesA1", "org.example.RulesB2");

    private static Map<String, String> meta(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static final RuleIndex.Contents CONTENTS = new RuleIndex.Contents(List.of(
            new RuleIndex.Entry("404104 DeviceConnectionClosedRemotely: a \"quoted\" = name,\twith \\ü\\t and\nnewline",
                    "org.example.connectivity", meta("code", "404104", "name", "", "cause", "sas-token-renewal",
                            "severity", "info", "ref", "https://a.example/x?y=1#z, https://b.example",
                            "aliases", "404102 404103", "confidence", "inferred")),
            new RuleIndex.Entry("unknown code", "org.example.common",
                    meta("code", "\"*\"", "cause", "unknown-code", "anyCode", "true"))),
            7, true, false);

    @Test
    void theIndexReadsBackAsTheRulesItWasWrittenFrom() {
        DroolsKnowledgeBase.Rules rules = RuleIndex.read(RuleIndex.write(MODELS, CONTENTS), MODELS);

        assertThat(rules).isNotNull();
        assertThat(rules.count()).as("helper rules are counted, not indexed").isEqualTo(7);
        assertThat(rules.declaresFleet()).isTrue();
        assertThat(rules.declaresCatalogue()).isFalse();
        assertThat(rules.meta()).extracting(RuleMeta::ruleName).containsExactly(
                "404104 DeviceConnectionClosedRemotely: a \"quoted\" = name,\twith \\ü\\t and\nnewline",
                "unknown code");
        RuleMeta first = rules.meta().get(0);
        assertThat(first.packageName()).isEqualTo("org.example.connectivity");
        assertThat(first.severity()).isEqualTo(Severity.INFO);
        assertThat(first.confidence()).isEqualTo(Confidence.INFERRED);
        assertThat(first.references()).containsExactly("https://a.example/x?y=1#z", "https://b.example");
        assertThat(first.aliases()).containsExactly("404102", "404103");
        assertThat(first.name()).as("an empty value stays empty").isEmpty();
        assertThat(rules.meta().get(1).code()).as("read as the model's value is: quotes dropped").isEqualTo("*");
        assertThat(rules.meta().get(1).anyCode()).isTrue();
    }

    @Test
    void theSameRulesWriteTheSameTextOneLinePerRule() {
        String text = RuleIndex.write(MODELS, CONTENTS);
        assertThat(RuleIndex.write(MODELS, CONTENTS)).isEqualTo(text);
        assertThat(text.lines().filter(l -> l.startsWith("rule\t"))).hasSize(2);
    }

    @Test
    void anIndexOfOtherModelClassesIsNotUsed() {
        String text = RuleIndex.write(MODELS, CONTENTS);
        // A rebuild names the model classes anew: an index left from an earlier build must not be trusted.
        assertThat(RuleIndex.read(text, List.of("org.example.RulesA1", "org.example.RulesB3"))).isNull();
        assertThat(RuleIndex.read(text, MODELS.subList(0, 1))).isNull();
    }

    @Test
    void aDamagedIndexIsNotUsed() {
        String text = RuleIndex.write(MODELS, CONTENTS);
        assertThat(RuleIndex.read(text.replace("rules\t7", "rules\tseven"), MODELS)).isNull();
        assertThat(RuleIndex.read(text.replace("rules\t7", "rules\t1"), MODELS)).as("fewer rules than indexed")
                .isNull();
        assertThat(RuleIndex.read(text.replace("\tcode\t404104", ""), MODELS)).as("a rule that lost its code")
                .isNull();
        assertThat(RuleIndex.read(text.replace("\torg.example.common\t", ""), MODELS)).as("a rule cut short")
                .isNull();
        assertThat(RuleIndex.read(text.substring(0, text.indexOf("rules\t")), MODELS)).as("cut off").isNull();
        assertThat(RuleIndex.read(text + "ruler\tx\n", MODELS)).as("an unknown line").isNull();
    }

    @Test
    void noIndexOnTheClassPathIsNoIndex() {
        ClassLoader empty = new ClassLoader(null) {
        };
        assertThat(RuleIndex.read(empty, MODELS)).isNull();
    }
}
