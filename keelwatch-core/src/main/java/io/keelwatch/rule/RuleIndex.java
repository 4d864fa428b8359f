package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rules to evaluate for an event: by source type (rules listing the source plus rules for all sources) and,
 * within a source, by what each rule's condition requires the event to show ({@link Guards}: clauses of fields with
 * one of some values, or with any value). All keys of all rules are looked up at once, one hash lookup per value of
 * each field any rule names; a rule is a candidate only when the event meets every one of its clauses. Rules with no
 * clause are always candidates. Rules keep their definition order.
 *
 * <p>{@code event.action} is looked up in the normalized fields only (as rules are indexed since the action index
 * exists); other fields are looked up like the condition does, raw document included, so the index never drops a
 * rule whose condition would hold.
 */
final class RuleIndex {
    private static final long EXACT_LONG = 1L << 53;

    private final Map<String, Bucket> bySource = new HashMap<>();
    private final Bucket allSources;

    RuleIndex(List<CompiledRule> rules) {
        Set<String> sources = new LinkedHashSet<>();
        for (CompiledRule r : rules) {
            sources.addAll(r.descriptor().sources());
        }
        Map<Cond, List<Guards.Clause>> guards = new IdentityHashMap<>();
        for (String s : sources) {
            bySource.put(s, new Bucket(rules.stream()
                    .filter(r -> r.descriptor().sources().isEmpty() || r.descriptor().sources().contains(s))
                    .toList(), guards));
        }
        allSources = new Bucket(rules.stream().filter(r -> r.descriptor().sources().isEmpty()).toList(), guards);
    }

    List<CompiledRule> candidates(Event e) {
        return bySource.getOrDefault(e.source(), allSources).candidates(e);
    }

    /**
     * The clauses that name one field: by value, and those any value meets, as bit sets over the clauses; the values
     * that are whole numbers also by number (sorted, with their bit sets), so that a number is looked up as it is.
     */
    private record Group(String field, FieldPath path, Map<String, long[]> byValue, long[] anyValue, long[] all,
                         long[][] numbers) {
        /** The clauses a whole number meets by its value, or null. */
        long[] byNumber(long v) {
            int k = java.util.Arrays.binarySearch(numbers[0], v);
            return k < 0 ? null : numbers[k + 1];
        }

        /** {@link #numbers}: row 0 the sorted whole numbers among the values, row k + 1 the bit set of the k-th. */
        static long[][] numbers(Map<String, long[]> byValue) {
            java.util.TreeMap<Long, long[]> sorted = new java.util.TreeMap<>();
            byValue.forEach((text, bits) -> {
                if (Guards.CANONICAL_NUMBER.matcher(text).matches()) {      // at most 15 digits: fits a long
                    sorted.put(Long.parseLong(text), bits);
                }
            });
            long[][] out = new long[sorted.size() + 1][];
            out[0] = sorted.keySet().stream().mapToLong(Long::longValue).toArray();
            int k = 1;
            for (long[] bits : sorted.values()) {
                out[k++] = bits;
            }
            return out;
        }
    }


    private static final class Bucket {
        private final CompiledRule[] rules;
        /** The distinct sets of clause ids among the rules (copies of a rule share one), and their rules as bits. */
        private final int[][] signatures;
        private final long[][] rulesOf;
        private final Group[] groups;
        private final int words;
        private final List<CompiledRule> asList;
        /** Per clause id, the indexes in {@link #groups} of the fields it names. */
        private final int[][] groupsOf;

        Bucket(List<CompiledRule> rules, Map<Cond, List<Guards.Clause>> cache) {
            this.rules = rules.toArray(new CompiledRule[0]);
            this.asList = List.copyOf(rules);
            int[][] clausesOf = new int[this.rules.length][];    // per rule, the ids of its clauses
            List<Guards.Clause> clauses = new ArrayList<>();
            Map<Guards.Clause, Integer> ids = new HashMap<>();
            for (int i = 0; i < this.rules.length; i++) {
                List<Guards.Clause> g = cache.computeIfAbsent(this.rules[i].condition(), Guards::of);
                clausesOf[i] = new int[g.size()];
                for (int k = 0; k < g.size(); k++) {
                    clausesOf[i][k] = ids.computeIfAbsent(g.get(k), c -> {
                        clauses.add(c);
                        return clauses.size() - 1;
                    });
                }
            }
            this.words = Math.max(1, (clauses.size() + 63) >>> 6);
            Map<List<Integer>, Integer> bySignature = new LinkedHashMap<>();
            List<long[]> ruleSets = new ArrayList<>();
            for (int i = 0; i < this.rules.length; i++) {
                List<Integer> sig = java.util.Arrays.stream(clausesOf[i]).boxed().distinct()
                        .sorted(Comparator.comparing((Integer id) -> !clauses.get(id).onlyValues())
                                .thenComparingInt(id -> clauses.get(id).size()).thenComparingInt(id -> id))
                        .toList();
                int k = bySignature.computeIfAbsent(sig, x -> {
                    ruleSets.add(new long[(this.rules.length + 63) >>> 6]);
                    return ruleSets.size() - 1;
                });
                set(ruleSets.get(k), i);
            }
            this.signatures = bySignature.keySet().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                    .toArray(int[][]::new);
            this.rulesOf = ruleSets.toArray(new long[0][]);
            Map<String, Group> groups = new LinkedHashMap<>();
            for (int id = 0; id < clauses.size(); id++) {
                for (Map.Entry<String, Set<String>> k : clauses.get(id).keys().entrySet()) {
                    Group g = groups.computeIfAbsent(k.getKey(), f -> new Group(f, FieldPath.parse(f),
                            new HashMap<>(), new long[words], new long[words], null));
                    set(g.all(), id);
                    if (k.getValue() == null) {
                        set(g.anyValue(), id);
                    } else {
                        for (String v : k.getValue()) {
                            set(g.byValue().computeIfAbsent(v, x -> new long[words]), id);
                        }
                    }
                }
            }
            this.groups = groups.values().stream().map(g -> new Group(g.field(), g.path(), g.byValue(), g.anyValue(),
                    g.all(), Group.numbers(g.byValue()))).toArray(Group[]::new);
            List<String> fields = new ArrayList<>(groups.keySet());
            this.groupsOf = new int[clauses.size()][];
            for (int id = 0; id < clauses.size(); id++) {
                groupsOf[id] = clauses.get(id).keys().keySet().stream().mapToInt(fields::indexOf).toArray();
            }
        }

        private static void set(long[] bits, int id) {
            bits[id >>> 6] |= 1L << id;
        }

        /**
         * The rules whose clauses the event meets. A field is looked up only when a clause needs it: each set of
         * clauses is first checked against the fields already looked up for this event, then its clauses are
         * evaluated cheapest first (equalities before "has a value"), and the first one the event does not meet ends
         * it. So most events look up a few common fields (action, verb, resource) and no others.
         */
        List<CompiledRule> candidates(Event e) {
            if (groups.length == 0) {
                return asList;
            }
            long[] met = new long[words];
            boolean[] done = new boolean[groups.length];
            long[] chosen = new long[(rules.length + 63) >>> 6];
            for (int k = 0; k < signatures.length; k++) {
                if (meets(e, met, done, signatures[k])) {
                    or(chosen, rulesOf[k]);
                }
            }
            List<CompiledRule> out = new ArrayList<>();
            for (int w = 0; w < chosen.length; w++) {
                for (long b = chosen[w]; b != 0; b &= b - 1) {
                    out.add(rules[(w << 6) + Long.numberOfTrailingZeros(b)]);
                }
            }
            return out;
        }

        /** Whether the event meets all of {@code clauses}, looking up the fields not yet looked up as needed. */
        private boolean meets(Event e, long[] met, boolean[] done, int[] clauses) {
            for (int id : clauses) {                // those decided by fields already looked up cost nothing
                if (!isSet(met, id) && allDone(done, groupsOf[id])) {
                    return false;
                }
            }
            for (int id : clauses) {
                if (isSet(met, id)) {
                    continue;
                }
                for (int gi : groupsOf[id]) {
                    if (!done[gi]) {
                        done[gi] = true;
                        lookUp(groups[gi], e, met);
                        if (isSet(met, id)) {
                            break;
                        }
                    }
                }
                if (!isSet(met, id)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean allDone(boolean[] done, int[] gs) {
            for (int gi : gs) {
                if (!done[gi]) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isSet(long[] bits, int id) {
            return (bits[id >>> 6] & 1L << id) != 0;
        }

        /** Marks in {@code met} the clauses the event's values of one field meet. */
        private static void lookUp(Group g, Event e, long[] met) {
            if (g.field().equals(Fields.EVENT_ACTION)) {
                Object a = e.field(Fields.EVENT_ACTION);
                if (a != null) {
                    or(met, g.anyValue());
                    or(met, g.byValue().get(a.toString()));
                }
                return;
            }
            Object plain = g.path().plainValue(e);
            if (plain == null && !g.path().rawMayHave(e)) {
                return;
            }
            if (plain != null && !(plain instanceof java.util.Collection<?>)) {
                or(met, g.anyValue());
                if (!g.byValue().isEmpty()) {
                    or(met, lookup(g, plain));
                }
            } else {
                g.path().collect(e, v -> {
                    or(met, g.anyValue());
                    or(met, lookup(g, v));
                });
            }
        }

        /** The clauses a value meets: its text's entry, or all of the group's when text lookup is not exact. */
        private static long[] lookup(Group g, Object v) {
            String text;
            if (v instanceof String s) {
                text = s;
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                long l = ((Number) v).longValue();
                if (l >= EXACT_LONG || l <= -EXACT_LONG) {
                    return g.all();
                }
                return g.byNumber(l);
            } else if (v instanceof Double d) {
                if (!(d == Math.rint(d) && Math.abs(d) < 1e15)) {
                    return g.all();
                }
                text = Values.text(d);
            } else if (v instanceof Number) {
                return g.all();
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
