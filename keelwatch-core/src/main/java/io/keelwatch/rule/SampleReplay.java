package io.keelwatch.rule;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.rule.stateful.StatefulRuntime;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Enrichment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a sample's events through a fresh {@link Pipeline} (in time order, enriched like a scan's) and says whether the named
 * rule raised an alert: how samples of stateful rules, and samples of several records, are judged. When it did not,
 * the verdict tells the most telling reason seen on the way (an exception or an allow-list that stopped one of the
 * events), else NO_MATCH.
 */
final class SampleReplay {
    private SampleReplay() {
    }

    /**
     * The events as a scan would see them: in time order, enriched from a container inventory learned from the
     * sample itself (docker inspect records first, then every event as it comes), shell commands decoded.
     */
    static List<Event> enriched(List<Event> events) {
        Inventory inventory = new Inventory();
        events.stream().filter(e -> "docker_inspect".equals(e.source())).forEach(inventory::learn);
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::timeNanos));
        List<Event> out = new ArrayList<>();
        for (Event e : sorted) {
            out.add(Enrichment.apply(inventory, e));
        }
        return out;
    }

    static boolean isStateful(CompiledRuleSet rules, String ruleId) {
        return rules.compiled(ruleId).map(r -> r.runtime() instanceof StatefulRuntime).orElse(false);
    }

    static Verdict verdict(CompiledRuleSet rules, String ruleId, List<Event> events) {
        if (!rules.rule(ruleId).orElseThrow().enabled()) {
            throw new IllegalStateException("rule '" + ruleId + "' is disabled; samples of several events run "
                    + "through the pipeline, which runs enabled rules only");
        }
        boolean[] fired = {false};
        Pipeline p = new Pipeline(rules, a -> fired[0] |= a.rule().equals(ruleId));
        enriched(events).forEach(p::accept);
        p.finish();
        if (fired[0]) {
            return Verdict.MATCH;
        }
        Verdict best = Verdict.NO_MATCH;
        for (Event e : events) {
            Verdict v = rules.verdict(ruleId, e);
            if (v == Verdict.EXCEPTION || v == Verdict.ALLOWLISTED) {
                best = v;
            }
        }
        return best;
    }
}
