package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class NearestCodesTest {

    private static final List<String> KNOWN = List.of("400027", "401003", "404103", "404104", "409002",
            "500001", "500008", "503003");
    private static final List<String> NAMES = List.of("ConnectionForcefullyClosedOnNewConnection",
            "IoTHubUnauthorized", "DeviceNotOnline", "DeviceConnectionClosedRemotely", "LinkCreationConflict",
            "ServerError", "GenericTimeout", "PartitionNotFound");

    @Test
    void sameFamilyFirstThenNumericDistance() {
        assertThat(NearestCodes.nearest("404105", KNOWN, NAMES, 5))
                .containsExactly("404104", "404103", "401003", "400027", "409002");
    }

    @Test
    void familyBeatsACloserCodeOfAnotherFamily() {
        // 405000 is 1 away from 404999, 404104 is 895 away, but 404104 is of the same family.
        assertThat(NearestCodes.nearest("404999", List.of("405000", "404104"), null, 2))
                .containsExactly("404104", "405000");
    }

    @Test
    void unknownFamilyFallsBackToDistance() {
        assertThat(NearestCodes.nearest("502000", KNOWN, NAMES, 3)).containsExactly("503003", "500008", "500001");
    }

    @Test
    void shortQueryIsAPrefix() {
        assertThat(NearestCodes.nearest("500", KNOWN, NAMES, 5)).startsWith("500001", "500008");
        assertThat(NearestCodes.nearest("4", KNOWN, NAMES, 1)).containsExactly("400027");
    }

    @Test
    void atMostTheLimit() {
        assertThat(NearestCodes.nearest("404104", KNOWN, NAMES, 5)).hasSize(5).first().isEqualTo("404104");
        assertThat(NearestCodes.nearest("1", List.of(), List.of(), 5)).isEmpty();
    }

    @Test
    void namesMatchWhenTheQueryIsNotANumber() {
        assertThat(NearestCodes.nearest("device", KNOWN, NAMES, 5)).containsExactly("404103", "404104");
        assertThat(NearestCodes.nearest("nothing-like-it", KNOWN, NAMES, 5)).isEmpty();
        assertThat(NearestCodes.nearest("device", KNOWN, null, 5)).isEmpty();
    }
}
