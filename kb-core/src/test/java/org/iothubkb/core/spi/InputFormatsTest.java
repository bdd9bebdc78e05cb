package org.iothubkb.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class InputFormatsTest {

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** What a plain gzip reader gets out of {@code cut} before it hits the cut. */
    private static byte[] readableBeforeTheCut(byte[] cut) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(cut))) {
            byte[] b = new byte[1024];
            for (int n = in.read(b); n > 0; n = in.read(b)) {
                out.write(b, 0, n);
            }
        } catch (EOFException expected) {
            // the cut
        }
        return out.toByteArray();
    }

    @Test
    void plainInputIsPassedThroughAndGzipIsRecognisedByItsMagicBytes() throws IOException {
        byte[] text = "{\"records\": []}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(InputFormats.decompressed(new ByteArrayInputStream(text)).readAllBytes()).isEqualTo(text);
        assertThat(InputFormats.decompressed(new ByteArrayInputStream(gzip(text))).readAllBytes()).isEqualTo(text);
    }

    @Test
    void aGzipStreamCutShortDeliversEverythingBeforeTheCutThenFails() throws IOException {
        StringBuilder lines = new StringBuilder();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            lines.append("{\"deviceId\":\"d-").append(random.nextInt(1_000_000)).append("\"}\n");
        }
        byte[] whole = gzip(lines.toString().getBytes(StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        byte[] expected = readableBeforeTheCut(cut);
        assertThat(expected.length).isGreaterThan(100_000);

        BufferedInputStream in = InputFormats.decompressed(new ByteArrayInputStream(cut));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        // Large reads, as a parser makes them: each must hand over what was decompressed before the cut.
        byte[] block = new byte[64 * 1024];
        assertThatThrownBy(() -> {
            for (int n = in.read(block); n > 0; n = in.read(block)) {
                got.write(block, 0, n);
            }
        }).isInstanceOf(EOFException.class);
        assertThat(got.toByteArray()).isEqualTo(expected);
    }
}
