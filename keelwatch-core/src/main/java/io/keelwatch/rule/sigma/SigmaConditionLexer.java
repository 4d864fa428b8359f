package io.keelwatch.rule.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of a Sigma condition: parentheses, words (identifiers, patterns with {@code *}, numbers and the keywords
 * {@code and or not of them any all}) and the pipe of the obsolete aggregation syntax, which the parser refuses.
 */
final class SigmaConditionLexer {
    enum Kind { LPAREN, RPAREN, WORD, PIPE, END }

    record Token(Kind kind, String text, int pos) {
        boolean is(String w) {
            return kind == Kind.WORD && text.equals(w);
        }
    }

    static final class SyntaxError extends Exception {
        final int pos;

        SyntaxError(String message, int pos) {
            super(message);
            this.pos = pos;
        }
    }

    private SigmaConditionLexer() {
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
            } else if (c == '|') {
                out.add(new Token(Kind.PIPE, "|", i));   // the rest is obsolete aggregation syntax: the parser stops here
                break;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '*' || c == '-' || c == '.') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_*-.".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i), start));
            } else {
                throw new SyntaxError("unexpected character '" + c + "'", i);
            }
        }
        out.add(new Token(Kind.END, "", s.length()));
        return out;
    }
}
