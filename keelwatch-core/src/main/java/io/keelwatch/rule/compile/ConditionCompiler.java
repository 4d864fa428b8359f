package io.keelwatch.rule.compile;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.parse.ConditionParser;
import io.keelwatch.rule.parse.ConditionSyntaxException;
import io.keelwatch.rule.parse.Expr;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.Op;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles conditions into {@link Cond} trees: macros are inlined, lists expanded, field paths parsed and
 * type-checked against the rule's sources, regexes, globs and networks compiled once. Errors go to
 * {@link Problems} (all of them, not just the first); a condition with errors compiles to null.
 */
public final class ConditionCompiler {
    /** A literal operand with where it was written (inline in the condition, or as a list item). */
    public record Lit(String text, Loc loc, boolean quoted) {
    }

    private final MacroResolver.Result macros;
    private final Map<String, List<YNode.Scalar>> lists;
    private final Set<String> definedLists;
    private final Problems p;

    public ConditionCompiler(MacroResolver.Result macros, Map<String, List<YNode.Scalar>> lists,
                             Set<String> definedLists, Problems p) {
        this.macros = macros;
        this.lists = lists;
        this.definedLists = definedLists;
        this.p = p;
    }

    /** Parses and compiles {@code text}; {@code what} prefixes syntax errors (e.g. "in rule 'x'"). */
    public Cond compileText(LocatedString text, List<String> sources, String what) {
        Expr e;
        try {
            e = ConditionParser.parse(text.value());
        } catch (ConditionSyntaxException ex) {
            p.error(text.loc(ex.offset()), what + ": " + ex.getMessage());
            return null;
        }
        return compile(e, text, sources, new ArrayDeque<>());
    }

    private Cond compile(Expr e, LocatedString text, List<String> sources, Deque<String> stack) {
        String label = label(text, e.start(), e.end());
        if (e instanceof Expr.And a) {
            List<Cond> terms = compileAll(a.terms(), text, sources, stack);
            return terms == null ? null : new Conds.And(label, terms);
        }
        if (e instanceof Expr.Or o) {
            List<Cond> terms = compileAll(o.terms(), text, sources, stack);
            return terms == null ? null : new Conds.Or(label, terms);
        }
        if (e instanceof Expr.Not n) {
            Cond inner = compile(n.expr(), text, sources, stack);
            return inner == null ? null : new Conds.Not(label, inner);
        }
        if (e instanceof Expr.MacroRef m) {
            return macro(m, text, sources, stack);
        }
        return compare((Expr.Compare) e, text, sources, label);
    }

    private List<Cond> compileAll(List<Expr> es, LocatedString text, List<String> sources, Deque<String> stack) {
        List<Cond> out = new ArrayList<>();
        boolean ok = true;
        for (Expr x : es) {
            Cond c = compile(x, text, sources, stack);
            ok &= c != null;
            out.add(c);
        }
        return ok ? out : null;
    }

    private Cond macro(Expr.MacroRef m, LocatedString text, List<String> sources, Deque<String> stack) {
        MacroResolver.Parsed def = macros.macros().get(m.name());
        if (def == null) {
            if (!macros.defined().contains(m.name())) {
                p.error(text.loc(m.start()), unknownMacro(m.name()));
            }
            return null;
        }
        if (stack.contains(m.name())) {
            p.error(text.loc(m.start()), "macro recursion through '" + m.name() + "'");
            return null;
        }
        stack.push(m.name());
        Cond inner = compile(def.expr(), def.def().condition(), sources, stack);
        stack.pop();
        return inner == null ? null : new Conds.Macro(m.name(), inner);
    }

    private Cond compare(Expr.Compare c, LocatedString text, List<String> sources, String label) {
        Expr.FieldRef f = c.field();
        Loc fieldLoc = text.loc(f.start());
        if (c.op() == Op.EXISTS) {
            FieldChecker.Resolved r = FieldChecker.resolve(f.path(), fieldLoc, sources, p);
            return r == null ? null : new Conds.Exists(label, r.path());
        }
        List<Lit> lits = new ArrayList<>();
        boolean ok = true;
        boolean listOperand = !(c.operand() instanceof Expr.Value);
        if (c.operand() instanceof Expr.Value v) {
            lits.add(new Lit(v.text(), text.loc(v.start()), v.quoted()));
        } else if (c.operand() instanceof Expr.ValueList l) {
            for (Expr.Value v : l.items()) {
                if (!v.quoted() && definedLists.contains(v.text())) {
                    ok &= addList(v.text(), lits);
                } else {
                    lits.add(new Lit(v.text(), text.loc(v.start()), v.quoted()));
                }
            }
        } else {
            Expr.ListName n = (Expr.ListName) c.operand();
            if (!definedLists.contains(n.name())) {
                p.error(text.loc(n.start()), "unknown list '" + n.name() + "'");
                ok = false;
            } else {
                ok = addList(n.name(), lits);
            }
        }
        Cond out = predicate(f.path(), fieldLoc, f.all(), c.op(), lits, listOperand, label, sources);
        return ok ? out : null;
    }

    private boolean addList(String name, List<Lit> lits) {
        List<YNode.Scalar> items = lists.get(name);
        if (items == null) {
            return false; // the list itself has an error, already reported
        }
        for (YNode.Scalar s : items) {
            lits.add(new Lit(s.value(), s.loc(), s.quoted()));
        }
        return true;
    }

    /**
     * A comparison of a field with literal operands ({@code listOperand} when written as a list: any-of).
     * Shared by conditions and exceptions.
     */
    public Cond predicate(String field, Loc fieldLoc, boolean all, Op op, List<Lit> lits, boolean listOperand,
                          String label, List<String> sources) {
        FieldChecker.Resolved r = FieldChecker.resolve(field, fieldLoc, sources, p);
        if (r == null) {
            return null;
        }
        if (op == Op.EXISTS) {
            return new Conds.Exists(label, r.path());
        }
        if (!FieldChecker.checkOp(r, field, op.text(), op.isOrdering(), op.isText(), op == Op.CIDR,
                op == Op.EQ || op == Op.NE || op == Op.IN, fieldLoc, p)) {
            return null;
        }
        if (listOperand && !op.acceptsList()) {
            p.error(fieldLoc, "'" + op.text() + "' takes one value; use 'in (a, b, ...)' to compare with several");
            return null;
        }
        if (lits.isEmpty()) {
            return new Conds.Const(label, false);
        }
        List<ValueTest> tests = new ArrayList<>();
        boolean ok = true;
        switch (op) {
            case EQ, NE -> {
                Lit l = lits.get(0);
                ok = FieldChecker.checkLiteral(r, field, l.text(), l.loc(), p);
                return ok ? new Conds.Compare(label, r.path(), all, ValueTests.equalTo(l.text()), op == Op.NE,
                        Set.of(l.text())) : null;
            }
            case LT, LE, GT, GE -> {
                Lit l = lits.get(0);
                Double bound = Values.parseNumber(l.text());
                if (bound == null) {
                    p.error(l.loc(), "'" + op.text() + "' needs a number, found '" + l.text() + "'");
                    return null;
                }
                return new Conds.Compare(label, r.path(), all, ValueTests.ordering(op.text(), bound), false, null);
            }
            case IN -> {
                Set<String> set = new LinkedHashSet<>();
                for (Lit l : lits) {
                    ok &= FieldChecker.checkLiteral(r, field, l.text(), l.loc(), p);
                    set.add(l.text());
                }
                return ok ? new Conds.Compare(label, r.path(), all, ValueTests.in(set), false,
                        Set.copyOf(set)) : null;
            }
            case CIDR -> {
                List<Cidr> nets = new ArrayList<>();
                for (Lit l : lits) {
                    try {
                        nets.add(Cidr.parse(l.text()));
                    } catch (IllegalArgumentException e) {
                        p.error(l.loc(), "bad cidr: " + e.getMessage());
                        ok = false;
                    }
                }
                tests.add(ValueTests.cidr(nets));
            }
            default -> {
                for (Lit l : lits) {
                    ValueTest t = textTest(op, l);
                    ok &= t != null;
                    tests.add(t);
                }
            }
        }
        if (!ok) {
            return null;
        }
        ValueTest t = ValueTests.anyOf(tests);
        if (op == Op.GLOB || op == Op.REGEX || op == Op.CIDR || tests.size() > 4) {
            t = new RememberedTest(t);
        }
        return new Conds.Compare(label, r.path(), all, t, false, null);
    }

    private ValueTest textTest(Op op, Lit l) {
        switch (op) {
            case CONTAINS:
                return ValueTests.contains(l.text());
            case ICONTAINS:
                return ValueTests.icontains(l.text());
            case STARTSWITH:
                return ValueTests.startsWith(l.text());
            case ENDSWITH:
                return ValueTests.endsWith(l.text());
            case IEQUALS:
                return ValueTests.iequals(l.text());
            case GLOB:
                try {
                    return ValueTests.glob(Glob.compile(l.text()));
                } catch (IllegalArgumentException e) {
                    p.error(l.loc(), "bad glob: " + e.getMessage());
                    return null;
                }
            case REGEX:
                try {
                    return ValueTests.regex(Pattern.compile(l.text()));
                } catch (PatternSyntaxException e) {
                    p.error(l.loc(), "bad regex '" + l.text() + "': " + e.getDescription());
                    return null;
                }
            default:
                throw new IllegalStateException("not a text operator: " + op);
        }
    }

    /** The message for a bare name that is no macro (with a hint when it looks like a field). */
    static String unknownMacro(String name) {
        boolean fieldLike = name.contains(".") || Fields.isKnown(name);
        return "unknown macro '" + name + "'" + (fieldLike
                ? " (to test a field, compare it: '" + name + " = true' or '" + name + " exists')" : "");
    }

    /** The source text of a node, whitespace collapsed. */
    public static String label(LocatedString text, int start, int end) {
        String v = text.value();
        int s = Math.max(0, Math.min(start, v.length()));
        int e = Math.max(s, Math.min(end, v.length()));
        return v.substring(s, e).replaceAll("\\s+", " ").trim();
    }
}
