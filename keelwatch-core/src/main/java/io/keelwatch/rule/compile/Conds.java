package io.keelwatch.rule.compile;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.Explanation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The condition nodes. */
public final class Conds {
    private Conds() {
    }

    /** All terms hold. */
    public record And(String label, List<Cond> terms) implements Cond {
        public And {
            terms = List.copyOf(terms);
        }

        @Override
        public boolean test(Event e) {
            for (int i = 0, n = terms.size(); i < n; i++) {   // indexed: no iterator on the hottest path
                if (!terms.get(i).test(e)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public Explanation explain(Event e) {
            List<Explanation> ch = new ArrayList<>();
            boolean all = true;
            for (Cond c : terms) {
                Explanation x = c.explain(e);
                all &= x.held();
                ch.add(x);
            }
            return Explanation.node(label, all, ch);
        }

        @Override
        public Set<String> requiredActions() {
            return requiredValues(Fields.EVENT_ACTION);
        }

        @Override
        public Set<String> requiredValues(String field) {
            Set<String> out = null;
            for (Cond c : terms) {
                Set<String> a = c.requiredValues(field);
                if (a != null) {
                    if (out == null) {
                        out = new HashSet<>(a);
                    } else {
                        out.retainAll(a);
                    }
                }
            }
            return out;
        }
    }

    /** Any term holds. */
    public record Or(String label, List<Cond> terms) implements Cond {
        public Or {
            terms = List.copyOf(terms);
        }

        @Override
        public boolean test(Event e) {
            for (int i = 0, n = terms.size(); i < n; i++) {
                if (terms.get(i).test(e)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Explanation explain(Event e) {
            List<Explanation> ch = new ArrayList<>();
            boolean any = false;
            for (Cond c : terms) {
                Explanation x = c.explain(e);
                any |= x.held();
                ch.add(x);
            }
            return Explanation.node(label, any, ch);
        }

        @Override
        public Set<String> requiredActions() {
            return requiredValues(Fields.EVENT_ACTION);
        }

        @Override
        public Set<String> requiredValues(String field) {
            Set<String> out = new HashSet<>();
            for (Cond c : terms) {
                Set<String> a = c.requiredValues(field);
                if (a == null) {
                    return null;
                }
                out.addAll(a);
            }
            return out;
        }
    }

    public record Not(String label, Cond inner) implements Cond {
        @Override
        public boolean test(Event e) {
            return !inner.test(e);
        }

        @Override
        public Explanation explain(Event e) {
            Explanation x = inner.explain(e);
            return Explanation.node(label, !x.held(), List.of(x));
        }
    }

    /** A macro, inlined; kept as a node so explain shows its name. */
    public record Macro(String name, Cond inner) implements Cond {
        @Override
        public boolean test(Event e) {
            return inner.test(e);
        }

        @Override
        public Explanation explain(Event e) {
            Explanation x = inner.explain(e);
            return Explanation.node("macro " + name, x.held(), List.of(x));
        }

        @Override
        public String label() {
            return name;
        }

        @Override
        public Set<String> requiredActions() {
            return inner.requiredActions();
        }

        @Override
        public Set<String> requiredValues(String field) {
            return inner.requiredValues(field);
        }
    }

    /** A constant (an empty list operand, a rule without a condition). */
    public record Const(String label, boolean value) implements Cond {
        @Override
        public boolean test(Event e) {
            return value;
        }

        @Override
        public Explanation explain(Event e) {
            return Explanation.leaf(label, value, List.of());
        }

        @Override
        public Set<String> requiredActions() {
            return value ? null : Set.of();
        }

        @Override
        public Set<String> requiredValues(String field) {
            return value ? null : Set.of();
        }
    }

    /** {@code field exists}: the field has at least one (non-null) value. */
    public record Exists(String label, FieldPath path) implements Cond {
        @Override
        public boolean test(Event e) {
            return path.exists(e);
        }

        @Override
        public Explanation explain(Event e) {
            return Explanation.leaf(label, test(e), display(path.values(e)));
        }
    }

    /**
     * A comparison. Without {@code all}: holds when some value passes the test (negated: when none does).
     * With {@code all}: holds when there is at least one value and every value passes (negated: fails).
     * {@code literals} is set for {@code field = x} and {@code field in (...)}: the values that pass.
     */
    public record Compare(String label, FieldPath path, boolean all, ValueTest valueTest, boolean negate,
                          Set<String> literals) implements Cond {
        @Override
        public boolean test(Event e) {
            if (all) {
                List<Object> vs = path.values(e);
                if (vs.isEmpty()) {
                    return false;
                }
                for (Object v : vs) {
                    if (valueTest.test(v) == negate) {
                        return false;
                    }
                }
                return true;
            }
            Object plain = path.plainValue(e);
            if (plain != null) {
                return anyPasses(plain) != negate;
            }
            boolean[] hit = new boolean[1];
            path.collect(e, v -> {
                if (!hit[0] && valueTest.test(v)) {
                    hit[0] = true;
                }
            });
            return hit[0] != negate;
        }

        /** Whether the value of a normalized field, or one of its elements when it is a list, passes. */
        private boolean anyPasses(Object v) {
            if (v instanceof String s) {
                // a text against the literals of '=' or 'in' is a set lookup (as the value test would find)
                return literals != null ? literals.contains(s) : valueTest.test(s);
            }
            if (v instanceof List<?> l) {
                for (int i = 0, n = l.size(); i < n; i++) {
                    Object o = l.get(i);
                    if (o != null && (literals != null && o instanceof String s ? literals.contains(s)
                            : valueTest.test(o))) {
                        return true;
                    }
                }
                return false;
            }
            if (v instanceof java.util.Collection<?> c) {
                for (Object o : c) {
                    if (o != null && valueTest.test(o)) {
                        return true;
                    }
                }
                return false;
            }
            return valueTest.test(v);
        }

        @Override
        public Explanation explain(Event e) {
            return Explanation.leaf(label, test(e), display(path.values(e)));
        }

        @Override
        public Set<String> requiredActions() {
            return requiredValues(Fields.EVENT_ACTION);
        }

        @Override
        public Set<String> requiredValues(String field) {
            return literals != null && !all && !negate && field.equals(path.normalizedField())
                    && path.text().equals(field) ? literals : null;
        }
    }

    static List<String> display(List<Object> vs) {
        List<String> out = new ArrayList<>();
        for (Object v : vs) {
            if (out.size() == 20) {
                out.add("... (" + (vs.size() - 20) + " more)");
                break;
            }
            out.add(Values.display(v));
        }
        return out;
    }
}
