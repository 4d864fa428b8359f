package io.keelwatch.rule;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an event must show for a condition to hold, found from the compiled condition: a list of clauses that must
 * all be met, each met when the event has one of its keys. A key is a normalized field with one of some values
 * ({@code orchestrator.verb} in (create, update)) or with any value at all ({@code process.command_line} has one).
 * {@link RuleIndex} tests the keys of all rules at once, by hash lookups of the event's values, and a rule's
 * condition is then tested only for events that meet all of its clauses.
 *
 * <p>The clauses are implied by the condition, never more: {@code a and b} needs the clauses of both;
 * {@code a or b} needs clauses made of a clause of each (when each has one); a positive comparison of a
 * normalized field needs the field (with one of the literal values for {@code =} and {@code in}); {@code exists}
 * needs the field; {@code not} and anything else need nothing. A rule with no clause is tested for every event.
 */
final class Guards {
    /** Numeric literals are looked up only in the form a whole number prints as, so that text lookup is exact. */
    static final Pattern CANONICAL_NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,14})");
    /** At most this many clauses are kept per rule (equality clauses first). */
    static final int MAX_CLAUSES = 4;

    private Guards() {
    }

    /**
     * One clause: field to the values that meet it, a null set meaning any value. Met when the event has a key.
     */
    record Clause(Map<String, Set<String>> keys) {
        boolean onlyValues() {
            return !keys.containsValue(null);
        }

        int size() {
            int n = 0;
            for (Set<String> v : keys.values()) {
                n += v == null ? 1000 : v.size();
            }
            return n;
        }
    }

    /** The clauses a rule's condition implies, equality clauses and smaller ones first, at most {@link #MAX_CLAUSES}. */
    static List<Clause> of(Cond c) {
        List<Clause> all = new ArrayList<>(clauses(c));
        all.sort(Comparator.comparing((Clause k) -> !k.onlyValues()).thenComparingInt(Clause::size));
        return all.size() > MAX_CLAUSES ? List.copyOf(all.subList(0, MAX_CLAUSES)) : List.copyOf(all);
    }

    private static List<Clause> clauses(Cond c) {
        if (c instanceof Conds.Macro m) {
            return clauses(m.inner());
        }
        if (c instanceof Conds.And a) {
            List<Clause> out = new ArrayList<>();
            for (Cond t : a.terms()) {
                out.addAll(clauses(t));
            }
            return out;
        }
        if (c instanceof Conds.Or o) {
            return either(o);
        }
        if (c instanceof Conds.Compare k && !k.negate() && k.path().isPlain()) {
            String field = k.path().normalizedField();
            Set<String> values = k.literals() != null && !k.all() && exact(k.literals()) ? Set.copyOf(k.literals()) : null;
            return List.of(one(field, values));
        }
        if (c instanceof Conds.Exists x && x.path().isPlain()) {
            return List.of(one(x.path().normalizedField(), null));
        }
        return List.of();
    }

    /**
     * The clauses of an {@code or}: when a branch holds, each of its clauses is met, so a clause made of one clause of
     * every branch is implied. The j-th is made of each branch's j-th (its last when it has fewer): with branches
     * {@code resource = pods and subresource in (exec, attach)} and {@code action = exec_create}, both
     * {@code resource = pods or action = exec_create} and {@code subresource in (exec, attach) or action =
     * exec_create}, so that reading pods does not make the rule a candidate. None when a branch has none.
     */
    private static List<Clause> either(Conds.Or o) {
        List<List<Clause>> branches = new ArrayList<>();
        int most = 0;
        for (Cond t : o.terms()) {
            List<Clause> branch = of(t);
            if (branch.isEmpty()) {
                return List.of();
            }
            branches.add(branch);
            most = Math.max(most, branch.size());
        }
        Set<Clause> out = new LinkedHashSet<>();
        for (int j = 0; j < most; j++) {
            Map<String, Set<String>> merged = new LinkedHashMap<>();
            for (List<Clause> branch : branches) {
                branch.get(Math.min(j, branch.size() - 1)).keys().forEach((f, v) -> merge(merged, f, v));
            }
            out.add(new Clause(merged));
        }
        return List.copyOf(out);
    }

    private static Clause one(String field, Set<String> values) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put(field, values);
        return new Clause(m);
    }

    /** Adds a field's keys to a clause under construction; any value absorbs particular values. */
    private static void merge(Map<String, Set<String>> into, String field, Set<String> values) {
        if (!into.containsKey(field)) {
            into.put(field, values == null ? null : new HashSet<>(values));
        } else if (into.get(field) != null) {
            if (values == null) {
                into.put(field, null);
            } else {
                into.get(field).addAll(values);
            }
        }
    }

    /** False when a literal is a number in a form other than the one a whole number prints as. */
    private static boolean exact(Set<String> literals) {
        for (String s : literals) {
            if (Values.parseNumber(s) != null && !CANONICAL_NUMBER.matcher(s).matches()) {
                return false;
            }
        }
        return !literals.isEmpty();
    }
}
