package io.keelwatch.rule.falco;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.compile.Glob;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles Falco conditions into the engine's condition nodes: macros are inlined (compiled once, on first use,
 * with errors reported inside the macro's own text), list names among unquoted list items are replaced by the
 * list's items, fields and operators are checked against {@link FalcoFields}.
 */
final class FalcoConditions {
    private final Map<String, List<String>> lists;
    private final Map<String, LocatedString> macros;
    private final Problems p;
    private final Map<String, Cond> compiledMacros = new HashMap<>();
    private final Deque<String> expanding = new ArrayDeque<>();

    FalcoConditions(Map<String, List<String>> lists, Map<String, LocatedString> macros, Problems p) {
        this.lists = lists;
        this.macros = macros;
        this.p = p;
    }

    /** The condition as a node, or null after reporting errors ({@code what} names the rule or exception). */
    Cond compile(LocatedString text, String what) {
        FalcoExpr e;
        try {
            e = FalcoParser.parse(text.value());
        } catch (FalcoLexer.SyntaxError ex) {
            p.error(text.loc(ex.pos), "Falco condition syntax error " + what + ": " + ex.getMessage());
            return null;
        }
        return node(e, text, what);
    }

    private Cond node(FalcoExpr e, LocatedString text, String what) {
        if (e instanceof FalcoExpr.And a) {
            List<Cond> terms = terms(a.terms(), text, what);
            return terms == null ? null : new Conds.And("and", terms);
        }
        if (e instanceof FalcoExpr.Or o) {
            List<Cond> terms = terms(o.terms(), text, what);
            return terms == null ? null : new Conds.Or("or", terms);
        }
        if (e instanceof FalcoExpr.Not n) {
            Cond inner = node(n.inner(), text, what);
            return inner == null ? null : new Conds.Not("not", inner);
        }
        if (e instanceof FalcoExpr.MacroRef m) {
            return macro(m, text, what);
        }
        return check((FalcoExpr.Check) e, text, what);
    }

    private List<Cond> terms(List<FalcoExpr> es, LocatedString text, String what) {
        List<Cond> out = new ArrayList<>();
        boolean ok = true;
        for (FalcoExpr x : es) {
            Cond c = node(x, text, what);
            ok &= c != null;
            out.add(c);
        }
        return ok ? out : null;
    }

    private Cond macro(FalcoExpr.MacroRef m, LocatedString text, String what) {
        String name = m.name();
        if (compiledMacros.containsKey(name)) {
            Cond c = compiledMacros.get(name);
            return c == null ? null : new Conds.Macro(name, c);
        }
        LocatedString body = macros.get(name);
        if (body == null) {
            p.error(text.loc(m.pos()), "undefined macro '" + name + "' " + what
                    + (lists.containsKey(name) ? " ('" + name + "' is a list: use it as '... in (" + name + ")')" : ""));
            return null;
        }
        if (expanding.contains(name)) {
            p.error(text.loc(m.pos()), "macro '" + name + "' refers to itself (via " + String.join(" -> ", expanding)
                    + ")");
            return null;
        }
        expanding.push(name);
        Cond c;
        try {
            c = compile(body, "in macro '" + name + "'");
        } finally {
            expanding.pop();
        }
        compiledMacros.put(name, c);
        return c == null ? null : new Conds.Macro(name, c);
    }

    private Cond check(FalcoExpr.Check c, LocatedString text, String what) {
        FalcoFields.FalcoField f = FalcoFields.lookup(c.field());
        if (f == null) {
            p.error(text.loc(c.pos()), "unknown Falco field '" + c.field() + "' " + what
                    + " (Keelwatch reads the k8s_audit fields ka.*, jevt.* and json.*)");
            return null;
        }
        String arg = c.arg();
        switch (f.arg()) {
            case NONE -> {
                if (arg != null) {
                    p.error(text.loc(c.pos()), "field '" + c.field() + "' takes no argument " + what);
                    return null;
                }
            }
            case KEY, POINTER -> {
                if (arg == null || arg.isEmpty()) {
                    p.error(text.loc(c.pos()), "field '" + c.field() + "' needs an argument, like " + c.field()
                            + (f.arg() == FalcoFields.Arg.POINTER ? "[/a/b] " : "[name] ") + what);
                    return null;
                }
                if (f.arg() == FalcoFields.Arg.POINTER && !FalcoJson.validPointer(arg)) {
                    p.error(text.loc(c.pos()), "'" + arg + "' is not a JSON pointer (RFC 6901: /key/0/a~1b) " + what);
                    return null;
                }
            }
            default -> {
            }
        }
        String op = c.op();
        if (f.list() && !FalcoCheck.LIST_FIELD_OPS.contains(op)) {
            p.error(text.loc(c.pos()), "list field '" + c.field() + "' supports only in, intersects, exists and (as in "
                    + "Falco's older engine) contains, =, !=; not '" + op + "' " + what);
            return null;
        }
        List<String> values = expand(c.values());
        String label = label(c, values);
        try {
            if (op.equals("glob") || op.equals("iglob")) {
                Glob.compile(values.get(0));
            } else if (op.equals("regex")) {
                Pattern.compile(values.get(0));
            }
        } catch (IllegalArgumentException | PatternSyntaxException ex) {
            p.error(text.loc(c.values().get(0).pos()), "bad " + op + " pattern " + what + ": " + ex.getMessage());
            return null;
        }
        return new FalcoCheck(label, f, arg, op, values);
    }

    /** One comparison built from an exception's field, operator and values (errors reported at {@code loc}). */
    Cond term(String fieldText, String op, List<FalcoExpr.Operand> values, boolean listOperand, Loc loc, String what) {
        String field = fieldText;
        String arg = null;
        int b = field.indexOf('[');
        if (b > 0 && field.endsWith("]")) {
            arg = field.substring(b + 1, field.length() - 1);
            field = field.substring(0, b);
        }
        String o = op.equals("==") ? "=" : op;
        if (!FalcoParser.WORD_OPS.contains(o) && !List.of("=", "!=", "<", "<=", ">", ">=").contains(o)
                || o.equals("exists")) {
            p.error(loc, "unknown comparison '" + op + "' " + what);
            return null;
        }
        if (values.isEmpty() && !listOperand) {
            p.error(loc, "no value for '" + fieldText + " " + op + "' " + what);
            return null;
        }
        return check(new FalcoExpr.Check(field, arg, o, values, listOperand, 0), LocatedString.at(fieldText, loc),
                what);
    }

    /** Unquoted items naming a list become the list's items. */
    private List<String> expand(List<FalcoExpr.Operand> values) {
        List<String> out = new ArrayList<>();
        for (FalcoExpr.Operand v : values) {
            List<String> items = v.quoted() ? null : lists.get(v.text());
            if (items != null) {
                out.addAll(items);
            } else {
                out.add(v.text());
            }
        }
        return out;
    }

    private static String label(FalcoExpr.Check c, List<String> values) {
        String f = c.field() + (c.arg() == null ? "" : "[" + c.arg() + "]");
        if (c.op().equals("exists")) {
            return f + " exists";
        }
        if (c.listOperand()) {
            String items = String.join(", ", values.size() > 20 ? values.subList(0, 20) : values);
            return f + " " + c.op() + " (" + items + (values.size() > 20 ? ", ..." : "") + ")";
        }
        return f + " " + c.op() + " " + values.get(0);
    }
}
