package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.Confidence;
import org.junit.jupiter.api.Test;

class ExplainAndListTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Fakes.Kb kb = new Fakes.Kb(List.of(), List.of(
            Fakes.code("400027", "ConnectionForcefullyClosedOnNewConnection", "client-recreated"),
            Fakes.code("401003", "IoTHubUnauthorized", "sas-token-renewal", "credentials-rejected"),
            Fakes.code("404104", "DeviceConnectionClosedRemotely", "connection-lost"),
            Fakes.code("409002", "LinkCreationConflict", "reconnect-race"),
            Fakes.code("500001", "ServerError", "service-transient")));

    private Fakes.Run run(String... args) {
        return Fakes.Run.of(kb, List.of(), "", args);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void explainText() {
        Fakes.Run r = run("explain", "401003");
        assertThat(r.exit).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("401003 IoTHubUnauthorized\nHTTP 401 · category connectivity · family 401xxx\n\n");
        assertThat(r.out).contains("Meaning:", "Meaning of 401003", "Symptoms:", "- Symptom of 401003",
                "Causes:", "1. [WARNING] sas-token-renewal: Title sas-token-renewal",
                "2. [WARNING] credentials-rejected", "Fix:", "1. Fix credentials-rejected",
                "      Confidence: documented. Stated in Microsoft's documentation.\n",
                "Related codes: 404104", "References:", "https://example.org/401003");
    }

    @Test
    void explainTextInDutch() {
        Fakes.Run r = run("explain", "401003", "--lang", "nl");
        assertThat(r.out).contains("Betekenis:", "Oorzaken:", "[WAARSCHUWING]", "Oplossing:", "categorie",
                "familie 401xxx", "Zekerheid: gedocumenteerd. Staat in de documentatie van Microsoft.");
    }

    @Test
    void explainJsonFieldsInOrder() throws Exception {
        Fakes.Run r = run("explain", "--format", "json", "409002");
        assertThat(r.exit).isZero();
        JsonNode json = MAPPER.readTree(r.out);
        assertThat(fieldNames(json)).containsExactly("code", "name", "aliasOf", "family", "httpStatus",
                "httpStatusFromPrefix", "category", "meaning", "symptoms", "causes", "related", "references");
        assertThat(json.get("family").asText()).isEqualTo("409xxx");
        assertThat(json.get("httpStatusFromPrefix").isBoolean()).isTrue();
        assertThat(json.get("httpStatusFromPrefix").asBoolean()).isFalse();
        assertThat(json.get("aliasOf").isNull()).isTrue();
        assertThat(json.get("code").asText()).isEqualTo("409002");
        assertThat(json.get("httpStatus").asText()).isEqualTo("409");
        JsonNode cause = json.get("causes").get(0);
        assertThat(fieldNames(cause)).containsExactly("cause", "severity", "confidence", "title", "explanation",
                "fixes", "rules");
        assertThat(cause.get("severity").asText()).isEqualTo("warning");
        assertThat(cause.get("confidence").asText()).isEqualTo("documented");
        assertThat(cause.get("rules").get(0).asText()).isEqualTo("rule reconnect-race");
        assertThat(json.get("symptoms").isArray()).isTrue();
    }

    @Test
    void explainAcceptsTheSymbolicName() {
        Fakes.Run r = run("explain", "linkcreationconflict");
        assertThat(r.exit).isZero();
        assertThat(r.out).startsWith("409002 LinkCreationConflict");
    }

    @Test
    void unknownCodeListsTheNearestKnownCodes() {
        Fakes.Run r = run("explain", "404105");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        String first = r.err.split("\n")[0];
        assertThat(first).contains("unknown error code [404105]")
                .contains("nearest known codes: 404104, 401003, 400027, 409002, 500001");
    }

    @Test
    void unknownNameWithoutAnyLikeIt() {
        Fakes.Run r = run("explain", "Gibberish");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("unknown error code [Gibberish]", "iothub-kb list");
    }

    @Test
    void listTextGroupsByFamily() {
        Fakes.Run r = run("list");
        assertThat(r.exit).isZero();
        String out = r.out;
        assertThat(out).contains("\n400xxx · Bad Request · 1 code\n", "\n401xxx · Unauthorized · 1 code\n",
                "\n404xxx · Not Found · 1 code\n", "\n409xxx · Conflict · 1 code\n",
                "\n500xxx · Internal Server Error · 1 code\n");
        assertThat(out.indexOf("401xxx")).isLessThan(out.indexOf("401003"));
        assertThat(out.indexOf("401003")).isLessThan(out.indexOf("404xxx"));
        assertThat(out).contains("sas-token-renewal, credentials-rejected");
        assertThat(out).endsWith("5 codes in 5 families.\n");
        assertThat(run("list", "--lang", "nl").out).endsWith("5 codes in 5 families.\n")
                .contains("\n404xxx · Niet gevonden · 1 code\n");
    }

    @Test
    void listJson() throws Exception {
        Fakes.Run r = run("list", "--format", "json");
        JsonNode json = MAPPER.readTree(r.out);
        assertThat(fieldNames(json)).containsExactly("codes", "families");
        assertThat(json.get("codes")).hasSize(5);
        JsonNode c = json.get("codes").get(1);
        assertThat(fieldNames(c)).containsExactly("code", "name", "aliasOf", "family", "httpStatus",
                "httpStatusFromPrefix", "category", "causes");
        assertThat(c.get("causes").get(1).asText()).isEqualTo("credentials-rejected");
        assertThat(c.get("family").asText()).isEqualTo("401xxx");
        assertThat(json.get("families")).hasSize(5);
        assertThat(fieldNames(json.get("families").get(0))).containsExactly("family", "count");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Families, inferred HTTP statuses, aliases and confidence, on a catalogue given out of order.

    private final Fakes.Kb catalogue = new Fakes.Kb(List.of(), List.of(
            Fakes.code("503003", "PartitionNotFound", true, null, Confidence.MAINTAINER, "partition-moved"),
            Fakes.code("500001", "ServerError", "service-transient"),
            Fakes.code("404102", "DeviceNotOnline", false, "404103", Confidence.INFERRED, "device-offline"),
            Fakes.code("500", "InternalServerError", true, null, Confidence.SDK, "documented-error"),
            Fakes.code("404103", "DeviceNotOnline", false, null, Confidence.DOCUMENTED, "device-offline"),
            Fakes.code("401003", "IoTHubUnauthorized", "sas-token-renewal", "credentials-rejected"),
            Fakes.code("500008", "GenericTimeout", "service-transient")));

    private Fakes.Run runCatalogue(String... args) {
        return Fakes.Run.of(catalogue, List.of(), "", args);
    }

    @Test
    void explainShowsFamilyInferredStatusAndConfidence() {
        Fakes.Run r = runCatalogue("explain", "503003");
        assertThat(r.exit).isZero();
        assertThat(r.out).startsWith("503003 PartitionNotFound\n"
                + "HTTP 503 (inferred) · category connectivity · family 503xxx\n"
                + "The HTTP status 503 is inferred from the code's first three digits: no REST error table lists"
                + " this\ncode.\n\n");
        assertThat(r.out).contains("1. [WARNING] partition-moved: Title partition-moved\n"
                + "      Confidence: maintainer. Stated by an SDK or service maintainer in a public issue or pull\n"
                + "      request.\n      Explanation partition-moved\n");

        Fakes.Run nl = runCatalogue("explain", "503003", "--lang", "nl");
        assertThat(nl.out).startsWith("503003 PartitionNotFound\n"
                + "HTTP 503 (afgeleid) · categorie connectivity · familie 503xxx\n"
                + "De HTTP-status 503 is afgeleid uit de eerste drie cijfers van de code:");
        assertThat(nl.out).contains("Zekerheid: beheerder. Gezegd door een beheerder");
    }

    @Test
    void explainShowsTheCodeAnAliasIsReadAs() {
        Fakes.Run r = runCatalogue("explain", "404102");
        assertThat(r.out).startsWith("404102 DeviceNotOnline (treated as 404103)\n"
                + "HTTP 404 · category connectivity · family 404xxx\n"
                + "Read as 404103: the sources disagree on the number of 404102, so the rules and texts of 404103"
                + "\ndiagnose it.\n\n");
        assertThat(r.out).contains("Confidence: inferred. Our own inference");
        assertThat(runCatalogue("explain", "404102", "--lang", "nl").out)
                .startsWith("404102 DeviceNotOnline (behandeld als 404103)\n")
                .contains("Gelezen als 404103: de bronnen verschillen over het nummer van 404102")
                .contains("Zekerheid: afgeleid.");
        // Not an alias: no note.
        assertThat(runCatalogue("explain", "404103").out).doesNotContain("treated as", "Read as");
    }

    @Test
    void explainJsonHasFamilyPrefixFlagAliasAndConfidencePerCause() throws Exception {
        JsonNode alias = MAPPER.readTree(runCatalogue("explain", "404102", "--format", "json").out);
        assertThat(alias.get("aliasOf").asText()).isEqualTo("404103");
        assertThat(alias.get("family").asText()).isEqualTo("404xxx");
        assertThat(alias.get("httpStatusFromPrefix").asBoolean()).isFalse();
        assertThat(alias.get("causes").get(0).get("confidence").asText()).isEqualTo("inferred");

        JsonNode inferred = MAPPER.readTree(runCatalogue("explain", "503003", "--format", "json", "--lang", "nl").out);
        assertThat(inferred.get("httpStatus").asText()).isEqualTo("503");
        assertThat(inferred.get("httpStatusFromPrefix").asBoolean()).isTrue();
        assertThat(inferred.get("aliasOf").isNull()).isTrue();
        assertThat(inferred.get("causes").get(0).get("confidence").asText()).as("ids, not Dutch words")
                .isEqualTo("maintainer");

        JsonNode bare = MAPPER.readTree(runCatalogue("explain", "500", "--format", "json").out);
        assertThat(bare.get("family").asText()).as("a bare status joins its status family").isEqualTo("500xxx");
    }

    @Test
    void listGroupsByFamilyInNumericOrderWithHeadingsAndCounts() {
        Fakes.Run r = runCatalogue("list");
        assertThat(r.exit).isZero();
        List<String> lines = List.of(r.out.split("\n"));
        List<String> headings = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (String line : lines) {
            if (line.matches("\\d{3}xxx .*")) {
                headings.add(line);
            } else if (line.matches(" {3}\\d{3,6} .*")) {
                codes.add(line.trim().split("\\s+")[0]);
            }
        }
        assertThat(headings).containsExactly("401xxx · Unauthorized · 1 code", "404xxx · Not Found · 2 codes",
                "500xxx · Internal Server Error · 3 codes", "503xxx · Service Unavailable · 1 code");
        // The bare status 500 leads its family; codes in numeric order whatever order the rules gave them in.
        assertThat(codes).containsExactly("401003", "404102", "404103", "500", "500001", "500008", "503003");
        assertThat(lines.get(0)).isEqualTo("   code    name                 HTTP  causes");
        // One line per code: code, name, HTTP (marked when inferred), causes; an alias says what it is read as.
        assertThat(lines).contains("   503003  PartitionNotFound    503*  partition-moved",
                "   404102  DeviceNotOnline      404   device-offline (treated as 404103)",
                "   500     InternalServerError  500*  documented-error",
                "   401003  IoTHubUnauthorized   401   sas-token-renewal, credentials-rejected");
        assertThat(r.out).endsWith("\n\n* HTTP status inferred from the code's first three digits: no REST error"
                + " table lists the code.\n7 codes in 4 families.\n");
    }

    @Test
    void listTextInDutch() {
        String out = runCatalogue("list", "--lang", "nl").out;
        assertThat(out).startsWith("   code    naam                 HTTP  oorzaken\n")
                .contains("\n500xxx · Interne serverfout · 3 codes\n", "\n401xxx · Niet geautoriseerd · 1 code\n",
                        "device-offline (behandeld als 404103)")
                .endsWith("* HTTP-status afgeleid uit de eerste drie cijfers van de code: geen REST-fouttabel noemt"
                        + " de code.\n7 codes in 4 families.\n");
    }

    @Test
    void longCauseListsWrapUnderTheCausesColumn() {
        Fakes.Kb many = new Fakes.Kb(List.of(), List.of(Fakes.code("404104", "DeviceConnectionClosedRemotely",
                "sas-token-renewal", "credentials-rejected", "connection-lost", "service-transient",
                "mass-disconnect")));
        String[] lines = Fakes.Run.of(many, List.of(), "", "list").out.split("\n");
        int first = -1;
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i].length()).as(lines[i]).isLessThanOrEqualTo(Text.WIDTH);
            if (lines[i].startsWith("   404104")) {
                first = i;
            }
        }
        int column = lines[first].indexOf("sas-token-renewal");
        assertThat(lines[first + 1]).startsWith(" ".repeat(column)).doesNotStartWith(" ".repeat(column + 1))
                .endsWith("mass-disconnect");
    }

    @Test
    void listJsonKeepsCodesAndAddsFamilies() throws Exception {
        JsonNode json = MAPPER.readTree(runCatalogue("list", "--format", "json").out);
        assertThat(json.get("codes").findValuesAsText("code"))
                .containsExactly("401003", "404102", "404103", "500", "500001", "500008", "503003");
        JsonNode alias = json.get("codes").get(1);
        assertThat(alias.get("aliasOf").asText()).isEqualTo("404103");
        assertThat(alias.get("family").asText()).isEqualTo("404xxx");
        assertThat(json.get("codes").get(0).get("aliasOf").isNull()).isTrue();
        assertThat(json.get("codes").get(6).get("httpStatusFromPrefix").asBoolean()).isTrue();
        assertThat(json.get("codes").get(4).get("httpStatusFromPrefix").asBoolean()).isFalse();
        List<String> families = new ArrayList<>();
        json.get("families").forEach(f -> families.add(f.get("family").asText() + "=" + f.get("count").asInt()));
        assertThat(families).containsExactly("401xxx=1", "404xxx=2", "500xxx=3", "503xxx=1");
        // The same in Dutch: JSON carries ids, not labels.
        assertThat(MAPPER.readTree(runCatalogue("list", "--format", "json", "--lang", "nl").out)).isEqualTo(json);
    }

    @Test
    void familiesSortNumericallyAndOddCodesLast() {
        List<String> families = new ArrayList<>(List.of("504xxx", "abcxxx", "400xxx", "4", "499xxx", "401xxx"));
        families.sort(org.iothubkb.core.api.CodeInfo.FAMILY_ORDER);
        assertThat(families).containsExactly("400xxx", "401xxx", "499xxx", "504xxx", "4", "abcxxx");
        assertThat(Families.status("404xxx")).isEqualTo(404);
        assertThat(Families.status("x04xxx")).isEqualTo(-1);
    }
}
