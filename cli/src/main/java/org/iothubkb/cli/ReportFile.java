package org.iothubkb.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code diagnose --output FILE}: the report goes to a temporary file next to {@code FILE}, which replaces it only once
 * the sink has written everything. A failed run never leaves half a report behind, nor destroys the previous one.
 */
final class ReportFile {

    /** Writes a report to a stream. */
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writing the file itself failed (disk full, no permission), not the sink. */
    static final class WriteException extends IOException {
        private static final long serialVersionUID = 1L;

        WriteException(String message, IOException cause) {
            super(message, cause);
        }
    }

    private final Path path;

    private ReportFile(Path path) {
        this.path = path;
    }

    /**
     * Checks before any input is read that the report could be written to {@code path}, so a long run does not
     * end in a place it cannot write.
     *
     * @throws InputException if {@code path} is a directory or its directory does not exist or is read-only
     */
    static ReportFile check(Path path) throws InputException {
        Path absolute = path.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new InputException("--output " + path + ": is a directory; name the report file, e.g. "
                    + path.resolve("report.html"));
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InputException("--output " + path + ": the directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException("--output " + path + ": the directory " + dir + " is not writable");
        }
        return new ReportFile(path);
    }

    /** The file named on the command line. */
    Path path() {
        return path;
    }

    /**
     * Lets {@code writer} write the report, then moves it into place.
     *
     * @throws WriteException if the file could not be written or moved
     * @throws IOException    whatever the writer throws of its own; the file is then left as it was
     */
    void write(Writer writer) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        // Not Files.createTempFile: its owner-only permissions would stay on the report; this one gets the umask's.
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime())
                + ".part");
        OutputStream file;
        try {
            file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new WriteException("--output " + path + ": cannot write in " + absolute.getParent() + ": " + e, e);
        }
        boolean done = false;
        try {
            try (OutputStream out = new BufferedOutputStream(new Tagged(file), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                try {
                    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException again) {
                    throw new WriteException("--output " + path + ": cannot replace the file: " + again, again);
                }
            } catch (IOException e) {
                throw new WriteException("--output " + path + ": cannot replace the file: " + e, e);
            }
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /**
     * Removes the unfinished report. Failing to is not worth more than the failure that left it: that one, already
     * on its way out, is the one the user needs; a leftover {@code .part} file is harmless.
     */
    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // See above.
        }
    }

    /** The file's own stream: its failures become {@link WriteException}s, told apart from the sink's. */
    private final class Tagged extends FilterOutputStream {
        Tagged(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            tagged(() -> out.write(b));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            tagged(() -> out.write(b, off, len));
        }

        @Override
        public void flush() throws IOException {
            tagged(out::flush);
        }

        @Override
        public void close() throws IOException {
            tagged(out::close);
        }
    }

    /** One operation on the file. */
    private interface FileOperation {
        void run() throws IOException;
    }

    private void tagged(FileOperation operation) throws WriteException {
        try {
            operation.run();
        } catch (WriteException e) {
            throw e;
        } catch (IOException e) {
            throw new WriteException("--output " + path + ": writing failed: " + e.getMessage(), e);
        }
    }
}
