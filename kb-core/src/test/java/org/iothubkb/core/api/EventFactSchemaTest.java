package org.iothubkb.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

/** The published JSON Schema and the Java reader accept the same fields. */
class EventFactSchemaTest {

    @Test
    void schemaPropertiesAreExactlyTheFieldsTheReaderAccepts() throws Exception {
        JsonObject schema;
        try (Reader r = Files.newBufferedReader(Path.of("../docs/schemas/event-fact.schema.json"))) {
            schema = Json.createReader(r).readObject();
        }
        assertThat(schema.getJsonObject("properties").keySet()).containsExactlyInAnyOrderElementsOf(EventFacts.FIELDS);
        assertThat(schema.getJsonArray("required").getValuesAs(JsonString::getString)).containsExactly("time");
        assertThat(schema.getBoolean("additionalProperties")).isFalse();
    }
}
