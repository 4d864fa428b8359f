package io.keelwatch.rule.compile;

import io.keelwatch.rule.parse.ConditionParser;
import io.keelwatch.rule.parse.ConditionSyntaxException;
import io.keelwatch.rule.parse.Expr;
import io.keelwatch.rule.parse.MacroDef;
import io.keelwatch.rule.parse.Problems;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses every macro (used or not), reports references to unknown macros, and rejects recursion: a macro that uses itself, directly or through
 * others. Macros with errors are left out of the result; {@link #defined} still knows them so that rules using
 * them don't report a second, misleading "unknown macro".
 */
public final class MacroResolver {
    /** A macro with its parsed condition. */
    public record Parsed(MacroDef def, Expr expr) {
    }

    /** The usable macros and the names of all defined macros (usable or not). */
    public record Result(Map<String, Parsed> macros, java.util.Set<String> defined) {
    }

    private MacroResolver() {
    }

    public static Result resolve(Map<String, MacroDef> defs, Problems p) {
        Map<String, Parsed> parsed = new LinkedHashMap<>();
        for (MacroDef d : defs.values()) {
            try {
                parsed.put(d.name(), new Parsed(d, ConditionParser.parse(d.condition().value())));
            } catch (ConditionSyntaxException e) {
                p.error(d.condition().loc(e.offset()), "in macro '" + d.name() + "': " + e.getMessage());
            }
        }
        Map<String, Integer> state = new HashMap<>();
        List<String> bad = new ArrayList<>();
        for (String name : parsed.keySet()) {
            visit(name, parsed, defs.keySet(), state, new ArrayList<>(), bad, p);
        }
        bad.forEach(parsed::remove);
        return new Result(Collections.unmodifiableMap(parsed), Collections.unmodifiableSet(defs.keySet()));
    }

    /** Depth-first search; state 1 = on the stack, 2 = done. */
    private static void visit(String name, Map<String, Parsed> parsed, java.util.Set<String> defined,
                              Map<String, Integer> state, List<String> path, List<String> bad, Problems p) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        state.put(name, 1);
        path.add(name);
        Parsed m = parsed.get(name);
        for (Expr.MacroRef ref : refs(m.expr(), new ArrayList<>())) {
            if (!parsed.containsKey(ref.name())) {
                if (!defined.contains(ref.name())) {
                    p.error(m.def().condition().loc(ref.start()), ConditionCompiler.unknownMacro(ref.name()));
                }
                continue;
            }
            Integer rs = state.get(ref.name());
            if (rs != null && rs == 1) {
                int from = path.indexOf(ref.name());
                List<String> cycle = new ArrayList<>(path.subList(from, path.size()));
                cycle.add(ref.name());
                p.error(m.def().condition().loc(ref.start()), "macro recursion: " + String.join(" -> ", cycle));
                bad.addAll(cycle);
                continue;
            }
            visit(ref.name(), parsed, defined, state, path, bad, p);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    /** The macro references in an expression, in order. */
    public static List<Expr.MacroRef> refs(Expr e, List<Expr.MacroRef> out) {
        if (e instanceof Expr.MacroRef m) {
            out.add(m);
        } else if (e instanceof Expr.And a) {
            a.terms().forEach(t -> refs(t, out));
        } else if (e instanceof Expr.Or o) {
            o.terms().forEach(t -> refs(t, out));
        } else if (e instanceof Expr.Not n) {
            refs(n.expr(), out);
        }
        return out;
    }
}
