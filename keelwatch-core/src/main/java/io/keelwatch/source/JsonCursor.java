package io.keelwatch.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the text of one JSON value for readers that take a few members of a document without building a
 * tree (see {@link AuditLineScanner}). Each step checks the syntax it passes, as Jackson's parser would with its
 * defaults; any surprise (a syntax error, another type than the one asked for, the end of the text) throws
 * {@link GiveUp}, and the caller leaves the text to a full parse.
 */
final class JsonCursor {
    static final int MAX_DEPTH = 400;
    /** Longer names and numbers are left to the full parse, which has limits of its own for them. */
    private static final int MAX_NAME = 1000;
    private static final int MAX_NUMBER = 100;

    private String s;
    private int i;
    /** The index in the table given to {@link #name} of the name read last, or -1. */
    private int nameIndex;
    private final StringBuilder unescaped = new StringBuilder();
    private final List<String> list = new ArrayList<>(4);

    /** Starts over on {@code text}. */
    void reset(String text) {
        s = text;
        i = 0;
    }

    /** The position: the index of the next character. */
    int position() {
        return i;
    }

    /** True when only whitespace is left. */
    boolean atEnd() {
        ws();
        return i == s.length();
    }

    /** The index in the table given to {@link #name} of the name read last, or -1. */
    int nameIndex() {
        return nameIndex;
    }

    /** What a reader does with one member of an object: read or skip its value, whose name it is given. */
    interface Member {
        void read(String name);
    }

    /** Walks an object's members ({@code member} must read or skip each value); an empty object is fine. */
    void members(Names known, Member member) {
        ws();
        expect('{');
        ws();
        if (peek() == '}') {
            i++;
            return;
        }
        do {
            member.read(name(known));
        } while (more('}'));
    }

    /** Thrown to abandon the line (cheap: no stack trace). */
    static final class GiveUp extends RuntimeException {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    static GiveUp giveUp() {
        return GiveUp.INSTANCE;
    }

    /** After a value: true at a comma (the next member's or element's start follows), false at {@code close}. */
    boolean more(char close) {
        ws();
        char c = s.charAt(i++);
        if (c == ',') {
            ws();
            return true;
        }
        if (c != close) {
            throw giveUp();
        }
        return false;
    }

    /**
     * Member names a reader expects, in a small hash table, so that finding one costs a hash of the name's
     * characters (taken while they are checked) and one comparison.
     */
    static final class Names {
        private final String[] names;
        private final String[] table;
        private final int[] index;
        private final int mask;

        Names(String... names) {
            this.names = names.clone();
            int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
            table = new String[size];
            index = new int[size];
            mask = size - 1;
            for (int k = 0; k < names.length; k++) {
                int slot = names[k].hashCode() & mask;
                while (table[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = names[k];
                index[slot] = k;
            }
        }

        /** The position of the name in the list given, or -1. */
        private int find(String s, int start, int len, int hash) {
            for (int slot = hash & mask; table[slot] != null; slot = (slot + 1) & mask) {
                String n = table[slot];
                if (n.length() == len && s.regionMatches(start, n, 0, len)) {
                    return index[slot];
                }
            }
            return -1;
        }
    }

    /** A member name and its colon; the name is the table's instance when the table has it. */
    String name(Names known) {
        expect('"');
        int start = i;
        int end = start;
        int hash = 0;
        for (char c; (c = s.charAt(end)) != '"'; end++) {
            if (c == '\\' || c < 0x20) {
                throw giveUp();
            }
            hash = 31 * hash + c;          // as String.hashCode
        }
        i = end + 1;
        ws();
        expect(':');
        ws();
        int len = end - start;
        if (len > MAX_NAME) {
            throw giveUp();
        }
        nameIndex = known.find(s, start, len, hash);
        return nameIndex >= 0 ? known.names[nameIndex] : s.substring(start, end);
    }

    /** A text value (null when empty, as the tree path reads it); gives up on any other type. */
    String text() {
        expect('"');
        String t = stringBody();
        return t.isEmpty() ? null : t;
    }

    /** A list of texts without the empty ones; gives up on any other type. */
    List<String> texts() {
        expect('[');
        ws();
        if (peek() == ']') {
            i++;
            return List.of();
        }
        list.clear();
        while (true) {
            String t = text();
            if (t != null) {
                list.add(t);
            }
            if (!more(']')) {
                return list.isEmpty() ? List.of() : List.copyOf(list);
            }
        }
    }

    /** A whole number that fits an int; gives up on anything else. */
    Long integer() {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        int n = i - digits;
        if (n == 0 || n > 10 || n > 1 && s.charAt(digits) == '0' || i < s.length() && isNumberPart(s.charAt(i))) {
            throw giveUp();
        }
        long v = Long.parseLong(s, start, i, 10);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw giveUp();
        }
        return v;
    }

    private static boolean isNumberPart(char c) {
        return c == '.' || c == 'e' || c == 'E';
    }

    /** The rest of a string after its opening quote, unescaped; gives up on bad escapes and raw control characters. */
    private String stringBody() {
        int start = i;
        int n = s.length();
        while (true) {
            char c = s.charAt(i);
            if (c == '"') {
                String t = s.substring(start, i);
                i++;
                return t;
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw giveUp();
            }
            i++;
            if (i >= n) {
                throw giveUp();
            }
        }
        StringBuilder b = unescaped;
        b.setLength(0);
        b.append(s, start, i);
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    b.append((char) hex4());
                }
                default -> throw giveUp();
            }
        }
    }

    private int hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s.charAt(i++), 16);
            if (d < 0) {
                throw giveUp();
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** Skips one value of any type, checking its syntax. */
    void skip(int depth) {
        if (depth > MAX_DEPTH) {
            throw giveUp();
        }
        char c = s.charAt(i);
        switch (c) {
            case '"' -> {
                i++;
                skipString();
            }
            case '{' -> {
                i++;
                ws();
                if (peek() == '}') {
                    i++;
                    return;
                }
                do {
                    expect('"');
                    skipString();
                    ws();
                    expect(':');
                    ws();
                    skip(depth + 1);
                } while (more('}'));
            }
            case '[' -> {
                i++;
                ws();
                if (peek() == ']') {
                    i++;
                    return;
                }
                do {
                    skip(depth + 1);
                } while (more(']'));
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void skipString() {
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                if (e == 'u') {
                    hex4();
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw giveUp();
                }
            }
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw giveUp();
        }
        i += word.length();
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void number() {
        int begin = i;
        if (peek() == '-') {
            i++;
        }
        int start = i;
        int d = digits();
        if (d == 0 || d > 1 && s.charAt(start) == '0') {
            throw giveUp();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            if (digits() == 0) {
                throw giveUp();
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (digits() == 0) {
                throw giveUp();
            }
        }
        if (i - begin > MAX_NUMBER) {
            throw giveUp();
        }
    }

    private int digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - start;
    }

    void ws() {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }

    char peek() {
        return s.charAt(i);
    }

    void expect(char c) {
        if (s.charAt(i) != c) {
            throw giveUp();
        }
        i++;
    }
}
