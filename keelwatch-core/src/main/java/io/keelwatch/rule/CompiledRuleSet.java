package io.keelwatch.rule;

import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.compile.Cond;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A compiled rule set. {@link #evaluate} runs the enabled rules that apply to an event (by source and action)
 * and passes their alerts on; events stopped by an exception or an allow-list are counted by reason
 * ({@code allowlist:users}, {@code exception}, ...) and by rule. Evaluation of stateless rules is thread-safe;
 * stateful kinds expect one thread at a time.
 */
public final class CompiledRuleSet {
    public static final String REASON_EXCEPTION = "exception";
    public static final String REASON_ERROR = "error";

    private final List<CompiledRule> rules;
    private final Map<String, CompiledRule> byId = new LinkedHashMap<>();
    private final Allowlist allowlist;
    private final RuleIndex<Entry> index;
    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byRule = new ConcurrentHashMap<>();
    /**
     * What each rule of the set needs per event (read-only after construction); the index hands it out with the
     * rule ({@link Entry}).
     */
    private final Map<CompiledRule, RuleState> states = new IdentityHashMap<>();
    /** The number of conditions that several rules share (copies of one condition): slots of the per-event memo. */
    private final int sharedConditions;

    /** A rule's slot in the per-event memo of shared conditions (-1: its condition is its own) and its counters. */
    private static final class RuleState {
        final int slot;
        /** The rule's counter in {@link #byRule}, made when it first counts something. */
        volatile LongAdder suppressed;
        /** The counter in {@link #byReason} of the reason this rule counted last, and that reason. */
        volatile ReasonCounter last;

        RuleState(int slot) {
            this.slot = slot;
        }
    }

    private record ReasonCounter(String reason, LongAdder counter) {
    }

    /** What the index hands out: a rule with its state, so that nothing is looked up per candidate. */
    private record Entry(CompiledRule rule, RuleState state) {
    }

    CompiledRuleSet(List<CompiledRule> rules, Allowlist allowlist) {
        this.rules = List.copyOf(rules);
        this.allowlist = allowlist;
        for (CompiledRule r : rules) {
            byId.put(r.id(), r);
        }
        Map<Cond, Integer> uses = new IdentityHashMap<>();
        rules.forEach(r -> uses.merge(r.condition(), 1, Integer::sum));
        Map<Cond, Integer> slots = new IdentityHashMap<>();
        uses.forEach((c, n) -> {
            if (n > 1) {
                slots.put(c, slots.size());
            }
        });
        this.sharedConditions = slots.size();
        for (CompiledRule r : rules) {
            states.put(r, new RuleState(slots.getOrDefault(r.condition(), -1)));
        }
        this.index = new RuleIndex<>(rules.stream().filter(r -> r.descriptor().enabled())
                .map(r -> new Entry(r, states.get(r))).toList(), Entry::rule);
    }

    public static CompiledRuleSet empty() {
        return new CompiledRuleSet(List.of(), Allowlist.empty());
    }

    /** Evaluates every applicable enabled rule; alerts go to {@code out}. Never throws for a rule's sake. */
    public void evaluate(Event e, Consumer<Alert> out) {
        EventMemo memo = new EventMemo(e);
        for (Entry c : index.candidates(e)) {
            CompiledRule r = c.rule();
            if (passes(r, e, memo, c.state())) {
                try {
                    r.runtime().onMatch(r, e, out);
                } catch (RuntimeException ex) {
                    count(REASON_ERROR, r, c.state());
                }
            }
        }
    }

    /**
     * Visits every applicable enabled rule (by source and action) whose condition holds for {@code e} and that no
     * exception or allow-list stops, counting suppressions like {@link #evaluate}. The runtime is not called:
     * this is how {@code io.keelwatch.engine.Pipeline} feeds stateless and stateful rules alike.
     */
    public void forEachMatch(Event e, Consumer<CompiledRule> visitor) {
        matches(e).forEach(visitor);
    }

    /**
     * The rules {@link #forEachMatch} visits for {@code e}, in the same order. A pure function of the event (only
     * the suppression counters change), so it may run on any thread, ahead of the events before it.
     */
    public List<CompiledRule> matches(Event e) {
        List<CompiledRule> out = null;
        EventMemo memo = new EventMemo(e);
        for (Entry c : index.candidates(e)) {
            if (passes(c.rule(), e, memo, c.state())) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(c.rule());
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * What one event has shown so far, found when first needed: the allow-list's verdict (it does not depend on
     * the rule) and the outcome of each shared condition.
     */
    private final class EventMemo {
        private final Event e;
        private Optional<Allowlist.Match> match;
        private byte[] conditions;   // by slot: 0 not tested yet, 1 held, 2 did not hold

        EventMemo(Event e) {
            this.e = e;
        }

        boolean holds(CompiledRule r, int slot) {
            if (slot < 0) {
                return r.conditionHolds(e);
            }
            if (conditions == null) {
                conditions = new byte[sharedConditions];
            }
            if (conditions[slot] == 0) {
                conditions[slot] = r.conditionHolds(e) ? (byte) 1 : (byte) 2;
            }
            return conditions[slot] == 1;
        }

        Optional<Allowlist.Match> allowlist() {
            if (match == null) {
                match = allowlist.match(e);
            }
            return match;
        }
    }

    /** Condition, then exceptions, then allow-list; suppressions are counted. */
    private boolean passes(CompiledRule r, Event e, EventMemo memo, RuleState st) {
        try {
            if (!memo.holds(r, st.slot)) {
                return false;
            }
            if (r.exceptionHit(e) != null) {
                count(REASON_EXCEPTION, r, st);
                return false;
            }
            if (r.descriptor().allowlist()) {
                Optional<Allowlist.Match> m = memo.allowlist();
                if (m.isPresent()) {
                    count(m.get().reason(), r, st);
                    return false;
                }
            }
            return true;
        } catch (RuntimeException ex) {
            count(REASON_ERROR, r, st);
            return false;
        }
    }

    /**
     * One rule's complete test (condition, exceptions, allow-list) as a predicate that counts suppressions like
     * {@link #evaluate}: the filter to hand to a stateful detector ({@code io.keelwatch.detect}) built for the
     * rule. Does not look at the rule's sources or enabled flag.
     */
    public Predicate<Event> filter(String ruleId) {
        CompiledRule r = require(ruleId);
        RuleState st = states.get(r);
        return e -> passes(r, e, new EventMemo(e), st);
    }

    /** The enabled rules the index selects for an event (before their conditions are tested). */
    List<CompiledRule> candidates(Event e) {
        return index.candidates(e).stream().map(Entry::rule).toList();
    }

    /** End of input: stateful rules emit what they hold. */
    public void flush(Consumer<Alert> out) {
        for (CompiledRule r : rules) {
            if (r.descriptor().enabled()) {
                r.runtime().flush(r, out);
            }
        }
    }

    private void count(String reason, CompiledRule r, RuleState st) {
        ReasonCounter last = st.last;
        if (last == null || !last.reason().equals(reason)) {
            last = new ReasonCounter(reason, byReason.computeIfAbsent(reason, k -> new LongAdder()));
            st.last = last;
        }
        last.counter().increment();
        LongAdder b = st.suppressed;
        if (b == null) {
            b = byRule.computeIfAbsent(r.id(), k -> new LongAdder());
            st.suppressed = b;
        }
        b.increment();
    }

    /**
     * What one rule makes of one event, whether the rule is enabled or not, without counting anything. The
     * runtime is not consulted (a stateful rule's MATCH means the event counts towards it).
     */
    public Verdict verdict(String ruleId, Event e) {
        CompiledRule r = require(ruleId);
        if (!r.conditionHolds(e)) {
            return Verdict.NO_MATCH;
        }
        if (r.exceptionHit(e) != null) {
            return Verdict.EXCEPTION;
        }
        if (r.descriptor().allowlist() && allowlist.match(e).isPresent()) {
            return Verdict.ALLOWLISTED;
        }
        return Verdict.MATCH;
    }

    /** Why a rule does or does not fire for an event: condition tree, exceptions and allow-list. */
    public Explanation explain(String ruleId, Event e) {
        return require(ruleId).explain(e, allowlist);
    }

    private CompiledRule require(String ruleId) {
        CompiledRule r = byId.get(ruleId);
        if (r == null) {
            throw new IllegalArgumentException("unknown rule '" + ruleId + "'");
        }
        return r;
    }

    /** Descriptors of all compiled rules (enabled or not), in definition order. */
    public List<RuleDescriptor> rules() {
        List<RuleDescriptor> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.descriptor()));
        return out;
    }

    public Optional<RuleDescriptor> rule(String id) {
        return Optional.ofNullable(byId.get(id)).map(CompiledRule::descriptor);
    }

    public Optional<CompiledRule> compiled(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<CompiledRule> compiledRules() {
        return rules;
    }

    public Allowlist allowlist() {
        return allowlist;
    }

    /** Suppressed matches by reason: {@code allowlist:<kind>}, {@code exception}, {@code error}. */
    public Map<String, Long> suppressions() {
        return snapshot(byReason);
    }

    /** Suppressed matches (any reason) by rule id. */
    public Map<String, Long> suppressionsByRule() {
        return snapshot(byRule);
    }

    public long suppressedTotal() {
        return byReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
