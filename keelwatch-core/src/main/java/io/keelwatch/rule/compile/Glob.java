package io.keelwatch.rule.compile;

import com.google.re2j.Pattern;

/**
 * Shell-style globs, matched against the whole value: {@code *} any run of characters (slashes included),
 * {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [!abc]} or {@code [^abc]} a character class,
 * {@code \x} the character x itself. Compiled to an RE2J pattern (linear time).
 */
public final class Glob {
    private final String glob;
    private final Pattern pattern;
    /** For a glob of literal text and {@code *} only: the literal runs between the stars; else null. */
    private final String[] parts;

    private Glob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
        this.parts = starsOnly(glob) ? glob.split("\\*", -1) : null;
    }

    private static boolean starsOnly(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '?' || c == '[' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Compiles a glob; throws IllegalArgumentException for an unclosed '['. */
    public static Glob compile(String glob) {
        StringBuilder rx = new StringBuilder("(?s)");
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> rx.append(".*");
                case '?' -> rx.append('.');
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        i++;
                        rx.append(quote(glob.charAt(i)));
                    } else {
                        rx.append("\\\\");
                    }
                }
                case '[' -> {
                    int j = i + 1;
                    if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
                        j++;
                    }
                    if (j < glob.length() && glob.charAt(j) == ']') {
                        j++;
                    }
                    int close = glob.indexOf(']', j);
                    if (close < 0) {
                        throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "'");
                    }
                    rx.append('[');
                    int k = i + 1;
                    if (glob.charAt(k) == '!' || glob.charAt(k) == '^') {
                        rx.append('^');
                        k++;
                    }
                    for (; k < close; k++) {
                        char d = glob.charAt(k);
                        if (d == '\\' || d == '[' || d == ']' || d == '^' || d == '&' || d == '~') {
                            rx.append('\\');
                        }
                        rx.append(d);
                    }
                    rx.append(']');
                    i = close;
                }
                default -> rx.append(quote(c));
            }
            i++;
        }
        return new Glob(glob, Pattern.compile(rx.toString()));
    }

    private static String quote(char c) {
        if (c < 128 && (Character.isLetterOrDigit(c) || c == ' ' || c == '_')) {
            return String.valueOf(c);
        }
        return c > 32 && c < 127 ? "\\" + c : Pattern.quote(String.valueOf(c));
    }

    public boolean matches(String s) {
        if (s == null) {
            return false;
        }
        return parts != null ? matchesParts(s) : pattern.matches(s);
    }

    /** Literal runs split by stars: the first a prefix, the last a suffix, the others in order between. */
    private boolean matchesParts(String s) {
        if (parts.length == 1) {
            return s.equals(parts[0]);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = s.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = s.indexOf(parts[i], from);
            if (at < 0 || at + parts[i].length() > end) {
                return false;
            }
            from = at + parts[i].length();
        }
        return true;
    }

    @Override
    public String toString() {
        return glob;
    }
}
