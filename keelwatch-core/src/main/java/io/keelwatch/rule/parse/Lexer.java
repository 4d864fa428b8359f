package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition into tokens. A bare word runs until whitespace, a parenthesis, a comma, a quote or a
 * comparison sign; square brackets inside a word are kept whole (so {@code container.labels["a.b"]} and
 * {@code [*]} stay in the word). Quoted strings use double or single quotes with backslash escapes
 * {@code \\ \" \' \n \t \r}; any other backslash sequence is kept as written (handy for regexes).
 */
public final class Lexer {
    private final String s;
    private int i;

    private Lexer(String s) {
        this.s = s;
    }

    public static List<Token> tokenize(String text) throws ConditionSyntaxException {
        return new Lexer(text).run();
    }

    private List<Token> run() throws ConditionSyntaxException {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                int end = s.stripTrailing().length();   // report "end of condition" just after its last character
                out.add(new Token(Token.Kind.EOF, "", end, end));
                return out;
            }
            char c = s.charAt(i);
            int start = i;
            switch (c) {
                case '(' -> out.add(single(Token.Kind.LPAREN));
                case ')' -> out.add(single(Token.Kind.RPAREN));
                case ',' -> out.add(single(Token.Kind.COMMA));
                case '"', '\'' -> out.add(new Token(Token.Kind.STRING, quoted(c), start, i));
                case '=' -> out.add(single(Token.Kind.COMPARE));
                case '<', '>' -> {
                    i++;
                    if (i < s.length() && s.charAt(i) == '=') {
                        i++;
                    }
                    out.add(new Token(Token.Kind.COMPARE, s.substring(start, i), start, i));
                }
                default -> {
                    if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                        i += 2;
                        out.add(new Token(Token.Kind.COMPARE, "!=", start, i));
                    } else {
                        out.add(new Token(Token.Kind.WORD, word(), start, i));
                    }
                }
            }
        }
    }

    private Token single(Token.Kind kind) {
        i++;
        return new Token(kind, s.substring(i - 1, i), i - 1, i);
    }

    private String quoted(char q) throws ConditionSyntaxException {
        int start = i;
        i++;
        StringBuilder b = new StringBuilder();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == q) {
                i++;
                return b.toString();
            }
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case '\\', '"', '\'' -> b.append(n);
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    default -> b.append(c).append(n);
                }
                i += 2;
                continue;
            }
            b.append(c);
            i++;
        }
        throw new ConditionSyntaxException(start, "unterminated string (missing closing " + q + ")");
    }

    private String word() throws ConditionSyntaxException {
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ',' || c == '"' || c == '\''
                    || c == '=' || c == '<' || c == '>' || c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                break;
            }
            if (c == '[') {
                i = closeBracket(i);
                continue;
            }
            i++;
        }
        return s.substring(start, i);
    }

    /** Offset just after the ']' that closes the '[' at {@code open}, skipping quoted text inside. */
    private int closeBracket(int open) throws ConditionSyntaxException {
        int j = open + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == ']') {
                return j + 1;
            }
            if (c == '"' || c == '\'') {
                int close = s.indexOf(c, j + 1);
                if (close < 0) {
                    throw new ConditionSyntaxException(j, "unterminated string inside '[...]'");
                }
                j = close + 1;
                continue;
            }
            if (Character.isWhitespace(c) || c == '(' || c == ')') {
                break;
            }
            j++;
        }
        throw new ConditionSyntaxException(open, "unclosed '['");
    }
}
