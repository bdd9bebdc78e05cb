package org.iothubkb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --output FILE}: the file is replaced whole or not at all. */
class ReportFileTest {

    @TempDir
    Path dir;

    @Test
    void theReportReplacesTheFileOnlyWhenComplete() throws Exception {
        Path file = dir.resolve("r.html");
        Files.writeString(file, "previous");
        ReportFile.check(file).write(out -> out.write("new report".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(file)).isEqualTo("new report");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
        // Readable like any file the user makes (the umask decides), not owner-only like a temp file.
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(file)).isNotEqualTo(java.util.EnumSet.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void aWriterThatFailsLeavesThePreviousFileAndNoLeftovers() throws Exception {
        Path file = dir.resolve("r.html");
        Files.writeString(file, "previous");
        IOException boom = new IOException("sink broke");
        assertThatThrownBy(() -> ReportFile.check(file).write(out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw boom;
        })).isSameAs(boom);
        assertThat(Files.readString(file)).isEqualTo("previous");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void placesThatCannotTakeTheReportAreRefusedBeforeAnyInputIsRead() {
        assertThatThrownBy(() -> ReportFile.check(dir)).isInstanceOf(InputException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> ReportFile.check(dir.resolve("missing/r.html"))).isInstanceOf(InputException.class)
                .hasMessageContaining("does not exist");
    }
}
