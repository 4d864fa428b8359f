package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a condition into an {@link Expr}. Grammar (lowest precedence first):
 * <pre>
 * condition := or
 * or        := and ("or" and)*
 * and       := unary ("and" unary)*
 * unary     := "not" unary | "(" or ")" | predicate | MACRO
 * predicate := field ( COMPARE value | TEXTOP (value | list) | "in" (list | LISTNAME)
 *                      | "cidr" (value | list) | "exists" )
 * field     := PATH | "all" "(" PATH ")"
 * list      := "(" [value ("," value)*] ")"
 * </pre>
 * The first error ends parsing; it is thrown as a {@link ConditionSyntaxException} with its offset.
 */
public final class ConditionParser {
    /** Parentheses and {@code not} nest at most this deep. */
    public static final int MAX_DEPTH = 100;
    private static final Set<String> CONNECTIVES = Set.of("and", "or", "not");

    private final List<Token> tokens;
    private int pos;
    private int depth;

    private ConditionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Expr parse(String text) throws ConditionSyntaxException {
        if (text == null || text.isBlank()) {
            throw new ConditionSyntaxException(0, "empty condition");
        }
        ConditionParser p = new ConditionParser(Lexer.tokenize(text));
        Expr e = p.or();
        Token t = p.peek();
        if (t.kind() != Token.Kind.EOF) {
            throw new ConditionSyntaxException(t.start(), t.kind() == Token.Kind.RPAREN
                    ? "unbalanced ')'" : "expected 'and', 'or' or the end of the condition but found " + t.describe());
        }
        return e;
    }

    /** True when {@code word} can't be a field, macro or list name. */
    public static boolean isReserved(String word) {
        return CONNECTIVES.contains(word) || Op.isKeywordOp(word) || word.equals("all");
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private Expr or() throws ConditionSyntaxException {
        Expr first = and();
        if (!peek().isWord("or")) {
            return first;
        }
        List<Expr> terms = new ArrayList<>(List.of(first));
        while (peek().isWord("or")) {
            next();
            terms.add(and());
        }
        return new Expr.Or(terms, first.start(), terms.get(terms.size() - 1).end());
    }

    private Expr and() throws ConditionSyntaxException {
        Expr first = unary();
        if (!peek().isWord("and")) {
            return first;
        }
        List<Expr> terms = new ArrayList<>(List.of(first));
        while (peek().isWord("and")) {
            next();
            terms.add(unary());
        }
        return new Expr.And(terms, first.start(), terms.get(terms.size() - 1).end());
    }

    private Expr unary() throws ConditionSyntaxException {
        Token t = peek();
        if (++depth > MAX_DEPTH) {
            throw new ConditionSyntaxException(t.start(), "condition nested deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (t.isWord("not")) {
                next();
                Expr inner = unary();
                return new Expr.Not(inner, t.start(), inner.end());
            }
            if (t.kind() == Token.Kind.LPAREN) {
                next();
                Expr inner = or();
                Token close = next();
                if (close.kind() != Token.Kind.RPAREN) {
                    throw new ConditionSyntaxException(close.start(), "expected ')' to close '(' but found "
                            + close.describe());
                }
                return widen(inner, t.start(), close.end());
            }
            return predicate();
        } finally {
            depth--;
        }
    }

    /** Parenthesized expressions cover their parentheses (so explain labels show them). */
    private static Expr widen(Expr e, int start, int end) {
        if (e instanceof Expr.And a) {
            return new Expr.And(a.terms(), start, end);
        }
        if (e instanceof Expr.Or o) {
            return new Expr.Or(o.terms(), start, end);
        }
        if (e instanceof Expr.Not n) {
            return new Expr.Not(n.expr(), start, end);
        }
        if (e instanceof Expr.Compare c) {
            return new Expr.Compare(c.field(), c.op(), c.operand(), start, end);
        }
        Expr.MacroRef m = (Expr.MacroRef) e;
        return new Expr.MacroRef(m.name(), start, end);
    }

    private Expr predicate() throws ConditionSyntaxException {
        Token t = next();
        if (t.kind() != Token.Kind.WORD) {
            throw new ConditionSyntaxException(t.start(), "expected a field, a macro, 'not' or '(' but found "
                    + t.describe());
        }
        Expr.FieldRef field;
        if (t.text().equals("all") && peek().kind() == Token.Kind.LPAREN) {
            next();
            Token f = next();
            if (f.kind() != Token.Kind.WORD || isReserved(f.text())) {
                throw new ConditionSyntaxException(f.start(), "expected a field inside all(...) but found "
                        + f.describe());
            }
            Token close = next();
            if (close.kind() != Token.Kind.RPAREN) {
                throw new ConditionSyntaxException(close.start(), "expected ')' after all(" + f.text()
                        + " but found " + close.describe());
            }
            field = new Expr.FieldRef(f.text(), true, t.start(), close.end());
        } else {
            if (isReserved(t.text())) {
                throw new ConditionSyntaxException(t.start(), "unexpected '" + t.text()
                        + "': expected a field, a macro, 'not' or '('");
            }
            field = new Expr.FieldRef(t.text(), false, t.start(), t.end());
        }
        Token op = peek();
        if (op.kind() == Token.Kind.EOF || op.kind() == Token.Kind.RPAREN || op.isWord("and") || op.isWord("or")) {
            if (field.all()) {
                throw new ConditionSyntaxException(op.start(), "expected an operator after all(" + field.path() + ")");
            }
            return new Expr.MacroRef(t.text(), t.start(), t.end());
        }
        if (op.kind() == Token.Kind.COMPARE) {
            next();
            Expr.Value v = value(op);
            return new Expr.Compare(field, Op.fromText(op.text()), v, field.start(), v.end());
        }
        if (op.kind() == Token.Kind.WORD && Op.isKeywordOp(op.text())) {
            next();
            Op o = Op.fromText(op.text());
            if (o == Op.EXISTS) {
                return new Expr.Compare(field, o, null, field.start(), op.end());
            }
            Expr.Operand rhs = operand(o, op);
            return new Expr.Compare(field, o, rhs, field.start(), end(rhs));
        }
        throw new ConditionSyntaxException(op.start(), "expected an operator after '" + field.path()
                + "' (=, !=, <, in, contains, exists, ...) but found " + op.describe());
    }

    private static int end(Expr.Operand o) {
        if (o instanceof Expr.Value v) {
            return v.end();
        }
        return o instanceof Expr.ValueList l ? l.end() : ((Expr.ListName) o).end();
    }

    private Expr.Operand operand(Op o, Token opTok) throws ConditionSyntaxException {
        Token t = peek();
        if (t.kind() == Token.Kind.LPAREN) {
            return list();
        }
        if (o == Op.IN) {
            if (t.kind() == Token.Kind.WORD && !isReserved(t.text())) {
                next();
                return new Expr.ListName(t.text(), t.start(), t.end());
            }
            throw new ConditionSyntaxException(t.start(), "'in' needs a list: (a, b, ...) or a list name, but found "
                    + t.describe());
        }
        return value(opTok);
    }

    private Expr.Value value(Token opTok) throws ConditionSyntaxException {
        Token t = next();
        if (t.kind() == Token.Kind.STRING) {
            return new Expr.Value(t.text(), true, t.start(), t.end());
        }
        if (t.kind() == Token.Kind.WORD && !CONNECTIVES.contains(t.text())) {
            return new Expr.Value(t.text(), false, t.start(), t.end());
        }
        if (t.kind() == Token.Kind.LPAREN) {
            throw new ConditionSyntaxException(t.start(), "'" + opTok.text()
                    + "' takes one value; use 'in (a, b, ...)' to compare with several");
        }
        throw new ConditionSyntaxException(t.start(), "expected a value after '" + opTok.text() + "' but found "
                + t.describe());
    }

    private Expr.ValueList list() throws ConditionSyntaxException {
        Token open = next();
        List<Expr.Value> items = new ArrayList<>();
        if (peek().kind() == Token.Kind.RPAREN) {
            Token close = next();
            return new Expr.ValueList(items, open.start(), close.end());
        }
        while (true) {
            Token t = next();
            if (t.kind() == Token.Kind.STRING) {
                items.add(new Expr.Value(t.text(), true, t.start(), t.end()));
            } else if (t.kind() == Token.Kind.WORD) {
                items.add(new Expr.Value(t.text(), false, t.start(), t.end()));
            } else {
                throw new ConditionSyntaxException(t.start(), "expected a list value but found " + t.describe());
            }
            Token sep = next();
            if (sep.kind() == Token.Kind.RPAREN) {
                return new Expr.ValueList(items, open.start(), sep.end());
            }
            if (sep.kind() != Token.Kind.COMMA) {
                throw new ConditionSyntaxException(sep.start(), "expected ',' or ')' in the list but found "
                        + sep.describe());
            }
        }
    }
}
