package io.keelwatch.rule.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value: literal characters, the wildcards {@code *} (any run, including none) and {@code ?}
 * (exactly one character), and character classes (from {@code windash}). Escapes follow the Sigma
 * specification, one character at a time: {@code \*}, {@code \?} and {@code \\} are a literal {@code *},
 * {@code ?} and backslash; any other backslash (a trailing one too) is itself.
 */
final class SigmaString {
    /** One position of the pattern: a literal char, ANY ({@code *}), ONE ({@code ?}) or a class of chars. */
    record Token(Kind kind, char ch, String chars) {
        static Token lit(char c) {
            return new Token(Kind.LITERAL, c, null);
        }
    }

    enum Kind { LITERAL, ANY, ONE, CLASS }

    /** The dashes {@code windash} lets stand for one another: hyphen, slash, en dash, em dash, horizontal bar. */
    static final String DASHES = "-/\u2013\u2014\u2015";

    private final List<Token> tokens;

    private SigmaString(List<Token> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** Parses a rule value with Sigma's wildcards and escapes. */
    static SigmaString parse(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && "*?\\".indexOf(s.charAt(i + 1)) >= 0) {
                out.add(Token.lit(s.charAt(i + 1)));
                i += 2;
            } else if (c == '*') {
                out.add(new Token(Kind.ANY, c, null));
                i++;
            } else if (c == '?') {
                out.add(new Token(Kind.ONE, c, null));
                i++;
            } else {
                out.add(Token.lit(c));
                i++;
            }
        }
        return new SigmaString(out);
    }

    /** A value taken literally (no wildcards): for encodings and field references. */
    static SigmaString literal(String s) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            out.add(Token.lit(s.charAt(i)));
        }
        return new SigmaString(out);
    }

    List<Token> tokens() {
        return tokens;
    }

    boolean hasWildcards() {
        return tokens.stream().anyMatch(t -> t.kind() != Kind.LITERAL);
    }

    /** The literal text (wildcards as their characters). */
    String plain() {
        StringBuilder b = new StringBuilder();
        tokens.forEach(t -> b.append(t.kind() == Kind.CLASS ? t.chars().charAt(0) : t.ch()));
        return b.toString();
    }

    /** With {@code *} added at the start and/or end unless already there (contains, startswith, endswith). */
    SigmaString anchored(boolean anyStart, boolean anyEnd) {
        List<Token> out = new ArrayList<>(tokens);
        if (anyStart && (out.isEmpty() || out.get(0).kind() != Kind.ANY)) {
            out.add(0, new Token(Kind.ANY, '*', null));
        }
        if (anyEnd && (out.isEmpty() || out.get(out.size() - 1).kind() != Kind.ANY)) {
            out.add(new Token(Kind.ANY, '*', null));
        }
        return new SigmaString(out);
    }

    /** Every literal dash may be any of {@link #DASHES} (the {@code windash} modifier). */
    SigmaString windash() {
        List<Token> out = new ArrayList<>();
        for (Token t : tokens) {
            out.add(t.kind() == Kind.LITERAL && DASHES.indexOf(t.ch()) >= 0 ? new Token(Kind.CLASS, t.ch(), DASHES) : t);
        }
        return new SigmaString(out);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) {
            switch (t.kind()) {
                case ANY -> b.append('*');
                case ONE -> b.append('?');
                case CLASS -> b.append('[').append(t.chars()).append(']');
                default -> b.append(t.ch() == '*' || t.ch() == '?' || t.ch() == '\\' ? "\\" + t.ch() : String.valueOf(t.ch()));
            }
        }
        return b.toString();
    }
}
