package io.keelwatch.rule.falco;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Falco condition into tokens: parentheses, commas, comparison signs ({@code = == != < <= > >=}),
 * quoted strings ({@code "..."} or {@code '...'} with backslash escapes) and bare words. A bare word runs until
 * whitespace, a parenthesis, a comma, a quote or a comparison sign; a {@code [...]} inside a word (a field
 * argument such as {@code jevt.value[/a/b]} or {@code ka.uri.param[command]}) is kept whole.
 */
final class FalcoLexer {
    enum Kind { LPAREN, RPAREN, COMMA, OP, STRING, WORD, END }

    record Token(Kind kind, String text, int pos) {
        boolean isWord(String w) {
            return kind == Kind.WORD && text.equals(w);
        }
    }

    /** A syntax error at an offset of the condition. */
    static final class SyntaxError extends Exception {
        final int pos;

        SyntaxError(String message, int pos) {
            super(message);
            this.pos = pos;
        }
    }

    private FalcoLexer() {
    }

    static List<Token> lex(String s) throws SyntaxError {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '"' || c == '\'') {
                i = quoted(s, i, out);
            } else if (c == '=' || c == '<' || c == '>' || s.startsWith("!=", i)) {
                int len = s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith("<=", i)
                        || s.startsWith(">=", i) ? 2 : 1;
                out.add(new Token(Kind.OP, s.substring(i, i + len), i));
                i += len;
            } else {
                i = word(s, i, out);
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }

    private static int quoted(String s, int start, List<Token> out) throws SyntaxError {
        char q = s.charAt(start);
        StringBuilder b = new StringBuilder();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\', '"', '\'' -> b.append(n);
                    default -> b.append('\\').append(n);
                }
                i += 2;
            } else if (c == q) {
                out.add(new Token(Kind.STRING, b.toString(), start));
                return i + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        throw new SyntaxError("unterminated string", start);
    }

    private static int word(String s, int start, List<Token> out) throws SyntaxError {
        int i = start;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0) {
                    throw new SyntaxError("unclosed '['", i);
                }
                i = close + 1;
                continue;
            }
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ',' || c == '"' || c == '\'' || c == '='
                    || c == '<' || c == '>' || c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                break;
            }
            i++;
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start));
        return i;
    }
}
