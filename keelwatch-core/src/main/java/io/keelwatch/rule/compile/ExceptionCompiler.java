package io.keelwatch.rule.compile;

import io.keelwatch.rule.parse.ExceptionDef;
import io.keelwatch.rule.parse.Op;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a rule's exceptions. A field-tuple exception becomes "any row where every field compares true";
 * a value written as a list is an any-of operand (for {@code in}, {@code cidr} and the text operators), and an
 * unquoted value that names a list stands for its items.
 */
public final class ExceptionCompiler {
    /**
     * A compiled exception; {@code text} is what it was compiled from, written out without positions (equal for
     * equal definitions), or null when unknown.
     */
    public record Named(String name, Cond cond, String text) {
        public Named(String name, Cond cond) {
            this(name, cond, null);
        }
    }

    /** An exception's definition as text: name, fields, operators and values, or its condition. */
    static String text(ExceptionDef d) {
        StringBuilder b = new StringBuilder(d.name()).append('|');
        if (d.isCondition()) {
            return b.append("condition|").append(d.condition().value()).toString();
        }
        d.fields().forEach(f -> b.append(f.value()).append(','));
        b.append('|');
        d.comps().forEach(c -> b.append(c.value()).append(','));
        b.append('|').append(d.single()).append('|');
        d.rows().forEach(row -> {
            row.forEach(v -> text(v, b.append(';')));
            b.append('/');
        });
        return b.toString();
    }

    private static void text(YNode n, StringBuilder b) {
        if (n instanceof YNode.Scalar s) {
            b.append(s.quoted() ? '"' : '\'').append(s.value().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append(s.quoted() ? '"' : '\'');
        } else if (n instanceof YNode.Seq q) {
            b.append('[');
            q.items().forEach(x -> text(x, b.append(',')));
            b.append(']');
        } else if (n instanceof YNode.Map m) {
            b.append('{');
            m.entries().forEach(e -> text(e.value(), b.append(e.key()).append(':')));
            b.append('}');
        }
    }

    private final ConditionCompiler cc;
    private final java.util.Map<String, List<YNode.Scalar>> lists;
    private final Problems p;

    public ExceptionCompiler(ConditionCompiler cc, java.util.Map<String, List<YNode.Scalar>> lists, Problems p) {
        this.cc = cc;
        this.lists = lists;
        this.p = p;
    }

    /** Compiles one exception in the context of a rule's sources; null after reporting errors. */
    public Named compile(ExceptionDef d, List<String> sources, String ruleId) {
        String what = "exception '" + d.name() + "' of rule '" + ruleId + "'";
        if (d.isCondition()) {
            Cond c = cc.compileText(d.condition(), sources, "in " + what);
            return c == null ? null : new Named(d.name(), c, text(d));
        }
        List<Op> ops = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < d.fields().size(); i++) {
            YNode.Scalar comp = d.comps().isEmpty() ? null : d.comps().get(i);
            Op op = comp == null ? Op.EQ : Op.fromText(comp.value());
            if (op == null || op == Op.EXISTS) {
                p.error(comp == null ? d.loc() : comp.loc(), "unknown comparison '" + (comp == null ? "" : comp.value())
                        + "' in " + what + " (use =, !=, <, <=, >, >=, in, contains, icontains, startswith, "
                        + "endswith, glob, regex, cidr, iequals)");
                ok = false;
            }
            ops.add(op);
        }
        if (!ok) {
            return null;
        }
        List<Cond> rows = new ArrayList<>();
        for (List<YNode> row : d.rows()) {
            List<Cond> terms = new ArrayList<>();
            StringBuilder label = new StringBuilder();
            for (int i = 0; i < d.fields().size(); i++) {
                YNode.Scalar field = d.fields().get(i);
                YNode value = row.get(i);
                List<ConditionCompiler.Lit> lits = new ArrayList<>();
                boolean listOperand = literals(value, ops.get(i), lits);
                String term = field.value() + " " + ops.get(i).text() + " " + display(value);
                label.append(label.length() == 0 ? "" : " and ").append(term);
                Cond c = cc.predicate(field.value(), field.loc(), false, ops.get(i), lits, listOperand, term,
                        sources);
                ok &= c != null;
                terms.add(c);
            }
            if (ok) {
                rows.add(terms.size() == 1 ? terms.get(0) : new Conds.And(label.toString(), terms));
            }
        }
        if (!ok) {
            return null;
        }
        return new Named(d.name(), new Conds.Or("exception " + d.name(), rows), text(d));
    }

    /** Adds the literal(s) of one value node; returns true when the value is a list (any-of). */
    private boolean literals(YNode value, Op op, List<ConditionCompiler.Lit> out) {
        if (value instanceof YNode.Seq seq) {
            for (YNode n : seq.items()) {
                if (n instanceof YNode.Scalar s) {
                    scalar(s, out, true);
                } else {
                    p.error(n.loc(), "exception values nest at most one list deep");
                }
            }
            return true;
        }
        if (value instanceof YNode.Scalar s) {
            boolean isList = op.acceptsList() && !s.quoted() && lists.containsKey(s.value());
            scalar(s, out, isList);
            return isList || op == Op.IN;
        }
        p.error(value.loc(), "an exception value must be a value or a list of values, found " + value.shape());
        return true;
    }

    private void scalar(YNode.Scalar s, List<ConditionCompiler.Lit> out, boolean expandLists) {
        List<YNode.Scalar> items = expandLists && !s.quoted() ? lists.get(s.value()) : null;
        if (items != null) {
            items.forEach(i -> out.add(new ConditionCompiler.Lit(i.value(), i.loc(), i.quoted())));
        } else {
            out.add(new ConditionCompiler.Lit(s.value(), s.loc(), s.quoted()));
        }
    }

    private static String display(YNode n) {
        if (n instanceof YNode.Seq s) {
            List<String> parts = new ArrayList<>();
            s.items().forEach(i -> parts.add(i instanceof YNode.Scalar sc ? sc.value() : "?"));
            return "(" + String.join(", ", parts) + ")";
        }
        return n instanceof YNode.Scalar sc ? sc.value() : "?";
    }
}
