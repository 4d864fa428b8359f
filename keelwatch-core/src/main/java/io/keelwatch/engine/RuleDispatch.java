package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.detect.Detection;
import io.keelwatch.detect.DetectionSink;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.detect.StatefulDetector;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRule;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.stateful.StatefulRuntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs the rule set on one event at a time (events arrive here in time order): each rule that passes (condition,
 * exceptions, allow-lists; found through the rule index once per event) either yields a detection at once
 * (stateless rules, keyed by {@link StatelessFold}) or opens its detector's gate; then every stateful detector sees
 * the event (for its clock) and counts it if its gate is open. A detector that throws is counted per rule and
 * skipped for that event.
 *
 * <p>Stateful rules that cannot tell apart (the same sources, condition, exceptions, allow-list flag, kind and kind
 * parameters: copies of one rule under other ids) share one detector: it sees each event once, and each detection
 * it makes is reported for every one of them, under each rule's id. A snapshot keeps the shared state under the
 * first rule's id and names that rule for the others.
 */
final class RuleDispatch {
    /** Lets exactly the current event through, when the rule passed for it. */
    private static final class Gate implements Predicate<Event> {
        private Event open;

        @Override
        public boolean test(Event e) {
            return e == open;
        }
    }

    /**
     * A detector, the rule it was built for, and the rules that share it (empty: none); {@code passingOnly} when it is
     * handed only the events that pass ({@link StatefulDetector#clockOnlyOtherwise}); else {@code watch}, its bit in
     * {@link Prepared#concerned} (-1: handed every event).
     */
    private record Bound(CompiledRule rule, Gate gate, StatefulDetector detector, List<CompiledRule> sharers,
                         boolean passingOnly, int watch) {
        /** Where the detector's detections go: to {@code out}, and once more for each sharing rule. */
        DetectionSink sink(DetectionSink out) {
            if (sharers.isEmpty()) {
                return out;
            }
            return d -> {
                out.accept(d);
                for (CompiledRule r : sharers) {
                    out.accept(new Detection(r.id(), d.timeNanos(), d.key(), d.evidence(), d.count(), d.firstTime(),
                            d.lastTime(), d.values(), d.reason()));
                }
            };
        }
    }

    private static final String SHARED_WITH = "shared_with";

    private final CompiledRuleSet rules;
    private final Map<String, Bound> stateful = new LinkedHashMap<>();   // by the id of the rule it was built for
    private final Map<String, Bound> byRule = new LinkedHashMap<>();     // by the id of every stateful rule
    /** {@link #stateful}'s detectors in order, and {@link #byRule} by rule instance: the per-event paths use these. */
    private final Bound[] detectors;
    private final Map<CompiledRule, Bound> byInstance = new java.util.IdentityHashMap<>();
    /** The detectors that an event their rule does not pass may concern, asked by {@link #prepare}. */
    private final Bound[] watchful;
    /** True when some detector is handed every event (past the 64 that {@link #prepare} asks). */
    private final boolean handedAll;
    private Gate[] opened = new Gate[4];
    private final Map<String, Long> errors = new LinkedHashMap<>();
    private final Map<String, String> firstErrors = new LinkedHashMap<>();
    private long statelessMatches;

    RuleDispatch(CompiledRuleSet rules) {
        this.rules = rules;
        Map<String, Bound> bySignature = new java.util.HashMap<>();
        List<Bound> watching = new ArrayList<>();
        for (CompiledRule r : rules.compiledRules()) {
            if (r.descriptor().enabled() && r.runtime() instanceof StatefulRuntime s) {
                String sig = DetectorSignature.of(r, s);
                Bound b = sig == null ? null : bySignature.get(sig);
                if (b != null) {
                    b.sharers().add(r);
                } else {
                    Gate g = new Gate();
                    StatefulDetector d = s.newDetector(g);
                    int watch = d.clockOnlyOtherwise() || watching.size() == Long.SIZE ? -1 : watching.size();
                    b = new Bound(r, g, d, new ArrayList<>(0), d.clockOnlyOtherwise(), watch);
                    if (watch >= 0) {
                        watching.add(b);
                    }
                    stateful.put(r.id(), b);
                    if (sig != null) {
                        bySignature.put(sig, b);
                    }
                }
                byRule.put(r.id(), b);
                byInstance.put(r, b);
            }
        }
        detectors = stateful.values().toArray(new Bound[0]);
        watchful = watching.toArray(new Bound[0]);
        handedAll = stateful.values().stream().anyMatch(b -> !b.passingOnly() && b.watch() < 0);
    }


    /**
     * The latest event time: detectors handed only the events that pass are told it before any other step, so that
     * their clocks are where every event would have put them.
     */
    private long clock = Long.MIN_VALUE;

    /** What {@link #prepare} found when the event concerns some detector its rule does not pass. */
    private record Prepared(List<CompiledRule> matched, long concerned) {
    }

    /**
     * The rules that pass for {@code e} ({@link CompiledRuleSet#matches}) and, as bits, the detectors it concerns
     * otherwise ({@link StatefulDetector#changedByOther}): the list of rules alone when it concerns none. A pure
     * function of the event, safe on any thread.
     */
    Object prepare(Event e) {
        List<CompiledRule> matched = rules.matches(e);
        long concerned = 0;
        for (Bound b : watchful) {
            boolean changes;
            try {
                changes = b.detector().changedByOther(e);
            } catch (RuntimeException ex) {
                changes = true;         // its onEvent meets the error again, and counts it
            }
            if (changes) {
                concerned |= 1L << b.watch();
            }
        }
        return concerned == 0 ? matched : new Prepared(matched, concerned);
    }

    /**
     * One event, in time order, with its time and what {@link #prepare} found for it (null: not prepared, found
     * now). An event that no rule passes and that concerns no detector only moves the clock: it is not read at
     * all (released from the reorder buffer, it is usually out of the cache).
     */
    @SuppressWarnings("unchecked")
    void onEvent(Event e, long t, Object prepared, DetectionSink out) {
        if (t > clock) {
            clock = t;
        }
        List<CompiledRule> rs;
        long concerned;
        if (prepared == null) {
            rs = rules.matches(e);
            concerned = -1L;
        } else if (prepared instanceof Prepared p) {
            rs = p.matched();
            concerned = p.concerned();
        } else {
            rs = (List<CompiledRule>) prepared;
            concerned = 0;
        }
        if (rs.isEmpty() && concerned == 0 && !handedAll) {
            return;
        }
        int n = 0;
        for (int i = 0, size = rs.size(); i < size; i++) {
            CompiledRule r = rs.get(i);
            Bound b = byInstance.get(r);
            if (b != null) {
                b.gate().open = e;
                if (n == opened.length) {
                    opened = java.util.Arrays.copyOf(opened, n * 2);
                }
                opened[n++] = b.gate();
            } else if (!(r.runtime() instanceof StatefulRuntime)) {
                statelessMatches++;
                out.accept(StatelessFold.detection(r, e));
            }
        }
        try {
            for (Bound b : detectors) {
                if (b.gate().open != e && (b.passingOnly() || b.watch() >= 0 && (concerned & 1L << b.watch()) == 0)) {
                    continue;
                }
                b.detector().advanceClock(clock);
                try {
                    b.detector().onEvent(e, b.sink(out));
                } catch (RuntimeException ex) {
                    error(b, ex);
                }
            }
        } finally {
            for (int i = 0; i < n; i++) {
                opened[i].open = null;
                opened[i] = null;
            }
        }
    }

    void onWatermark(long w, DetectionSink out) {
        for (Bound b : detectors) {
            b.detector().advanceClock(clock);
            try {
                b.detector().onWatermark(w, b.sink(out));
            } catch (RuntimeException ex) {
                error(b, ex);
            }
        }
    }

    private void error(Bound b, RuntimeException ex) {
        errors.merge(b.rule().id(), 1L, Long::sum);
        firstErrors.putIfAbsent(b.rule().id(), ex.toString());
    }

    /** The stateful rule behind a detection's rule id, or null for a stateless rule. */
    boolean isStateful(Detection d) {
        return byRule.containsKey(d.ruleId());
    }

    long statelessMatches() {
        return statelessMatches;
    }

    List<DetectorStats> detectorStats() {
        List<DetectorStats> out = new ArrayList<>();
        stateful.values().forEach(b -> out.add(b.detector().stats()));
        return out;
    }

    /** Rule id → rough heap bytes per tracked key of its detector (0 when it holds no key). */
    Map<String, Long> bytesPerKey() {
        Map<String, Long> out = new LinkedHashMap<>();
        stateful.forEach((id, b) -> out.put(id, b.detector().estimatedBytesPerKey()));
        return out;
    }

    Map<String, Long> errors() {
        return Map.copyOf(errors);
    }

    Map<String, String> firstErrors() {
        return Map.copyOf(firstErrors);
    }

    /** Rule id → detector snapshot, or {@code {"shared_with": id}} for a rule sharing another's detector. */
    Map<String, JsonNode> snapshot() {
        for (Bound b : detectors) {
            b.detector().advanceClock(clock);
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        byRule.forEach((id, b) -> out.put(id, b.rule().id().equals(id) ? b.detector().snapshot()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put(SHARED_WITH, b.rule().id())));
        return out;
    }

    /** Restores detector states; the states of rules that share a detector now are not needed. */
    void restore(Map<String, JsonNode> states) {
        for (String id : states.keySet()) {
            if (!byRule.containsKey(id)) {
                throw new IllegalArgumentException("snapshot has state for rule '" + id
                        + "', which is not an enabled stateful rule of this rule set");
            }
        }
        stateful.forEach((id, b) -> {
            JsonNode n = states.get(id);
            if (n == null || n.has(SHARED_WITH)) {
                throw new IllegalArgumentException("snapshot has no state for stateful rule '" + id + "'");
            }
            b.detector().restore(n);
        });
    }

    void restoreCounters(long stateless) {
        statelessMatches = stateless;
    }
}
