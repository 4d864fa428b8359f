package io.keelwatch.rule.compile;

import io.keelwatch.rule.parse.ListDef;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands lists: an unquoted item that is the name of another list is replaced by that list's items
 * (recursively). A list that includes itself is an error.
 */
public final class ListResolver {
    private final Map<String, ListDef> defs;
    private final Problems p;
    private final Map<String, List<YNode.Scalar>> done = new LinkedHashMap<>();

    private ListResolver(Map<String, ListDef> defs, Problems p) {
        this.defs = defs;
        this.p = p;
    }

    /** The expanded items of every list (lists in a cycle are left out after reporting it). */
    public static Map<String, List<YNode.Scalar>> resolve(Map<String, ListDef> defs, Problems p) {
        ListResolver r = new ListResolver(defs, p);
        for (String name : defs.keySet()) {
            r.expand(name, new ArrayDeque<>());
        }
        return r.done;
    }

    private List<YNode.Scalar> expand(String name, Deque<String> stack) {
        List<YNode.Scalar> cached = done.get(name);
        if (cached != null) {
            return cached;
        }
        ListDef d = defs.get(name);
        stack.push(name);
        List<YNode.Scalar> out = new ArrayList<>();
        boolean ok = true;
        for (YNode.Scalar s : d.items()) {
            String v = s.value();
            if (!s.quoted() && defs.containsKey(v)) {
                if (stack.contains(v)) {
                    List<String> cycle = new ArrayList<>(stack);
                    java.util.Collections.reverse(cycle);
                    p.error(s.loc(), "list '" + v + "' includes itself: " + String.join(" -> ", cycle) + " -> " + v);
                    ok = false;
                    continue;
                }
                List<YNode.Scalar> sub = expand(v, stack);
                if (sub == null) {
                    ok = false;
                } else {
                    out.addAll(sub);
                }
            } else {
                out.add(s);
            }
        }
        stack.pop();
        if (!ok) {
            return null;
        }
        done.put(name, List.copyOf(out));
        return done.get(name);
    }
}
