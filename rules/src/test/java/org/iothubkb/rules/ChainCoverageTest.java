package org.iothubkb.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Every chain between error codes (C1–C13, {@code scenarios/chains.json}) is proved by scenarios: at least one
 * positive case whose expected diagnoses contain the chain's effect linked to its root cause, and at least one
 * negative near miss where that link must not appear. {@link ScenarioTest} checks that the rules really produce
 * those expectations; this test checks that they say what the chain claims.
 */
class ChainCoverageTest {

    private static final Path CHAINS = ScenarioTest.SCENARIOS.resolve("chains.json");

    @Test
    void everyChainHasAPositiveAndANegativeScenario() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(CHAINS.toFile());
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (JsonNode chain : root.path("chains")) {
            String id = chain.path("id").asText();
            ids.add(id);
            JsonNode effect = chain.path("effect");
            JsonNode cause = chain.get("root");
            if (chain.path("positive").isEmpty() || chain.path("negative").isEmpty()) {
                problems.add(id + ": needs at least one positive and one negative scenario");
            }
            for (JsonNode ref : chain.path("positive")) {
                JsonNode expect = expectOf(json, ref, problems, id);
                if (expect != null && !links(expect, effect, cause)) {
                    problems.add(id + ": positive " + ref + " does not expect " + effect + " rooted in " + cause);
                }
            }
            for (JsonNode ref : chain.path("negative")) {
                JsonNode expect = expectOf(json, ref, problems, id);
                if (expect != null && links(expect, effect, cause)) {
                    problems.add(id + ": negative " + ref + " expects the link it should rule out");
                }
            }
        }
        for (int i = 1; i <= 13; i++) {
            if (!ids.contains("C" + i)) {
                problems.add("C" + i + ": missing from " + CHAINS);
            }
        }
        assertThat(problems).as("chain coverage").isEmpty();
    }

    /** Whether the expected diagnoses hold the effect with that root cause (or, for a pattern chain, at all). */
    private static boolean links(JsonNode expect, JsonNode effect, JsonNode cause) {
        for (JsonNode e : expect) {
            if (!same(e, effect)) {
                continue;
            }
            JsonNode r = e.get("rootCause");
            if (cause == null || cause.isNull() || (r != null && !r.isNull() && same(r, cause))) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a.path("errorCode").asText().equals(b.path("errorCode").asText())
                && a.path("cause").asText().equals(b.path("cause").asText());
    }

    private static JsonNode expectOf(ObjectMapper json, JsonNode ref, List<String> problems, String id)
            throws IOException {
        Path cases = ScenarioTest.SCENARIOS.resolve(ref.path("scenarios").asText()).resolve("cases.json");
        if (!Files.isRegularFile(cases)) {
            problems.add(id + ": no scenario file " + cases);
            return null;
        }
        for (JsonNode c : json.readTree(cases.toFile()).path("cases")) {
            if (c.path("input").asText().equals(ref.path("input").asText())) {
                return c.path("expect");
            }
        }
        problems.add(id + ": " + cases + " has no case with input " + ref.path("input").asText());
        return null;
    }
}
