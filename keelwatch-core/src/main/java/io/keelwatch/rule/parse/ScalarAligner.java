package io.keelwatch.rule.parse;

/**
 * Finds, for each character of a YAML scalar's value, the offset in the file it was read from. YAML folds
 * lines, strips indentation and resolves escapes, so the value is (nearly) a subsequence of the source text:
 * the aligner walks both, skipping whitespace, quotes and escape sequences in the source. Where it cannot
 * follow (an unusual escape), it keeps going one character at a time, so positions stay close.
 */
final class ScalarAligner {
    private ScalarAligner() {
    }

    /** @param start offset of the scalar's first source character (its quote or block indicator, if any) */
    static int[] align(String text, int start, String value) {
        int n = value.length();
        int[] out = new int[n + 1];
        int p = Math.max(0, Math.min(start, text.length()));
        char style = p < text.length() ? text.charAt(p) : ' ';
        boolean dq = style == '"';
        boolean sq = style == '\'';
        if (dq || sq) {
            p++;
        } else if (style == '|' || style == '>') {
            int nl = text.indexOf('\n', p);
            p = nl < 0 ? text.length() : nl + 1;
        }
        for (int i = 0; i < n; i++) {
            char v = value.charAt(i);
            if (p >= text.length()) {
                out[i] = text.length();
                continue;
            }
            if (dq && text.charAt(p) == '\\' && p + 1 < text.length() && text.charAt(p + 1) != '\n'
                    && text.charAt(p + 1) != '\r') {
                out[i] = p;
                p += escapeLength(text.charAt(p + 1));
                continue;
            }
            if (sq && v == '\'' && text.startsWith("''", p)) {
                out[i] = p;
                p += 2;
                continue;
            }
            int q = p;
            boolean found = false;
            while (q < text.length()) {
                char s = text.charAt(q);
                if (s == v || Character.isWhitespace(v) && Character.isWhitespace(s)) {
                    found = true;
                    break;
                }
                if (!(Character.isWhitespace(s) || dq && s == '\\')) {
                    break;
                }
                q++;
            }
            if (found) {
                out[i] = q;
                p = q + 1;
            } else {
                out[i] = p;
                p++;
            }
        }
        out[n] = Math.min(p, text.length());
        return out;
    }

    private static int escapeLength(char c) {
        return switch (c) {
            case 'x' -> 4;
            case 'u' -> 6;
            case 'U' -> 10;
            default -> 2;
        };
    }
}
