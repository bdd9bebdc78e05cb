package org.iothubkb.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.iothubkb.core.spi.EventParser;
import org.iothubkb.core.spi.InputFormats;

/** Opens the inputs of {@code diagnose}: files or standard input, plain or gzip, and picks their parser. */
final class Inputs {

    /** The source name of standard input in {@code file:line} references. */
    static final String STDIN_SOURCE = "<stdin>";

    /** How much of an input a parser sees to recognise it. */
    static final int HEAD_BYTES = InputFormats.HEAD_BYTES;

    private Inputs() {
    }

    /** One input named on the command line. */
    record Input(String arg, Path path) {
        /** Whether it is standard input. */
        boolean isStdin() {
            return path == null;
        }

        /** The name used in {@code file:line} sources: the path as given, or {@code <stdin>}. */
        String sourceName() {
            return isStdin() ? STDIN_SOURCE : arg;
        }
    }

    /**
     * Checks every input before anything is read, so that a bad name fails the run before it starts.
     *
     * @throws InputException naming the first input that is missing, a directory or unreadable
     */
    static List<Input> check(List<String> args) throws InputException {
        List<Input> inputs = new ArrayList<>();
        for (String arg : args) {
            if (Invocation.STDIN.equals(arg)) {
                inputs.add(new Input(arg, null));
                continue;
            }
            Path p;
            try {
                p = Path.of(arg);
            } catch (InvalidPathException e) {
                throw new InputException("cannot read [" + arg + "]: not a valid path");
            }
            if (!Files.exists(p)) {
                throw new InputException("cannot read [" + arg + "]: no such file");
            }
            if (Files.isDirectory(p)) {
                throw new InputException("cannot read [" + arg + "]: it is a directory, give the files in it");
            }
            if (!Files.isReadable(p)) {
                throw new InputException("cannot read [" + arg + "]: permission denied");
            }
            inputs.add(new Input(arg, p));
        }
        return inputs;
    }

    /**
     * Opens {@code input}, decompressing it if it starts with the gzip magic bytes {@code 1f 8b}. Standard input
     * is not closed when the returned stream is. The bytes are counted on {@code progress} as they come from the
     * file, before decompression, so that they add up to the file's size.
     */
    static BufferedInputStream open(Input input, InputStream stdin, Progress progress) throws IOException {
        InputStream raw = input.isStdin() ? new NonClosing(stdin) : Files.newInputStream(input.path());
        try {
            return decompressed(progress.counting(raw));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Wraps {@code raw} in a gzip decoder if it starts with {@code 1f 8b}; see {@link InputFormats}. */
    static BufferedInputStream decompressed(InputStream raw) throws IOException {
        return InputFormats.decompressed(raw);
    }

    /** The first bytes of {@code in} as text, leaving {@code in} where it was; see {@link InputFormats}. */
    static String head(BufferedInputStream in) throws IOException {
        return InputFormats.head(in);
    }

    /** The parser that recognises {@code head}, else the first one; see {@link InputFormats}. */
    static EventParser pick(List<EventParser> parsers, String head) {
        return InputFormats.pick(parsers, head);
    }

    /** Standard input must stay open for the process. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // keep System.in open
        }
    }
}
