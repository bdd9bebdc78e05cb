package org.iothubkb.plugins.flink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads a text file as {@link NumberedLine}s for Flink's {@code FileSource}.
 *
 * <p>Flink's own {@code TextLineInputFormat} gives bare strings: neither the file nor the line number reaches the
 * records, and the CLI names both in every event and rejection. Files are not split, so the numbers are exact;
 * compressed files are read by their extension ({@code .gz} and the others Flink knows). A
 * checkpoint records how many lines were read; a restore reads the file again from its start and skips them,
 * which keeps the numbering.
 */
public final class NumberedLineFormat implements BulkFormat<NumberedLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Lines handed to Flink per batch. */
    private static final int BATCH = 1024;

    @Override
    public Reader<NumberedLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split.path(), 0);
    }

    @Override
    public Reader<NumberedLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long done = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split.path(), done);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<NumberedLine> getProducedType() {
        return TypeInformation.of(NumberedLine.class);
    }

    /** The name events and rejections use for {@code path}: as given, without a {@code file:} scheme. */
    static String sourceName(Path path) {
        return path.toUri().getScheme() == null || "file".equals(path.toUri().getScheme())
                ? path.toUri().getPath() : path.toString();
    }

    private static final class LineReader implements Reader<NumberedLine> {
        private final String file;
        private final FSDataInputStream stream;
        private final BufferedReader lines;
        private long read;

        LineReader(Path path, long skip) throws IOException {
            this.file = sourceName(path);
            this.stream = path.getFileSystem().open(path);
            // Compressed by name (.gz, .deflate, .bz2, .xz, ...), as Flink's own text format reads them.
            InflaterInputStreamFactory<?> compression = StandardDeCompressors.getDecompressorForFileName(path.getPath());
            InputStream in = compression == null ? stream : compression.create(stream);
            this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            while (read < skip && lines.readLine() != null) {
                read++;
            }
        }

        @Override
        public RecordIterator<NumberedLine> readBatch() throws IOException {
            NumberedLine[] batch = new NumberedLine[BATCH];
            long before = read;
            int n = 0;
            String text;
            while (n < BATCH && (text = lines.readLine()) != null) {
                batch[n++] = new NumberedLine(file, ++read, text);
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<NumberedLine> it = new ArrayResultIterator<>();
            // No byte offset (the reader is buffered); the position is the count of lines read before the batch.
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, before);
            return it;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
