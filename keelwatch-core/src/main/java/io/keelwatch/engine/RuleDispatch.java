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

    private record Bound(CompiledRule rule, Gate gate, StatefulDetector detector) {
    }

    private final CompiledRuleSet rules;
    private final Map<String, Bound> stateful = new LinkedHashMap<>();
    private final Map<String, Long> errors = new LinkedHashMap<>();
    private final Map<String, String> firstErrors = new LinkedHashMap<>();
    private long statelessMatches;

    RuleDispatch(CompiledRuleSet rules) {
        this.rules = rules;
        for (CompiledRule r : rules.compiledRules()) {
            if (r.descriptor().enabled() && r.runtime() instanceof StatefulRuntime s) {
                Gate g = new Gate();
                stateful.put(r.id(), new Bound(r, g, s.newDetector(g)));
            }
        }
    }

    /** @param matched the rules that pass for {@code e} if known ({@link CompiledRuleSet#matches}), else null */
    void onEvent(Event e, List<CompiledRule> matched, DetectionSink out) {
        List<Gate> opened = new ArrayList<>(2);
        for (CompiledRule r : matched != null ? matched : rules.matches(e)) {
            Bound b = stateful.get(r.id());
            if (b != null) {
                b.gate().open = e;
                opened.add(b.gate());
            } else if (!(r.runtime() instanceof StatefulRuntime)) {
                statelessMatches++;
                out.accept(StatelessFold.detection(r, e));
            }
        }
        try {
            for (Bound b : stateful.values()) {
                try {
                    b.detector().onEvent(e, out);
                } catch (RuntimeException ex) {
                    error(b, ex);
                }
            }
        } finally {
            opened.forEach(g -> g.open = null);
        }
    }

    void onWatermark(long w, DetectionSink out) {
        for (Bound b : stateful.values()) {
            try {
                b.detector().onWatermark(w, out);
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
        return stateful.containsKey(d.ruleId());
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

    /** Rule id → detector snapshot. */
    Map<String, JsonNode> snapshot() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        stateful.forEach((id, b) -> out.put(id, b.detector().snapshot()));
        return out;
    }

    void restore(Map<String, JsonNode> states) {
        for (String id : states.keySet()) {
            if (!stateful.containsKey(id)) {
                throw new IllegalArgumentException("snapshot has state for rule '" + id
                        + "', which is not an enabled stateful rule of this rule set");
            }
        }
        stateful.forEach((id, b) -> {
            JsonNode n = states.get(id);
            if (n == null) {
                throw new IllegalArgumentException("snapshot has no state for stateful rule '" + id + "'");
            }
            b.detector().restore(n);
        });
    }

    void restoreCounters(long stateless) {
        statelessMatches = stateless;
    }
}
