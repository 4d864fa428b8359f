package io.keelwatch.rule.parse;

/** A token of the condition language; {@code start}/{@code end} are offsets into the condition text. */
public record Token(Kind kind, String text, int start, int end) {
    public enum Kind {
        /** A bare word: a field path, a macro or list name, a keyword, a number or an unquoted value. */
        WORD,
        /** A quoted string; {@code text} is the unescaped value. */
        STRING,
        /** A comparison: =, !=, <, <=, >, >=. */
        COMPARE,
        LPAREN, RPAREN, COMMA, EOF
    }

    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    public String describe() {
        return switch (kind) {
            case EOF -> "the end of the condition";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
