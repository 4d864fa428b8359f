package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.Explanation;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The condition nodes Sigma detections compile to (besides the engine's and/or/not). */
final class SigmaConds {
    private SigmaConds() {
    }

    /**
     * One detection item, {@code field|modifiers: values}: holds when one of the values' matchers holds over the
     * field's values (all of them with the {@code all} modifier).
     */
    record FieldItem(String label, SigmaField field, List<SigmaMatcher> matchers, boolean all) implements Cond {
        @Override
        public boolean test(Event e) {
            List<Object> vs = field.values(e);
            for (SigmaMatcher m : matchers) {
                boolean h = m.holds(vs, e);
                if (h != all) {
                    return h;
                }
            }
            return all;
        }

        @Override
        public Explanation explain(Event e) {
            return Explanation.leaf(label, test(e), display(field.values(e)));
        }
    }

    /**
     * Keywords: a value found (as with {@code contains}, case-insensitive) in any text of the event — every string,
     * number and boolean of the native record, and the normalized {@code message}. {@code all} needs every keyword.
     */
    record Keywords(String label, List<SigmaMatcher.ValueTest> keywords, boolean all) implements Cond {
        @Override
        public boolean test(Event e) {
            List<Object> texts = texts(e);
            for (SigmaMatcher.ValueTest k : keywords) {
                boolean h = k.holds(texts, e);
                if (h != all) {
                    return h;
                }
            }
            return all;
        }

        @Override
        public Explanation explain(Event e) {
            return Explanation.leaf(label, test(e), List.of());
        }

        static List<Object> texts(Event e) {
            List<Object> out = new ArrayList<>();
            Object msg = e.field("message");
            if (msg != null) {
                out.add(msg);
            }
            JsonNode raw = e.raw();
            if (raw != null) {
                leaves(raw, out);
            }
            return out;
        }

        private static void leaves(JsonNode n, List<Object> out) {
            if (n.isContainerNode()) {
                n.elements().forEachRemaining(c -> leaves(c, out));
            } else {
                Object v = FieldPath.scalar(n);
                if (v != null) {
                    out.add(v);
                }
            }
        }
    }

    /** A search identifier, kept as a node so that explain shows its name. */
    record Named(String label, Cond inner) implements Cond {
        @Override
        public boolean test(Event e) {
            return inner.test(e);
        }

        @Override
        public Explanation explain(Event e) {
            Explanation x = inner.explain(e);
            return Explanation.node(label, x.held(), List.of(x));
        }

        @Override
        public Set<String> requiredActions() {
            return inner.requiredActions();
        }
    }

    /** {@code N of ...}: at least {@code n} of the terms hold. */
    record AtLeast(String label, int n, List<Cond> terms) implements Cond {
        @Override
        public boolean test(Event e) {
            int hits = 0;
            for (Cond c : terms) {
                if (c.test(e) && ++hits >= n) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Explanation explain(Event e) {
            List<Explanation> ch = new ArrayList<>();
            terms.forEach(c -> ch.add(c.explain(e)));
            return Explanation.node(label, test(e), ch);
        }
    }

    /** A rule compiled once per source type it reads (each with that source's field mapping). */
    record BySource(String label, Map<String, Cond> bySource) implements Cond {
        @Override
        public boolean test(Event e) {
            Cond c = bySource.get(e.source());
            return c != null && c.test(e);
        }

        @Override
        public Explanation explain(Event e) {
            Cond c = bySource.get(e.source());
            if (c == null) {
                return Explanation.leaf(label + " (not for source " + e.source() + ")", false, List.of());
            }
            Explanation x = c.explain(e);
            return Explanation.node(label + " (source " + e.source() + ")", x.held(), List.of(x));
        }

        @Override
        public Set<String> requiredActions() {
            return null;
        }
    }

    static List<String> display(List<Object> vs) {
        List<String> out = new ArrayList<>();
        for (Object v : vs) {
            if (out.size() == 20) {
                out.add("...");
                break;
            }
            out.add(v instanceof Collection<?> || v instanceof JsonNode ? String.valueOf(v) : Values.display(v));
        }
        return out;
    }
}
