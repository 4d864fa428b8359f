package io.keelwatch.rule.sigma;

import io.keelwatch.rule.sigma.SigmaConditionLexer.Kind;
import io.keelwatch.rule.sigma.SigmaConditionLexer.SyntaxError;
import io.keelwatch.rule.sigma.SigmaConditionLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses a Sigma condition. Binding from loosest to tightest: {@code or}, {@code and}, {@code not}, {@code x of},
 * parentheses. {@code x} is {@code 1}, {@code any}, {@code all} or a count; the target is {@code them} or an
 * identifier pattern ({@code selection_*}). The obsolete aggregation syntax ({@code | count() ...}) and
 * {@code near} are refused with a pointer to correlation rules.
 */
final class SigmaConditionParser {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "of", "them");

    private final List<Token> toks;
    private int i;

    private SigmaConditionParser(List<Token> toks) {
        this.toks = toks;
    }

    static SigmaExpr parse(String text) throws SyntaxError {
        SigmaConditionParser p = new SigmaConditionParser(SigmaConditionLexer.lex(text));
        if (p.peek().kind() == Kind.END) {
            throw new SyntaxError("empty condition", 0);
        }
        SigmaExpr e = p.or();
        Token t = p.peek();
        if (t.kind() == Kind.PIPE) {
            throw new SyntaxError("the aggregation syntax ('| count() ...') is obsolete since Sigma 2.0; write a "
                    + "correlation rule instead", t.pos());
        }
        if (t.kind() != Kind.END) {
            throw new SyntaxError("unexpected '" + t.text() + "'", t.pos());
        }
        return e;
    }

    private Token peek() {
        return toks.get(i);
    }

    private Token next() {
        return toks.get(i++);
    }

    private SigmaExpr or() throws SyntaxError {
        int pos = peek().pos();
        List<SigmaExpr> terms = new ArrayList<>(List.of(and()));
        while (peek().is("or")) {
            next();
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new SigmaExpr.Or(terms, pos);
    }

    private SigmaExpr and() throws SyntaxError {
        int pos = peek().pos();
        List<SigmaExpr> terms = new ArrayList<>(List.of(not()));
        while (peek().is("and")) {
            next();
            terms.add(not());
        }
        return terms.size() == 1 ? terms.get(0) : new SigmaExpr.And(terms, pos);
    }

    private SigmaExpr not() throws SyntaxError {
        if (peek().is("not")) {
            Token t = next();
            return new SigmaExpr.Not(not(), t.pos());
        }
        return primary();
    }

    private SigmaExpr primary() throws SyntaxError {
        Token t = next();
        if (t.kind() == Kind.LPAREN) {
            SigmaExpr e = or();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw new SyntaxError("expected ')'", close.pos());
            }
            return e;
        }
        if (t.kind() != Kind.WORD || KEYWORDS.contains(t.text())) {
            throw new SyntaxError(t.kind() == Kind.END ? "condition ends too early" : "unexpected '" + t.text() + "'",
                    t.pos());
        }
        if (t.is("near")) {
            throw new SyntaxError("'near' is obsolete since Sigma 2.0; write a temporal correlation rule instead",
                    t.pos());
        }
        if (peek().is("of")) {
            int count = t.is("all") ? -1 : t.is("any") ? 1 : count(t);
            next();
            Token target = next();
            if (target.kind() != Kind.WORD || !target.is("them") && KEYWORDS.contains(target.text())) {
                throw new SyntaxError("expected 'them' or an identifier pattern after 'of'", target.pos());
            }
            return new SigmaExpr.Quantified(count, target.text(), t.pos());
        }
        if (t.is("all") || t.is("any")) {
            throw new SyntaxError("'" + t.text() + "' must be followed by 'of'", t.pos());
        }
        if (t.text().contains("*")) {
            throw new SyntaxError("pattern '" + t.text() + "' needs '1 of' or 'all of'", t.pos());
        }
        return new SigmaExpr.Ident(t.text(), t.pos());
    }

    private static int count(Token t) throws SyntaxError {
        if (!t.text().matches("[1-9][0-9]{0,5}")) {
            throw new SyntaxError("expected 1, any, all or a count before 'of', not '" + t.text() + "'", t.pos());
        }
        return Integer.parseInt(t.text());
    }
}
