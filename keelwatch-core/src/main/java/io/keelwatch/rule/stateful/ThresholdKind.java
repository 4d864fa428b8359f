package io.keelwatch.rule.stateful;

import io.keelwatch.detect.StateLimits;
import io.keelwatch.detect.ThresholdConfig;
import io.keelwatch.detect.ThresholdDetector;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code kind: threshold}: how many of the rule's events (or how many distinct values of a field among them) per
 * group within a sliding window.
 * <pre>
 * window: 60s                      # required
 * group_by: [host.name]            # optional; default one group
 * count: 10                        # at least 10 events; or count: {op: ">", value: 10}
 * distinct: destination.port       # instead of count: distinct values ...
 * threshold: 10                    # ... at least this many (or {op, value})
 * rearm: reset                     # reset (default: start counting afresh) or below (wait until under again)
 * buckets: 10, max_distinct: 10000, evidence: 10   # optional tuning
 * </pre>
 */
final class ThresholdKind implements RuleKindSupport {
    private static final Set<String> KEYS = Set.of("window", "group_by", "count", "distinct", "threshold", "rearm",
            "buckets", "max_distinct", "evidence");

    /** A comparison written as {@code N} or {@code {op: ">=", value: N}}. */
    private record Bound(ThresholdConfig.Op op, long value) {
    }

    @Override
    public String kind() {
        return "threshold";
    }

    @Override
    public RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context ctx) {
        Params p = new Params(rule, kind, ctx, KEYS);
        Duration window = p.duration("window", null, true);
        List<FieldPath> groupBy = p.fields("group_by", false);
        FieldPath distinct = p.field("distinct", false);
        Bound bound = null;
        if (p.has("distinct")) {
            if (p.has("count")) {
                p.error(p.get("count"), "use 'count' or 'distinct' with 'threshold', not both");
            }
            bound = p.has("threshold") ? bound(p, "threshold") : p.missing("threshold", "how many distinct values");
        } else if (p.has("count")) {
            if (p.has("threshold")) {
                p.error(p.get("threshold"), "'threshold' goes with 'distinct'; with 'count' the number is the count");
            }
            bound = bound(p, "count");
        } else {
            p.missing("count", "or 'distinct' and 'threshold'");
        }
        String rearm = p.choice("rearm", "reset", List.of("reset", "below"));
        Long buckets = p.integer("buckets", 1, 10L, false);
        if (buckets != null && buckets > 1000) {
            p.error(p.get("buckets"), "'buckets' must be at most 1000");
        }
        Long maxDistinct = p.integer("max_distinct", 1, 10_000L, false);
        Long evidence = p.integer("evidence", 0, 10L, false);
        StateLimits limits = p.limits();
        if (window == null || groupBy == null || bound == null || rearm == null || buckets == null
                || maxDistinct == null || evidence == null || limits == null) {
            return StatefulKinds.runtime(p, kind(), null);
        }
        ThresholdConfig.Rearm re = rearm.equals("below") ? ThresholdConfig.Rearm.BELOW : ThresholdConfig.Rearm.RESET;
        Bound b = bound;
        return StatefulKinds.runtime(p, kind(), filter -> new ThresholdDetector(new ThresholdConfig(rule.id(),
                filter, groupBy, distinct, window, buckets.intValue(), b.op(), b.value(), re,
                maxDistinct.intValue(), evidence.intValue(), limits)));
    }

    private static Bound bound(Params p, String key) {
        YNode n = p.get(key);
        if (n instanceof YNode.Map m) {
            p.onlyKeys(m, "'" + key + "'", List.of("op", "value"));
            YNode opNode = m.get("op");
            ThresholdConfig.Op op = ThresholdConfig.Op.GE;
            if (opNode != null) {
                String o = opNode instanceof YNode.Scalar s ? s.value() : "";
                if (o.equals(">")) {
                    op = ThresholdConfig.Op.GT;
                } else if (!o.equals(">=")) {
                    p.error(opNode, "'" + key + ".op' must be \">=\" or \">\", found " + Params.shown(opNode));
                    return null;
                }
            }
            Long v = p.integer(m.get("value"), key + ".value", op == ThresholdConfig.Op.GE ? 1 : 0, null, true);
            return v == null ? null : new Bound(op, v);
        }
        Long v = p.integer(n, key, 1, null, true);
        return v == null ? null : new Bound(ThresholdConfig.Op.GE, v);
    }
}
