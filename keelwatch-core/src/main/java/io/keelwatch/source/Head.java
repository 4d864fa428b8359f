package io.keelwatch.source;

import java.util.List;

/** The beginning of a file, for format detection. */
public record Head(String fileName, List<String> lines, String text) {

    /** The first line that is not blank and not a comment-only line ({@code #...} lines are kept in lines()). */
    public String firstNonBlank() {
        for (String l : lines) {
            if (!l.isBlank()) {
                return l.strip();
            }
        }
        return "";
    }

    /** First non-blank text character, or 0. */
    public char firstChar() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c;
            }
        }
        return 0;
    }
}
