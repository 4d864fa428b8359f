package io.keelwatch.source;

/**
 * The characters of one JSON text and a position in them, with the steps every reader of it takes: whitespace,
 * punctuation, and skipping a value of any type while checking its syntax as Jackson's parser would with its
 * defaults. Any surprise (a syntax error, the end of the text) throws {@link GiveUp}, and the caller leaves the text
 * to a full parse. {@link JsonCursor} adds the reading of values.
 */
abstract class JsonScan {
    static final int MAX_DEPTH = 400;
    /** Longer numbers are left to the full parse, which has limits of its own for them. */
    private static final int MAX_NUMBER = 100;

    /**
     * The text's characters from {@code base} to {@code n}, then a NUL that stops every loop (a raw control
     * character is an error anyway). Positions handed out are relative to {@code base}.
     */
    char[] b;
    private char[] own = new char[1024];
    int base;
    int n;
    int i;

    /** Starts over on {@code text}. */
    void reset(String text) {
        n = text.length();
        if (own.length <= n) {
            own = new char[Math.max(n + 1, own.length * 2)];
        }
        text.getChars(0, n, own, 0);
        own[n] = 0;
        b = own;
        base = 0;
        i = 0;
    }

    /** Starts over on {@code chars[off, off + len)}, read in place; {@code chars[off + len]} must be NUL. */
    void reset(char[] chars, int off, int len) {
        if (chars[off + len] != 0) {
            throw new IllegalArgumentException("the text must be followed by a NUL");
        }
        b = chars;
        base = off;
        n = off + len;
        i = off;
    }

    /** The position: the index of the next character in the text. */
    int position() {
        return i - base;
    }

    /** True when only whitespace is left. */
    boolean atEnd() {
        ws();
        return i == n;
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
        char c = b[i++];
        if (c == ',') {
            ws();
            return true;
        }
        if (c != close) {
            throw giveUp();
        }
        return false;
    }

    int hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[i++], 16);
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
        char c = b[i];
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

    void skipString() {
        char[] b = this.b;
        int p = i;
        while (true) {
            char c = b[p++];
            if (c == '"') {
                i = p;
                return;
            }
            if (c < 0x20) {
                throw giveUp();
            }
            if (c == '\\') {
                char e = b[p++];
                if (e == 'u') {
                    i = p;
                    hex4();
                    p = i;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw giveUp();
                }
            }
        }
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                throw giveUp();        // the NUL after the text stops this before the end of the buffer
            }
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
        if (d == 0 || d > 1 && b[start] == '0') {
            throw giveUp();
        }
        if (b[i] == '.') {
            i++;
            if (digits() == 0) {
                throw giveUp();
            }
        }
        if (b[i] == 'e' || b[i] == 'E') {
            i++;
            if (b[i] == '+' || b[i] == '-') {
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
        while (b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i - start;
    }

    void ws() {
        char[] b = this.b;
        int p = i;
        for (char c = b[p]; c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = b[++p]) {
            // skip
        }
        i = p;
    }

    char peek() {
        return b[i];
    }

    void expect(char c) {
        if (b[i] != c) {
            throw giveUp();
        }
        i++;
    }
}
