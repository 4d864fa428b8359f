package io.keelwatch.rule.stateful;

import io.keelwatch.detect.LifetimeConfig;
import io.keelwatch.detect.LifetimeDetector;
import io.keelwatch.detect.StateLimits;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code kind: lifetime}: entities (containers, pods) that end soon after they start.
 * <pre>
 * entity: container.id             # required: field(s) naming the entity
 * start: "event.action = create"   # required: the first such event starts its life
 * end: "event.action = die"        # required: the first such event after the start ends it
 * max_lifetime: 30s                # required: fire when it ended within this
 * require: {exec: "event.action = exec_create"}   # optional: each must have happened in between
 * burst: {min_count: 10, window: 60s, group_by: [host.name]}   # optional: fire on bursts instead
 * activity: event.action, evidence: 10            # optional
 * </pre>
 */
final class LifetimeKind implements RuleKindSupport {
    private static final Set<String> KEYS = Set.of("entity", "start", "end", "max_lifetime", "require", "burst",
            "activity", "evidence");

    @Override
    public String kind() {
        return "lifetime";
    }

    @Override
    public RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context ctx) {
        Params p = new Params(rule, kind, ctx, KEYS);
        List<FieldPath> entity = p.fields("entity", true);
        Predicate<Event> start = p.condition(p.get("start"), "start", "'start'");
        Predicate<Event> end = p.condition(p.get("end"), "end", "'end'");
        Duration max = p.duration("max_lifetime", null, true);
        FieldPath activity = p.field("activity", false);
        Map<String, Predicate<Event>> require = require(p);
        LifetimeConfig.Burst burst = burst(p);
        Long evidence = p.integer("evidence", 2, 10L, false);
        StateLimits limits = p.limits();
        if (entity == null || start == null || end == null || max == null || require == null
                || (p.has("burst") && burst == null) || evidence == null || limits == null) {
            return StatefulKinds.runtime(p, kind(), null);
        }
        return StatefulKinds.runtime(p, kind(), filter -> new LifetimeDetector(new LifetimeConfig(rule.id(), filter,
                entity, start, end, max, activity, require, burst, evidence.intValue(), limits)));
    }

    private static Map<String, Predicate<Event>> require(Params p) {
        Map<String, Predicate<Event>> out = new LinkedHashMap<>();
        YNode n = p.get("require");
        if (n == null) {
            return out;
        }
        YNode.Map m = p.map(n, "require");
        if (m == null) {
            return null;
        }
        if (m.entries().size() > 30) {
            p.error(n, "at most 30 'require' conditions");
            return null;
        }
        boolean good = true;
        for (YNode.Entry e : m.entries()) {
            Predicate<Event> c = p.condition(e.value(), "require." + e.key(), "'require." + e.key() + "'");
            good &= c != null;
            out.put(e.key(), c);
        }
        return good ? out : null;
    }

    private static LifetimeConfig.Burst burst(Params p) {
        YNode n = p.get("burst");
        if (n == null) {
            return null;
        }
        YNode.Map m = p.map(n, "burst");
        if (m == null) {
            return null;
        }
        p.onlyKeys(m, "'burst'", List.of("min_count", "window", "group_by"));
        Long min = p.integer(m.get("min_count"), "burst.min_count", 1, null, true);
        Duration window = p.duration(m.get("window"), "burst.window", null, true);
        List<FieldPath> groupBy = p.fields(m.get("group_by"), "burst.group_by", false);
        if (min == null || window == null || groupBy == null) {
            return null;
        }
        return new LifetimeConfig.Burst((int) Math.min(Integer.MAX_VALUE, min), window, groupBy);
    }
}
