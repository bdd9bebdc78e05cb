package org.iothubkb.plugins.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iothubkb.core.api.CauseInfo;
import org.iothubkb.core.api.CodeInfo;
import org.iothubkb.core.api.Confidence;
import org.iothubkb.core.api.Severity;
import org.iothubkb.core.spi.DiagnosisSink;
import org.junit.jupiter.api.Test;

class CatalogueJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static CodeInfo code(String code, String name, String cause) {
        CauseInfo c = new CauseInfo(cause, Severity.WARNING, List.of("rule " + code), "Title", "Why", List.of("Fix"),
                Confidence.DOCUMENTED);
        return new CodeInfo(code, name, code.substring(0, 3), false, "connectivity", "Meaning", List.of("Symptom"),
                List.of(c), List.of(), List.of("https://learn.microsoft.com/x"), null);
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void catalogueIsInCatalogueOrderWithFamilyCounts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CatalogueJson.writeCatalogue(List.of(code("500001", "ServerError", "service-transient"),
                code("404104", "DeviceConnectionClosedRemotely", "connection-lost"),
                code("404001", "DeviceNotFound", "device-not-registered")), out);
        JsonNode json = MAPPER.readTree(out.toByteArray());
        assertThat(names(json)).containsExactly("codes", "families");
        assertThat(json.get("codes").findValuesAsText("code")).containsExactly("404001", "404104", "500001");
        assertThat(names(json.get("codes").get(0))).containsExactly("code", "name", "aliasOf", "family",
                "httpStatus", "httpStatusFromPrefix", "category", "causes");
        assertThat(json.get("families").findValuesAsText("family")).containsExactly("404xxx", "500xxx");
        assertThat(json.get("families").get(0).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void oneCodeHasItsCausesInContractOrder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CatalogueJson.writeCode(code("404104", "DeviceConnectionClosedRemotely", "connection-lost"), out);
        JsonNode json = MAPPER.readTree(out.toByteArray());
        assertThat(names(json)).containsExactly("code", "name", "aliasOf", "family", "httpStatus",
                "httpStatusFromPrefix", "category", "meaning", "symptoms", "causes", "related", "references");
        assertThat(names(json.get("causes").get(0))).containsExactly("cause", "severity", "confidence", "title",
                "explanation", "fixes", "rules");
    }

    @Test
    void theSinksAreRegisteredWithTheirMediaTypes() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(DiagnosisSink.class).forEach(s -> found.add(s.id() + " " + s.mediaType()));
        assertThat(found).containsExactlyInAnyOrder("json application/json", "jsonl application/x-ndjson");
    }
}
