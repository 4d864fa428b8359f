package io.keelwatch.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the text of one JSON value for readers that take a few members of a document without building a
 * tree (see {@link AuditLineScanner}): member names and values of the types asked for. Each step checks the syntax
 * it passes ({@link JsonScan}); any surprise (a syntax error, another type than the one asked for) throws
 * {@link GiveUp}, and the caller leaves the text to a full parse.
 */
final class JsonCursor extends JsonScan {
    /** Longer names are left to the full parse, which has limits of its own for them. */
    private static final int MAX_NAME = 1000;

    /** The index in the table given to {@link #name} of the name read last, or -1. */
    private int nameIndex;
    private final StringBuilder unescaped = new StringBuilder();
    private final List<String> list = new ArrayList<>(4);
    /** Recent values of {@link #sharedText}, by hash, as strings and as bytes. */
    private final String[] shared = new String[1024];
    private final byte[][] sharedBytes = new byte[1024][];

    /** The index in the table given to {@link #name} of the name read last, or -1. */
    int nameIndex() {
        return nameIndex;
    }

    /**
     * The start of an object: true when a member follows (read its name with {@link #name}, its value, then
     * {@code more('}')} for the next), false for an empty object (then already passed).
     */
    boolean openObject() {
        ws();
        expect('{');
        ws();
        if (b[i] == '}') {
            i++;
            return false;
        }
        return true;
    }

    /**
     * Member names a reader expects, in a small hash table, so that finding one costs a hash of the name's
     * characters (taken while they are checked) and one comparison.
     */
    static final class Names {
        private final String[] names;
        private final byte[][] table;
        private final int[] index;
        private final int mask;
        /** Each name's bytes, by position in the list. */
        private final byte[][] bytes;
        /**
         * The name that came last after each name (slot k + 1 for the k-th, slot 0 for the first of an object), or
         * -1: lines of one producer keep their members in one order, so this is usually the next name. Threads
         * share it; a stale guess only costs the ordinary lookup.
         */
        private final int[] follows;
        /** Each name followed by {@code ":}, as words of eight bytes (the last one masked: {@link #lastMasks}). */
        private final long[][] words;
        private final long[] lastMasks;

        Names(String... names) {
            this.names = names.clone();
            this.bytes = new byte[names.length][];
            this.follows = new int[names.length + 1];
            java.util.Arrays.fill(follows, -1);
            for (int k = 0; k < names.length; k++) {
                if (!Ascii.is(names[k])) {
                    throw new IllegalArgumentException("not an ASCII name: " + names[k]);
                }
                bytes[k] = names[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            words = new long[names.length][];
            lastMasks = new long[names.length];
            for (int k = 0; k < names.length; k++) {
                byte[] quoted = java.util.Arrays.copyOf(bytes[k], bytes[k].length + 2);
                quoted[quoted.length - 2] = '"';
                quoted[quoted.length - 1] = ':';
                int count = (quoted.length + 7) / 8;
                byte[] padded = java.util.Arrays.copyOf(quoted, count * 8);
                words[k] = new long[count];
                for (int j = 0; j < count; j++) {
                    words[k][j] = Ascii.word(padded, 8 * j);
                }
                int rest = quoted.length - 8 * (count - 1);
                lastMasks[k] = rest == 8 ? -1L : (1L << 8 * rest) - 1;
            }
            int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
            table = new byte[size][];
            index = new int[size];
            mask = size - 1;
            for (int k = 0; k < names.length; k++) {
                int slot = names[k].hashCode() & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = bytes[k];
                index[slot] = k;
            }
        }

        /**
         * True when {@code b} holds at {@code start} the k-th name followed by {@code ":} (as compact JSON has it),
         * compared eight bytes at a time.
         */
        boolean at(int k, byte[] b, int start) {
            long[] w = words[k];
            int last = w.length - 1;
            if (start + 8 * w.length > b.length) {
                return false;       // near the end of the buffer: the ordinary lookup
            }
            for (int j = 0; j < last; j++) {
                if (Ascii.word(b, start + 8 * j) != w[j]) {
                    return false;
                }
            }
            return (Ascii.word(b, start + 8 * last) & lastMasks[k]) == w[last];
        }

        /** The position of the name in the list given, or -1. */
        private int find(byte[] b, int start, int len, int hash) {
            for (int slot = hash & mask; table[slot] != null; slot = (slot + 1) & mask) {
                byte[] t = table[slot];
                if (t.length == len && java.util.Arrays.equals(b, start, start + len, t, 0, len)) {
                    return index[slot];
                }
            }
            return -1;
        }
    }

    /**
     * A member name and its colon; the name is the table's instance when the table has it. The name that came
     * after the one at {@code previous} (its position in the table; -1 at the start of an object) the last time is
     * tried first: one comparison of bytes for a line in the usual order. A name of the table holds no quote, escape
     * or control character, so equal bytes followed by the closing quote and colon are that name.
     */
    String name(Names known, int previous) {
        expect('"');
        byte[] b = this.b;
        int start = i;
        int guess = known.follows[previous + 1];
        if (guess >= 0 && known.at(guess, b, start)) {
            i = start + known.bytes[guess].length + 2;
            ws();
            nameIndex = guess;
            return known.names[guess];
        }
        int end = start;
        int hash = 0;
        for (int c; (c = b[end]) != '"'; end++) {
            if (c == '\\' || c < 0x20) {
                throw giveUp();
            }
            hash = 31 * hash + c;          // as String.hashCode (ASCII)
        }
        i = end + 1;
        ws();
        expect(':');
        ws();
        int len = end - start;
        if (len > MAX_NAME) {
            throw giveUp();
        }
        nameIndex = known.find(b, start, len, hash);
        if (nameIndex < 0) {
            return ascii(b, start, len);
        }
        known.follows[previous + 1] = nameIndex;
        return known.names[nameIndex];
    }

    /** A text value (null when empty, as the tree path reads it); gives up on any other type. */
    String text() {
        expect('"');
        String t = stringBody();
        return t.isEmpty() ? null : t;
    }

    /**
     * Like {@link #text}, for values that repeat from record to record (a verb, a namespace, a user, a user agent):
     * the same string instance as the last time the value was seen, when it is still in a small table. Saves the
     * copy and the memory of events that wait in a buffer, and the string's hash code is then already known.
     */
    String sharedText() {
        expect('"');
        byte[] b = this.b;
        int start = i;
        int p = plain(b, start);
        if (b[p] != '"') {
            String t = stringBody();      // escapes (or an error): the ordinary way
            return t.isEmpty() ? null : t;
        }
        i = p + 1;
        int len = p - start;
        if (len == 0) {
            return null;
        }
        int slot = slot(b, start, len) & (shared.length - 1);
        byte[] known = sharedBytes[slot];
        if (known != null && known.length == len && java.util.Arrays.equals(b, start, p, known, 0, len)) {
            return shared[slot];
        }
        String t = ascii(b, start, len);
        shared[slot] = t;
        sharedBytes[slot] = java.util.Arrays.copyOfRange(b, start, p);
        return t;
    }

    /**
     * A hash of {@code b[start, start + len)} for the table of shared texts, from its length and its first and last
     * eight bytes: texts that differ only in between share a slot, which costs a copy, not a wrong answer.
     */
    private static int slot(byte[] b, int start, int len) {
        long h;
        if (len >= 8) {
            h = Ascii.word(b, start) * 0x9E3779B97F4A7C15L + Ascii.word(b, start + len - 8);
        } else {
            h = 0;
            for (int k = start; k < start + len; k++) {
                h = h << 8 | b[k];
            }
        }
        h = (h + len) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40);
    }

    /** The position of the closing quote of a text value and its opening one, skipped; gives up on other types. */
    long textSpan() {
        expect('"');
        int start = i - base;
        skipString();
        return (long) start << 32 | (i - 1 - base);
    }

    /**
     * A list of texts without the empty ones, each as {@link #sharedText}; the same list as the last time when its
     * texts are the same. Gives up on any other type.
     */
    List<String> sharedTexts() {
        expect('[');
        ws();
        if (peek() == ']') {
            i++;
            return List.of();
        }
        list.clear();
        do {
            String t = sharedText();
            if (t != null) {
                list.add(t);
            }
        } while (more(']'));
        if (!sameTexts(list, lastList)) {
            lastList = list.isEmpty() ? List.of() : List.copyOf(list);
        }
        return lastList;
    }

    private List<String> lastList = List.of();

    /** True when both lists hold the same instances in the same order. */
    private static boolean sameTexts(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            if (a.get(k) != b.get(k)) {
                return false;
            }
        }
        return true;
    }

    /** The first non-empty text of a list of texts, as {@link #sharedText}, or null; gives up on any other type. */
    String firstText() {
        expect('[');
        ws();
        if (peek() == ']') {
            i++;
            return null;
        }
        String first = null;
        do {
            if (first == null) {
                first = sharedText();
            } else {
                expect('"');
                skipString();
            }
        } while (more(']'));
        return first;
    }

    /** A whole number that fits an int; gives up on anything else. */
    Long integer() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digits = i;
        while (b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int count = i - digits;
        if (count == 0 || count > 10 || count > 1 && b[digits] == '0' || isNumberPart(b[i])) {
            throw giveUp();
        }
        long v = 0;
        for (int k = digits; k < i; k++) {
            v = v * 10 + (b[k] - '0');
        }
        if (b[start] == '-') {
            v = -v;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw giveUp();
        }
        return v >= 0 && v < SMALL.length ? SMALL[(int) v] : Long.valueOf(v);
    }

    /** Boxed whole numbers below 1,000 (status codes), made once. */
    private static final Long[] SMALL = new Long[1000];

    static {
        for (int k = 0; k < SMALL.length; k++) {
            SMALL[k] = (long) k;
        }
    }

    private static boolean isNumberPart(int c) {
        return c == '.' || c == 'e' || c == 'E';
    }

    /** The rest of a string after its opening quote, unescaped; gives up on bad escapes and raw control characters. */
    private String stringBody() {
        byte[] b = this.b;
        int start = i;
        int p = plain(b, start);
        if (b[p] == '"') {
            i = p + 1;
            return ascii(b, start, p - start);
        }
        if (b[p] != '\\') {
            throw giveUp();
        }
        i = p;
        StringBuilder out = unescaped;
        out.setLength(0);
        for (int k = start; k < p; k++) {
            out.append((char) b[k]);
        }
        while (true) {
            int c = b[i++];
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c != '\\') {
                out.append((char) c);
                continue;
            }
            int e = b[i++];
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append((char) hex4());
                default -> throw giveUp();
            }
        }
    }

    /** The string of ASCII bytes {@code b[start, start + len)}. */
    static String ascii(byte[] b, int start, int len) {
        return Ascii.text(b, start, len, true);
    }
}
