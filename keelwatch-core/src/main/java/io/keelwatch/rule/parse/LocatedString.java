package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A string read from a file that remembers where each of its characters came from, so that an error at an
 * offset inside a condition can be reported at the right file, line and column. Strings joined by
 * {@code append} (a macro or rule condition extended by a later file) keep the positions of every part.
 */
public final class LocatedString {
    private record Part(int start, SourceFile file, int[] offsets) {
    }

    private final String value;
    private final List<Part> parts;

    private LocatedString(String value, List<Part> parts) {
        this.value = value;
        this.parts = List.copyOf(parts);
    }

    /** A string whose character i came from {@code offsets[i]} of {@code file}; offsets has value.length()+1 slots. */
    public static LocatedString of(String value, SourceFile file, int[] offsets) {
        return new LocatedString(value, List.of(new Part(0, file, offsets)));
    }

    /** A string located as a whole at one place (every character reports {@code loc}). */
    public static LocatedString at(String value, Loc loc) {
        int[] offs = new int[value.length() + 1];
        java.util.Arrays.fill(offs, loc.offset());
        return new LocatedString(value, List.of(new Part(0, loc.file(), offs)));
    }

    /** A string from code, with no file. */
    public static LocatedString plain(String value) {
        return at(value, Loc.NONE);
    }

    public String value() {
        return value;
    }

    public int length() {
        return value.length();
    }

    /** Where character {@code index} came from (the end of the string for index == length). */
    public Loc loc(int index) {
        int i = Math.max(0, Math.min(index, value.length()));
        Part p = parts.get(0);
        for (Part q : parts) {
            if (q.start <= i) {
                p = q;
            }
        }
        int local = Math.min(i - p.start, p.offsets.length - 1);
        return new Loc(p.file, p.offsets[Math.max(0, local)]);
    }

    public Loc loc() {
        return loc(0);
    }

    /** {@code this + separator + other}; the separator takes the position of the start of {@code other}. */
    public LocatedString append(String separator, LocatedString other) {
        List<Part> out = new ArrayList<>(parts);
        int base = value.length() + separator.length();
        Loc sepLoc = other.loc(0);
        if (!separator.isEmpty()) {
            int[] offs = new int[separator.length() + 1];
            java.util.Arrays.fill(offs, sepLoc.offset());
            out.add(new Part(value.length(), sepLoc.file(), offs));
        }
        for (Part p : other.parts) {
            out.add(new Part(base + p.start, p.file, p.offsets));
        }
        return new LocatedString(value + separator + other.value, out);
    }

    @Override
    public String toString() {
        return value;
    }
}
