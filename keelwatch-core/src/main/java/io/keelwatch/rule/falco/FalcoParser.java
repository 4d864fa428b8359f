package io.keelwatch.rule.falco;

import io.keelwatch.rule.falco.FalcoLexer.Kind;
import io.keelwatch.rule.falco.FalcoLexer.SyntaxError;
import io.keelwatch.rule.falco.FalcoLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a Falco condition:
 * <pre>
 * expr    := and { "or" and }
 * and     := unary { "and" unary }
 * unary   := "not" unary | "(" expr ")" | check | MACRO
 * check   := FIELD[arg] ( "exists" | OP value | LISTOP "(" value { "," value } ")" )
 * </pre>
 * {@code not} binds tightest, then {@code and}, then {@code or}. A bare word without a dot is a macro name; a
 * word with a dot is a field. Binary operators: {@code = == != < <= > >= contains icontains bcontains
 * startswith bstartswith endswith glob iglob regex}; list operators: {@code in intersects pmatch}.
 */
final class FalcoParser {
    static final Set<String> WORD_OPS = Set.of("contains", "icontains", "bcontains", "startswith", "bstartswith",
            "endswith", "glob", "iglob", "regex", "in", "intersects", "pmatch", "exists");
    static final Set<String> LIST_OPS = Set.of("in", "intersects", "pmatch");

    private final List<Token> toks;
    private int i;

    private FalcoParser(List<Token> toks) {
        this.toks = toks;
    }

    static FalcoExpr parse(String text) throws SyntaxError {
        FalcoParser p = new FalcoParser(FalcoLexer.lex(text));
        if (p.peek().kind() == Kind.END) {
            throw new SyntaxError("empty condition", 0);
        }
        FalcoExpr e = p.or();
        if (p.peek().kind() != Kind.END) {
            Token t = p.peek();
            throw new SyntaxError("unexpected '" + t.text() + "' (expected 'and', 'or' or the end)", t.pos());
        }
        return e;
    }

    private Token peek() {
        return toks.get(i);
    }

    private Token next() {
        return toks.get(i++);
    }

    private FalcoExpr or() throws SyntaxError {
        int pos = peek().pos();
        List<FalcoExpr> terms = new ArrayList<>();
        terms.add(and());
        while (peek().isWord("or")) {
            next();
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new FalcoExpr.Or(terms, pos);
    }

    private FalcoExpr and() throws SyntaxError {
        int pos = peek().pos();
        List<FalcoExpr> terms = new ArrayList<>();
        terms.add(unary());
        while (peek().isWord("and")) {
            next();
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0) : new FalcoExpr.And(terms, pos);
    }

    private FalcoExpr unary() throws SyntaxError {
        Token t = next();
        if (t.isWord("not")) {
            return new FalcoExpr.Not(unary(), t.pos());
        }
        if (t.kind() == Kind.LPAREN) {
            FalcoExpr e = or();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new SyntaxError("expected ')' to close the '(' at offset " + t.pos(), close.pos());
            }
            return e;
        }
        if (t.kind() != Kind.WORD || t.isWord("and") || t.isWord("or")) {
            throw new SyntaxError(t.kind() == Kind.END ? "condition ends too early"
                    : "unexpected '" + t.text() + "' (expected a field, a macro, 'not' or '(')", t.pos());
        }
        Token op = peek();
        boolean isOp = op.kind() == Kind.OP || op.kind() == Kind.WORD && WORD_OPS.contains(op.text());
        if (!t.text().contains(".") && !t.text().contains("[")) {
            if (isOp) {
                throw new SyntaxError("'" + t.text() + "' is not a field (Falco fields have a dot, like ka.verb)",
                        t.pos());
            }
            if (peek().kind() == Kind.LPAREN) {
                throw new SyntaxError("'" + t.text() + "(...)': field transformers and functions are not supported",
                        t.pos());
            }
            return new FalcoExpr.MacroRef(t.text(), t.pos());
        }
        if (!isOp) {
            throw new SyntaxError("expected an operator after field '" + t.text() + "'", op.pos());
        }
        return check(t, next());
    }

    private FalcoExpr check(Token field, Token op) throws SyntaxError {
        String name = field.text();
        String arg = null;
        int b = name.indexOf('[');
        if (b >= 0) {
            if (!name.endsWith("]")) {
                throw new SyntaxError("unexpected text after ']' in '" + name + "'", field.pos());
            }
            arg = name.substring(b + 1, name.length() - 1);
            name = name.substring(0, b);
        }
        String o = op.text().equals("==") ? "=" : op.text();
        if (o.equals("exists")) {
            return new FalcoExpr.Check(name, arg, o, List.of(), false, field.pos());
        }
        List<FalcoExpr.Operand> values = new ArrayList<>();
        if (peek().kind() == Kind.LPAREN) {
            if (!LIST_OPS.contains(o)) {
                throw new SyntaxError("'" + o + "' takes one value, not a list (use 'in' for several)", peek().pos());
            }
            next();
            if (peek().kind() != Kind.RPAREN) {
                values.add(value());
                while (peek().kind() == Kind.COMMA) {
                    next();
                    values.add(value());
                }
            }
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new SyntaxError("expected ',' or ')' in the list of values", close.pos());
            }
            return new FalcoExpr.Check(name, arg, o, values, true, field.pos());
        }
        values.add(value());
        return new FalcoExpr.Check(name, arg, o, values, false, field.pos());
    }

    private FalcoExpr.Operand value() throws SyntaxError {
        Token t = next();
        if (t.kind() == Kind.STRING || t.kind() == Kind.WORD) {
            return new FalcoExpr.Operand(t.text(), t.kind() == Kind.STRING, t.pos());
        }
        throw new SyntaxError(t.kind() == Kind.END ? "missing value at the end of the condition"
                : "expected a value, found '" + t.text() + "'", t.pos());
    }
}
