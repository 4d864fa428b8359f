package io.keelwatch.rule.stateful;

import io.keelwatch.detect.BaselineConfig;
import io.keelwatch.detect.BaselineDetector;
import io.keelwatch.detect.StateLimits;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code kind: baseline}: a number far above its group's own normal (an EWMA of the value and of its deviation).
 * <pre>
 * group_by: [container.name]       # optional; default one group
 * value: container.cpu.pct         # the number to watch; or
 * bucket: 60s                      # instead of value: the rule's events per bucket (a rate)
 * k: 4                             # deviations above the mean (default 4)
 * min_history: 30                  # samples before the baseline test applies (default 30)
 * floor: 50                        # the value must also be above this (default 0)
 * min_deviation: 5                 # lower bound of the deviation (default 0)
 * max_age: 120s                    # optional: while a group is younger, any value above floor fires
 * alpha: 0.05                      # EWMA weight of a new sample (default 0.05)
 * use_baseline: true               # false: only the young-group test (needs max_age)
 * evidence: 10
 * </pre>
 */
final class BaselineKind implements RuleKindSupport {
    private static final Set<String> KEYS = Set.of("group_by", "value", "bucket", "k", "min_history", "floor",
            "min_deviation", "max_age", "alpha", "use_baseline", "evidence");

    @Override
    public String kind() {
        return "baseline";
    }

    @Override
    public RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context ctx) {
        Params p = new Params(rule, kind, ctx, KEYS);
        List<FieldPath> groupBy = p.fields("group_by", false);
        FieldPath value = p.field("value", false);
        Duration bucket = p.duration("bucket", null, false);
        if (p.has("value") == p.has("bucket")) {
            p.error(p.get("bucket"), "needs exactly one of 'value' (a number field) or 'bucket' (a rate per bucket)");
        }
        Double k = p.number("k", 4.0, 0, true);
        Long minHistory = p.integer("min_history", 1, 30L, false);
        Double floor = p.number("floor", 0.0, -Double.MAX_VALUE, false);
        Double minDev = p.number("min_deviation", 0.0, 0, false);
        Duration maxAge = p.duration("max_age", Duration.ZERO, false);
        Double alpha = p.number("alpha", 0.05, 0, true);
        if (alpha != null && alpha > 1) {
            p.error(p.get("alpha"), "'alpha' must be at most 1");
        }
        Boolean useBaseline = p.bool("use_baseline", true);
        if (Boolean.FALSE.equals(useBaseline) && !p.has("max_age")) {
            p.error(p.get("use_baseline"), "'use_baseline: false' needs 'max_age' (the young-group test)");
        }
        Long evidence = p.integer("evidence", 1, 10L, false);
        StateLimits limits = p.limits();
        if (groupBy == null || k == null || minHistory == null || floor == null || minDev == null || maxAge == null
                || alpha == null || useBaseline == null || evidence == null || limits == null) {
            return StatefulKinds.runtime(p, kind(), null);
        }
        return StatefulKinds.runtime(p, kind(), filter -> new BaselineDetector(new BaselineConfig(rule.id(), filter,
                groupBy, value, bucket, alpha, k, (int) Math.min(Integer.MAX_VALUE, minHistory), floor, minDev,
                maxAge, useBaseline, evidence.intValue(), limits)));
    }
}
