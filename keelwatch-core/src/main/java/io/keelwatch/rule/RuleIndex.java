package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.rule.compile.Cond;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which rules to evaluate for an event: by source type (rules listing the source plus rules for all sources) and,
 * within a source, by what each rule's condition requires the event to show ({@link Guards}: clauses of fields with
 * one of some values, or with any value). A rule is a candidate only when the event meets every one of its clauses;
 * rules with no clause are always candidates. Rules keep their definition order.
 *
 * <p>Fields are looked up lazily, one hash lookup per value: the distinct sets of clauses are checked in turn, each
 * first against the fields already looked up for the event, then cheapest clause first (equalities before "has a
 * value", fewer values first), stopping at the first clause the event does not meet. So a usual event looks up a few
 * common fields (action, verb, resource) and no others. Per source, the 64 cheapest clauses over at most 64 fields
 * are used (clause and field sets are single words); a rule's other clauses are left to its condition, so the index
 * never drops a rule whose condition would hold.
 *
 * <p>{@code event.action} is looked up in the normalized fields only (as rules are indexed since the action index
 * exists); other fields are looked up like the condition does, raw document included.
 */
final class RuleIndex<T> {
    private static final int MAX_BITS = 64;

    private final Map<String, Bucket<T>> bySource = new HashMap<>();
    private final Bucket<T> allSources;
    /** The bucket of the source seen last (immutable: threads that race on it only look up again). */
    private Last<T> last;

    private record Last<T>(String source, Bucket<T> bucket) {
    }

    /**
     * An index of items that each stand for a rule ({@code rule} gives it): what {@link #candidates} returns are
     * those items, so that a caller can keep what it needs per rule with them.
     */
    RuleIndex(List<T> items, Function<T, CompiledRule> rule) {
        Set<String> sources = new LinkedHashSet<>();
        for (T item : items) {
            sources.addAll(rule.apply(item).descriptor().sources());
        }
        Map<Cond, List<Guards.Clause>> guards = new IdentityHashMap<>();
        for (String s : sources) {
            bySource.put(s, new Bucket<>(items.stream().filter(i -> {
                List<String> of = rule.apply(i).descriptor().sources();
                return of.isEmpty() || of.contains(s);
            }).toList(), rule, guards));
        }
        allSources = new Bucket<>(items.stream().filter(i -> rule.apply(i).descriptor().sources().isEmpty()).toList(),
                rule, guards);
    }

    /** The items of the rules to evaluate for {@code e}, in the order given. */
    List<T> candidates(Event e) {
        String source = e.source();
        Last<T> last = this.last;      // readers use one constant per source type: usually the same instance as before
        Bucket<T> b;
        if (last != null && last.source() == source) {
            b = last.bucket();
        } else {
            b = bySource.getOrDefault(source, allSources);
            this.last = new Last<>(source, b);
        }
        return b.candidates(e);
    }


    /** The candidates of events that passed the clause sets {@code passed} (immutable: threads share them). */
    private record Made<T>(long passed, List<T> rules) {
    }

    private static final class Bucket<T> {
        /** Recent lists of candidates, by the clause sets passed. */
        @SuppressWarnings("unchecked")
        private final Made<T>[] lists = new Made[64];
        private final T[] rules;
        private final List<T> asList;
        /** The distinct sets of clauses among the rules (as bits over the clause ids), and their rules as bits. */
        private final long[] signatures;
        private final long[][] rulesOf;
        private final IndexGroup[] groups;
        /** Per clause id, the fields it names as bits over {@link #groups}; per field, the clauses that name it. */
        private final long[] groupsOf;
        private final long[] clausesOf;

        @SuppressWarnings("unchecked")
        Bucket(List<T> items, Function<T, CompiledRule> rule, Map<Cond, List<Guards.Clause>> cache) {
            this.rules = (T[]) items.toArray();
            this.asList = List.copyOf(items);
            CompiledRule[] compiled = items.stream().map(rule).toArray(CompiledRule[]::new);
            // the distinct clauses, cheapest first; the first 64 over at most 64 fields get ids (in that order)
            Set<Guards.Clause> distinct = new LinkedHashSet<>();
            for (CompiledRule r : compiled) {
                distinct.addAll(cache.computeIfAbsent(r.condition(), Guards::of));
            }
            List<Guards.Clause> ranked = new ArrayList<>(distinct);
            ranked.sort(Comparator.comparing((Guards.Clause c) -> !c.onlyValues()).thenComparingInt(Guards.Clause::size));
            Map<Guards.Clause, Integer> ids = new HashMap<>();
            List<String> fields = new ArrayList<>();
            List<Long> clauseFields = new ArrayList<>();
            for (Guards.Clause c : ranked) {
                Set<String> more = new LinkedHashSet<>(c.keys().keySet());
                more.removeAll(fields);
                if (ids.size() == MAX_BITS || fields.size() + more.size() > MAX_BITS) {
                    continue;
                }
                fields.addAll(more);
                long mask = 0;
                for (String f : c.keys().keySet()) {
                    mask |= 1L << fields.indexOf(f);
                }
                ids.put(c, ids.size());
                clauseFields.add(mask);
            }
            this.groupsOf = clauseFields.stream().mapToLong(Long::longValue).toArray();
            Map<Long, Integer> bySignature = new LinkedHashMap<>();
            List<long[]> ruleSets = new ArrayList<>();
            for (int i = 0; i < this.rules.length; i++) {
                long sig = 0;
                for (Guards.Clause c : cache.get(compiled[i].condition())) {
                    Integer id = ids.get(c);
                    sig |= id == null ? 0 : 1L << id;
                }
                int k = bySignature.computeIfAbsent(sig, x -> {
                    ruleSets.add(new long[(this.rules.length + 63) >>> 6]);
                    return ruleSets.size() - 1;
                });
                ruleSets.get(k)[i >>> 6] |= 1L << i;
            }
            this.signatures = bySignature.keySet().stream().mapToLong(Long::longValue).toArray();
            this.rulesOf = ruleSets.toArray(new long[0][]);
            this.groups = new IndexGroup[fields.size()];
            this.clausesOf = new long[fields.size()];
            for (int id = 0; id < groupsOf.length; id++) {
                for (long g = groupsOf[id]; g != 0; g &= g - 1) {
                    clausesOf[Long.numberOfTrailingZeros(g)] |= 1L << id;
                }
            }
            for (int gi = 0; gi < groups.length; gi++) {
                String f = fields.get(gi);
                Map<String, Long> byValue = new HashMap<>();
                long any = 0;
                long all = 0;
                for (Map.Entry<Guards.Clause, Integer> c : ids.entrySet()) {
                    if (!c.getKey().keys().containsKey(f)) {
                        continue;
                    }
                    long bit = 1L << c.getValue();
                    all |= bit;
                    Set<String> values = c.getKey().keys().get(f);
                    if (values == null) {
                        any |= bit;
                    } else {
                        values.forEach(v -> byValue.merge(v, bit, (a, b) -> a | b));
                    }
                }
                groups[gi] = IndexGroup.of(f, byValue, any, all);
            }
        }

        /**
         * The rules whose clauses the event meets, looking up each field at most once and only when needed: a set of
         * clauses fails as soon as one of them is decided (all its fields looked up) and not met; else the cheapest
         * undecided clause (the lowest id) gets its next field looked up.
         */
        List<T> candidates(Event e) {
            if (groups.length == 0) {
                return asList;
            }
            long met = 0;           // clauses the event meets, among those with a field looked up
            long decided = 0;       // clauses all of whose fields were looked up
            long done = 0;          // fields looked up
            long[] passed = new long[(signatures.length + 63) >>> 6];
            next:
            for (int k = 0; k < signatures.length; k++) {
                long need = signatures[k];
                for (long open = need & ~met; open != 0; open = need & ~met) {
                    if ((open & decided) != 0) {
                        continue next;
                    }
                    int gi = Long.numberOfTrailingZeros(groupsOf[Long.numberOfTrailingZeros(open)] & ~done);
                    done |= 1L << gi;
                    met |= groups[gi].lookUp(e);
                    for (long c = clausesOf[gi]; c != 0; c &= c - 1) {
                        int id = Long.numberOfTrailingZeros(c);
                        if ((groupsOf[id] & ~done) == 0) {
                            decided |= 1L << id;
                        }
                    }
                }
                passed[k >>> 6] |= 1L << k;
            }
            if (passed.length != 1) {
                return rulesOf(passed);
            }
            // events of one kind pass the same sets of clauses: their list is made once
            long key = passed[0];
            int slot = (int) (key * 0x9E3779B97F4A7C15L >>> 58);
            Made<T> made = lists[slot];
            if (made == null || made.passed() != key) {
                made = new Made<>(key, rulesOf(passed));
                lists[slot] = made;
            }
            return made.rules();
        }

        /** The rules of the clause sets passed (bits over {@link #signatures}), in their order. */
        private List<T> rulesOf(long[] passed) {
            long[] chosen = new long[(rules.length + 63) >>> 6];
            for (int w = 0; w < passed.length; w++) {
                for (long b = passed[w]; b != 0; b &= b - 1) {
                    long[] r = rulesOf[(w << 6) + Long.numberOfTrailingZeros(b)];
                    for (int x = 0; x < chosen.length; x++) {
                        chosen[x] |= r[x];
                    }
                }
            }
            List<T> out = new ArrayList<>();
            for (int w = 0; w < chosen.length; w++) {
                for (long b = chosen[w]; b != 0; b &= b - 1) {
                    out.add(rules[(w << 6) + Long.numberOfTrailingZeros(b)]);
                }
            }
            return List.copyOf(out);
        }
    }
}
