package io.keelwatch.rule.falco;

import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lists, macros and rules of a set of Falco files after every append and override was applied. */
final class FalcoDefs {
    record ListDef(String name, List<YNode.Scalar> items, Loc loc) {
    }

    record MacroDef(String name, LocatedString condition, Loc loc) {
    }

    /** One exception of a rule: {@code fields} is a scalar (one field) or a list; {@code values} its rows. */
    record ExceptionDef(String name, Loc loc, YNode fields, YNode comps, List<YNode> values) {
    }

    /** A rule as merged from its definition and later changes. */
    static final class RuleDef {
        final String name;
        final Loc loc;
        LocatedString condition;
        LocatedString output;
        String desc = "";
        YNode.Scalar priority;
        String source = "syscall";
        Loc sourceLoc;
        List<String> tags = new ArrayList<>();
        boolean enabled = true;
        boolean skipIfUnknownFilter;
        List<ExceptionDef> exceptions = new ArrayList<>();

        RuleDef(String name, Loc loc) {
            this.name = name;
            this.loc = loc;
        }
    }

    final Map<String, ListDef> lists = new LinkedHashMap<>();
    final Map<String, MacroDef> macros = new LinkedHashMap<>();
    final Map<String, RuleDef> rules = new LinkedHashMap<>();

    /** Every list with list names among its (unquoted) items replaced by their items, recursively. */
    Map<String, List<String>> expandedLists() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String n : lists.keySet()) {
            out.put(n, expand(n, new ArrayList<>()));
        }
        return out;
    }

    private List<String> expand(String name, List<String> stack) {
        List<String> out = new ArrayList<>();
        if (stack.contains(name)) {
            return out;
        }
        stack.add(name);
        for (YNode.Scalar s : lists.get(name).items()) {
            if (!s.quoted() && lists.containsKey(s.value())) {
                out.addAll(expand(s.value(), stack));
            } else {
                out.add(s.value());
            }
        }
        stack.remove(stack.size() - 1);
        return out;
    }
}
