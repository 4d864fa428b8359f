package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which rules to evaluate for an event: by source type (rules listing the source plus rules for all sources)
 * and, within a source, by one field each rule's condition requires to equal one of a few values
 * ({@code event.action}, {@code orchestrator.resource.type}, {@code event.kind}, ...: see
 * {@link io.keelwatch.rule.compile.Cond#requiredValues}). A rule is a candidate only when the event has one of
 * its required values; rules that require no equality are always candidates. Rules keep their definition order.
 *
 * <p>{@code event.action} is looked up in the normalized fields only (as rules are indexed since the action index
 * exists); other fields are looked up like the condition does, raw document included, so the index never drops a
 * rule whose condition would hold.
 */
final class RuleIndex {
    /** Numeric literals are indexed only in the form a whole number prints as, so that text lookup is exact. */
    private static final Pattern CANONICAL_NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,14})");
    private static final long EXACT_LONG = 1L << 53;

    private final Map<String, Bucket> bySource = new HashMap<>();
    private final Bucket allSources;

    RuleIndex(List<CompiledRule> rules) {
        Set<String> sources = new LinkedHashSet<>();
        for (CompiledRule r : rules) {
            sources.addAll(r.descriptor().sources());
        }
        for (String s : sources) {
            bySource.put(s, new Bucket(rules.stream()
                    .filter(r -> r.descriptor().sources().isEmpty() || r.descriptor().sources().contains(s))
                    .toList()));
        }
        allSources = new Bucket(rules.stream().filter(r -> r.descriptor().sources().isEmpty()).toList());
    }

    List<CompiledRule> candidates(Event e) {
        return bySource.getOrDefault(e.source(), allSources).candidates(e);
    }

    /** The rules of one field group by required value, as bit sets over the bucket's rules. */
    private record Group(String field, FieldPath path, Map<String, long[]> byValue, long[] any) {
    }

    private static final class Bucket {
        private final CompiledRule[] rules;
        private final long[] always;
        private final Group[] groups;
        private final List<CompiledRule> alwaysList;

        Bucket(List<CompiledRule> rules) {
            this.rules = rules.toArray(new CompiledRule[0]);
            int words = (this.rules.length + 63) >>> 6;
            this.always = new long[words];
            Map<String, Group> groups = new LinkedHashMap<>();
            List<CompiledRule> alwaysList = new ArrayList<>();
            for (int i = 0; i < this.rules.length; i++) {
                // event.action first (as rules were indexed before), else the field with the fewest values
                String field = null;
                Set<String> values = indexable(this.rules[i], Fields.EVENT_ACTION);
                if (values != null) {
                    field = Fields.EVENT_ACTION;
                } else {
                    for (String f : Fields.known().keySet()) {
                        Set<String> v = indexable(this.rules[i], f);
                        if (v != null && (values == null || v.size() < values.size())) {
                            field = f;
                            values = v;
                        }
                    }
                }
                if (field == null) {
                    always[i >>> 6] |= 1L << i;
                    alwaysList.add(this.rules[i]);
                    continue;
                }
                Group g = groups.computeIfAbsent(field, f -> new Group(f, FieldPath.parse(f), new HashMap<>(),
                        new long[words]));
                g.any()[i >>> 6] |= 1L << i;
                for (String v : values) {
                    g.byValue().computeIfAbsent(v, k -> new long[words])[i >>> 6] |= 1L << i;
                }
            }
            this.groups = groups.values().toArray(new Group[0]);
            this.alwaysList = List.copyOf(alwaysList);
        }

        /** The values a rule requires of a field, when the index can look them up exactly; else null. */
        private static Set<String> indexable(CompiledRule r, String field) {
            Set<String> v = r.condition().requiredValues(field);
            if (v == null || v.isEmpty()) {
                return null;
            }
            if (!field.equals(Fields.EVENT_ACTION)) {
                for (String s : v) {
                    if (Values.parseNumber(s) != null && !CANONICAL_NUMBER.matcher(s).matches()) {
                        return null;
                    }
                }
            }
            return v;
        }

        List<CompiledRule> candidates(Event e) {
            if (groups.length == 0) {
                return alwaysList;
            }
            long[] bits = always.clone();
            for (Group g : groups) {
                if (g.field().equals(Fields.EVENT_ACTION)) {
                    Object a = e.field(Fields.EVENT_ACTION);
                    if (a != null) {
                        or(bits, g.byValue().get(a.toString()));
                    }
                } else {
                    g.path().collect(e, v -> or(bits, lookup(g, v)));
                }
            }
            List<CompiledRule> out = new ArrayList<>();
            for (int w = 0; w < bits.length; w++) {
                long b = bits[w];
                while (b != 0) {
                    out.add(rules[(w << 6) + Long.numberOfTrailingZeros(b)]);
                    b &= b - 1;
                }
            }
            return out;
        }

        /** The rules a value can satisfy: its text's entry, or all of the group when text lookup is not exact. */
        private static long[] lookup(Group g, Object v) {
            String text;
            if (v instanceof String s) {
                text = s;
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                long l = ((Number) v).longValue();
                if (l >= EXACT_LONG || l <= -EXACT_LONG) {
                    return g.any();
                }
                text = Long.toString(l);
            } else if (v instanceof Double d) {
                if (!(d == Math.rint(d) && Math.abs(d) < 1e15)) {
                    return g.any();
                }
                text = Values.text(d);
            } else if (v instanceof Number) {
                return g.any();
            } else {
                text = Values.text(v);
            }
            return text == null ? null : g.byValue().get(text);
        }

        private static void or(long[] into, long[] from) {
            if (from != null) {
                for (int i = 0; i < into.length; i++) {
                    into[i] |= from[i];
                }
            }
        }
    }
}
