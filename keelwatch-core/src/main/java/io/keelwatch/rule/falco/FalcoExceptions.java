package io.keelwatch.rule.falco;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Falco rule exceptions. Tuple form: {@code fields: [f1, f2]}, optional {@code comps: [=, in]} (default
 * {@code =}), {@code values: [[v1, v2], ...]} — the exception matches when, for some row, every field compares
 * true; a value written as a list is a list operand. Single-field form: {@code fields: f}, {@code comps: op}
 * (default {@code in}), {@code values: [v, ...]} — the exception is {@code f op (v, ...)}. Appending an exception
 * whose name the rule already has adds its rows.
 */
final class FalcoExceptions {
    private FalcoExceptions() {
    }

    static void merge(FalcoDefs.RuleDef r, YNode n, boolean append, Problems p) {
        List<FalcoDefs.ExceptionDef> parsed = new ArrayList<>();
        if (n instanceof YNode.Seq seq) {
            for (YNode x : seq.items()) {
                if (!(x instanceof YNode.Map m) || !(m.get("name") instanceof YNode.Scalar name)) {
                    p.error(x.loc(), "an exception of rule '" + r.name + "' is a mapping with a name");
                    continue;
                }
                List<YNode> values = new ArrayList<>();
                if (m.get("values") instanceof YNode.Seq vs) {
                    values.addAll(vs.items());
                } else if (m.has("values")) {
                    p.error(m.get("values").loc(), "'values' of exception '" + name.value() + "' must be a list");
                }
                parsed.add(new FalcoDefs.ExceptionDef(name.value(), m.loc(), m.get("fields"), m.get("comps"), values));
            }
        } else if (!(n instanceof YNode.Scalar s && s.isNull())) {
            p.error(n.loc(), "'exceptions' of rule '" + r.name + "' must be a list");
        }
        if (!append) {
            r.exceptions = new ArrayList<>();
        }
        for (FalcoDefs.ExceptionDef d : parsed) {
            int at = indexOf(r.exceptions, d.name());
            if (at >= 0 && append) {
                FalcoDefs.ExceptionDef old = r.exceptions.get(at);
                List<YNode> rows = new ArrayList<>(old.values());
                rows.addAll(d.values());
                r.exceptions.set(at, new FalcoDefs.ExceptionDef(old.name(), old.loc(), old.fields(), old.comps(), rows));
            } else {
                r.exceptions.add(d);
            }
        }
    }

    private static int indexOf(List<FalcoDefs.ExceptionDef> l, String name) {
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The exception as a condition; null after reporting errors. */
    static ExceptionCompiler.Named compile(FalcoDefs.ExceptionDef d, String rule, FalcoConditions cc, Problems p) {
        String what = "in exception '" + d.name() + "' of rule '" + rule + "'";
        if (d.fields() instanceof YNode.Scalar f) {
            String op = d.comps() instanceof YNode.Scalar c ? c.value() : "in";
            List<FalcoExpr.Operand> vals = new ArrayList<>();
            for (YNode v : d.values()) {
                if (!(v instanceof YNode.Scalar s)) {
                    p.error(v.loc(), "values of a single-field exception are plain values " + what);
                    return null;
                }
                vals.add(new FalcoExpr.Operand(s.value(), s.quoted(), 0));
            }
            Cond c = cc.term(f.value(), op, vals, FalcoParser.LIST_OPS.contains(op), f.loc(), what);
            return c == null ? null : new ExceptionCompiler.Named(d.name(), c);
        }
        if (!(d.fields() instanceof YNode.Seq fields)) {
            p.error(d.loc(), "exception needs 'fields' (a field or a list of fields) " + what);
            return null;
        }
        List<YNode> comps = d.comps() instanceof YNode.Seq cs ? cs.items() : List.of();
        if (!comps.isEmpty() && comps.size() != fields.items().size()) {
            p.error(d.comps().loc(), "'comps' must have one operator per field " + what);
            return null;
        }
        List<Cond> rows = new ArrayList<>();
        for (YNode row : d.values()) {
            if (!(row instanceof YNode.Seq r) || r.items().size() != fields.items().size()) {
                p.error(row.loc(), "each row of 'values' needs one value per field " + what);
                return null;
            }
            List<Cond> terms = new ArrayList<>();
            for (int i = 0; i < fields.items().size(); i++) {
                String op = comps.isEmpty() ? "=" : comps.get(i) instanceof YNode.Scalar s ? s.value() : "?";
                Cond t = term(fields.items().get(i), op, r.items().get(i), cc, p, what);
                if (t == null) {
                    return null;
                }
                terms.add(t);
            }
            rows.add(terms.size() == 1 ? terms.get(0) : new Conds.And("and", terms));
        }
        Cond c = rows.isEmpty() ? new Conds.Const("(no values)", false)
                : rows.size() == 1 ? rows.get(0) : new Conds.Or("or", rows);
        return new ExceptionCompiler.Named(d.name(), c);
    }

    private static Cond term(YNode field, String op, YNode value, FalcoConditions cc, Problems p, String what) {
        if (!(field instanceof YNode.Scalar f)) {
            p.error(field.loc(), "exception fields are field names " + what);
            return null;
        }
        List<FalcoExpr.Operand> vals = new ArrayList<>();
        boolean list = FalcoParser.LIST_OPS.contains(op);
        if (value instanceof YNode.Scalar s) {
            vals.add(new FalcoExpr.Operand(s.value(), s.quoted(), 0));
        } else if (value instanceof YNode.Seq seq && list) {
            for (YNode x : seq.items()) {
                if (x instanceof YNode.Scalar s) {
                    vals.add(new FalcoExpr.Operand(s.value(), s.quoted(), 0));
                }
            }
        } else {
            p.error(value.loc(), "a list of values needs 'in', 'intersects' or 'pmatch', not '" + op + "' " + what);
            return null;
        }
        return cc.term(f.value(), op, vals, list, f.loc(), what);
    }
}
