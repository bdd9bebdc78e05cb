package org.iothubkb.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Telling rules from logs, and reading query parameters. */
class BodiesTest {

    @Test
    void drlIsRecognisedAfterCommentsAndBlankLines() {
        assertThat(Bodies.looksLikeRules("package com.example;\nrule \"a\" when then end")).isTrue();
        assertThat(Bodies.looksLikeRules("\uFEFF\n\n  rule \"a\"\nwhen\nthen\nend")).isTrue();
        assertThat(Bodies.looksLikeRules("/*\n * header\n */\n// note\nimport java.util.List;\n")).isTrue();
        assertThat(Bodies.looksLikeRules("# a comment\ndeclare Foo end")).isTrue();
        assertThat(Bodies.looksLikeRules("PK\u0003\u0004...")).isTrue();
    }

    @Test
    void logsAndFactsAreNotRules() {
        assertThat(Bodies.looksLikeRules("{\"records\": [{\"operationName\": \"deviceConnect\"}]}")).isFalse();
        assertThat(Bodies.looksLikeRules("[{\"eventType\": \"Microsoft.Devices.DeviceConnected\"}]")).isFalse();
        assertThat(Bodies.looksLikeRules("{\"time\": \"2026-11-30T10:00:00Z\", \"source\": \"package x\"}"))
                .isFalse();
        assertThat(Bodies.looksLikeRules("")).isFalse();
        assertThat(Bodies.looksLikeRules("/* never closed")).isFalse();
        assertThat(Bodies.looksLikeRules("packages are not rules")).isFalse();
    }

    @Test
    void queryParametersAreDecodedAndUnknownOnesRefused() throws Exception {
        assertThat(Api.query("source=logs%2Fhub%201.jsonl&maxLateness=PT30S", Set.of("source", "maxLateness")))
                .containsEntry("source", "logs/hub 1.jsonl").containsEntry("maxLateness", "PT30S");
        assertThat(Api.query((String) null, Set.of())).isEmpty();
        assertThatThrownBy(() -> Api.query("sorce=x", Set.of("source"))).isInstanceOf(HttpProblem.class)
                .hasMessageContaining("[sorce]");
        assertThatThrownBy(() -> Api.query("source=a&source=b", Set.of("source")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Api.source(java.util.Map.of("source", "a\nb"), "request"))
                .isInstanceOf(HttpProblem.class);
    }
}
