package io.keelwatch.source;

/**
 * The bytes of one JSON text in ASCII and a position in them, with the steps every reader of it takes: whitespace,
 * punctuation, and skipping a value of any type while checking its syntax as Jackson's parser would with its
 * defaults. Any surprise (a syntax error, the end of the text) throws {@link GiveUp}, and the caller leaves the text
 * to a full parse. {@link JsonCursor} adds the reading of values.
 *
 * <p>Only ASCII texts are read here (a text with other characters is left to the full parse), so that a byte is a
 * character and a position in the bytes is one in the text's string. Strings are skipped eight bytes at a time.
 */
abstract class JsonScan {
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    static final int MAX_DEPTH = 400;
    /** Longer numbers are left to the full parse, which has limits of its own for them. */
    private static final int MAX_NUMBER = 100;

    /**
     * The text's bytes from {@code base} to {@code n}, then a NUL that stops every loop (a raw control character is
     * an error anyway). Positions handed out are relative to {@code base}.
     */
    byte[] b;
    private byte[] own = new byte[1024];
    int base;
    int n;
    int i;

    /** Starts over on {@code text}; false (and nothing read) when it is not all ASCII. */
    @SuppressWarnings("deprecation")
    boolean reset(String text) {
        if (!Ascii.is(text)) {
            return false;
        }
        n = text.length();
        if (own.length <= n) {
            own = new byte[Math.max(n + 1, own.length * 2)];
        }
        text.getBytes(0, n, own, 0);        // ASCII: each character is its low byte
        own[n] = 0;
        b = own;
        base = 0;
        i = 0;
        return true;
    }

    /**
     * Starts over on the ASCII text in {@code bytes[off, off + len)}, read in place; {@code bytes[off + len]} must be
     * NUL.
     */
    void reset(byte[] bytes, int off, int len) {
        if (bytes[off + len] != 0) {
            throw new IllegalArgumentException("the text must be followed by a NUL");
        }
        b = bytes;
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

    /**
     * For a text read before its line's end is known ({@link #reset(byte[], int, int)} up to the end of the bytes
     * at hand): the index in the bytes of the newline that ends the line after the value, with only spaces, tabs
     * and carriage returns before it; gives up on anything else (the NUL at the end of the bytes included).
     */
    int lineEnd() {
        byte[] b = this.b;
        int p = i;
        for (int c = b[p]; c == ' ' || c == '\t' || c == '\r'; c = b[++p]) {
            // skip
        }
        if (b[p] != '\n') {
            throw giveUp();
        }
        return p;
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
        int c = b[i++];
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
            int d = Character.digit((char) b[i++], 16);
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
        switch (b[i]) {
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

    /** Skips the rest of a string after its opening quote, checking its escapes. */
    void skipString() {
        byte[] b = this.b;
        int p = i;
        while (true) {
            p = plain(b, p);
            int c = b[p++];
            if (c == '"') {
                i = p;
                return;
            }
            if (c != '\\') {
                throw giveUp();      // a raw control character (or the NUL after the text)
            }
            int e = b[p++];
            if (e == 'u') {
                i = p;
                hex4();
                p = i;
            } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                throw giveUp();
            }
        }
    }

    /**
     * The position of the first byte from {@code p} on that ends a run of plain string characters: a quote, a
     * backslash, a control character (the NUL after the text and a newline are ones) or a byte outside ASCII (which
     * a reader of bytes whose line end is not known yet must not pass: every caller gives up on it). Eight bytes at
     * a time while they fit.
     */
    static int plain(byte[] b, int p) {
        for (int last = b.length - 8; p <= last; p += 8) {
            long w = Ascii.word(b, p);
            // the lowest flag of each term is exact (a quote, a backslash, a control character, a high bit), so the
            // lowest of all is the first byte that ends the run
            long hit = Ascii.zeroBytes(w ^ QUOTES) | Ascii.zeroBytes(w ^ BACKSLASHES) | Ascii.controlBytes(w)
                    | w & Ascii.HIGHS;
            if (hit != 0) {
                return p + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        while (true) {
            int c = b[p];
            if (c == '"' || c == '\\' || c < 0x20) {       // (a negative byte would also stop here)
                return p;
            }
            p++;
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

    /**
     * Skips spaces, tabs and carriage returns. Not newlines: a line of text has none, and a reader of bytes whose
     * line end is not known yet must stop at one.
     */
    void ws() {
        byte[] b = this.b;
        int p = i;
        for (int c = b[p]; c == ' ' || c == '\t' || c == '\r'; c = b[++p]) {
            // skip
        }
        i = p;
    }

    int peek() {
        return b[i];
    }

    void expect(char c) {
        if (b[i] != c) {
            throw giveUp();
        }
        i++;
    }
}
