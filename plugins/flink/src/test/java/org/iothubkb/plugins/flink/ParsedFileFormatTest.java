package org.iothubkb.plugins.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Either;
import org.iothubkb.core.api.LogEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole-file reader outside a job: what it reads, where a checkpoint leaves it, and that it cleans up. */
class ParsedFileFormatTest {

    private static final java.nio.file.Path EXAMPLES = Paths.get("../../examples").toAbsolutePath().normalize();

    /** A record read and the position Flink would checkpoint after it. */
    private record Read(String record, long skipCount) {
    }

    @Test
    void aRestoredReaderSkipsWhatWasEmittedAndGoesOnWithTheSameRecords(@TempDir java.nio.file.Path dir)
            throws IOException {
        // Event Grid events come after the whole input is read, rejections as they are met: both must count.
        List<String> lines = new ArrayList<>(Files.readAllLines(EXAMPLES.resolve("event-grid-flapping.json")));
        int type = lines.indexOf(lines.stream().filter(l -> l.contains("\"eventType\"")).findFirst().orElseThrow());
        lines.set(type, "    \"eventType\": 42,");
        java.nio.file.Path file = dir.resolve("flapping.json");
        Files.write(file, lines);
        FileSourceSplit split = split(file);
        List<Read> all = read(new ParsedFileFormat().createReader(new Configuration(), split));
        assertThat(all).as("records read").hasSizeGreaterThan(10);
        assertThat(all).extracting(Read::record).anyMatch(r -> r.startsWith("rejected"))
                .anyMatch(r -> r.startsWith("event"));

        for (int done : new int[] {1, 7, all.size() - 1, all.size()}) {
            FileSourceSplit restored = split.updateWithCheckpointedPosition(
                    new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, done));
            assertThat(read(new ParsedFileFormat().restoreReader(new Configuration(), restored)))
                    .as("after %d records", done).containsExactlyElementsOf(all.subList(done, all.size()));
        }
    }

    @Test
    void positionsCountEveryRecordEmittedSoFar() throws IOException {
        List<Read> all = read(new ParsedFileFormat().createReader(new Configuration(),
                split(EXAMPLES.resolve("reconnect-race.facts.jsonl"))));

        assertThat(all).extracting(Read::skipCount)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
        assertThat(all).first().extracting(Read::record).asString()
                .contains(EXAMPLES.resolve("reconnect-race.facts.jsonl") + ":1 ");
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheReaderNamingIt(@TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> new ParsedFileFormat().createReader(new Configuration(), split(missing)))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void closingAReaderBeforeTheEndStopsItsParser(@TempDir java.nio.file.Path dir) throws Exception {
        // More records than the queue between the parser and Flink holds, so the parser is waiting when closed.
        java.nio.file.Path file = dir.resolve("big.jsonl");
        List<String> lines = Files.readAllLines(EXAMPLES.resolve("mass-disconnect.jsonl"));
        List<String> many = new ArrayList<>();
        while (many.size() < 20_000) {
            many.addAll(lines);
        }
        Files.write(file, many);
        BulkFormat.Reader<Either<String, LogEvent>> reader =
                new ParsedFileFormat().createReader(new Configuration(), split(file));
        assertThat(reader.readBatch()).isNotNull();
        Thread parser = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(ParsedFileFormat.THREAD_NAME + file)).findFirst().orElseThrow();
        assertThat(parser.isAlive()).as("the parser, waiting for Flink to take more").isTrue();

        reader.close();

        parser.join(5_000);
        assertThat(parser.isAlive()).as("the parser thread after close").isFalse();
    }

    private static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        return new FileSourceSplit("0", new Path(file.toUri()), 0, size, 0, size);
    }

    private static List<Read> read(BulkFormat.Reader<Either<String, LogEvent>> reader) throws IOException {
        List<Read> out = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<Either<String, LogEvent>> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<Either<String, LogEvent>> r;
                while ((r = batch.next()) != null) {
                    Either<String, LogEvent> e = r.getRecord();
                    out.add(new Read(e.isLeft() ? "rejected " + e.left() : "event " + e.right(),
                            r.getRecordSkipCount()));
                }
                batch.releaseBatch();
            }
        }
        return out;
    }
}
