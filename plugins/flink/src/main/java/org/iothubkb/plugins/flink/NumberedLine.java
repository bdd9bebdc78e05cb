package org.iothubkb.plugins.flink;

import java.util.Objects;

/**
 * One line of an input file with where it came from, so that events and rejections can name {@code file:line} as
 * the CLI does. A Flink POJO (public fields, no-argument constructor), so Flink serializes it without Kryo.
 */
public final class NumberedLine {

    /** The file, as the job was given it. */
    public String file;
    /** 1-based line number. */
    public long number;
    /** The line without its line break. */
    public String text;

    /** For Flink's POJO serializer. */
    public NumberedLine() {
    }

    /** A line of {@code file}. */
    public NumberedLine(String file, long number, String text) {
        this.file = file;
        this.number = number;
        this.text = text;
    }

    /** {@code file:number}, the source the CLI would name. */
    public String source() {
        return file + ":" + number;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberedLine l && number == l.number && Objects.equals(file, l.file)
                && Objects.equals(text, l.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, number, text);
    }

    @Override
    public String toString() {
        return source() + " " + text;
    }
}
