package io.keelwatch.rule.stateful;

import io.keelwatch.detect.FirstSeenConfig;
import io.keelwatch.detect.FirstSeenDetector;
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
 * {@code kind: first_seen}: a value never seen before for its group, once the group has learned for a while.
 * <pre>
 * group_by: [container.image.name]         # optional; default one group
 * value: [destination.ip, destination.port]   # required: field(s), joined with ':'
 * learning: 10m                            # required: values of the first 10 minutes are learned silently
 * learning_scope: per_key                  # per_key (default: each group learns from its first event) or global
 * max_values: 1000                         # optional: remembered values per group
 * </pre>
 */
final class FirstSeenKind implements RuleKindSupport {
    private static final Set<String> KEYS = Set.of("group_by", "value", "learning", "learning_scope", "max_values");

    @Override
    public String kind() {
        return "first_seen";
    }

    @Override
    public RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context ctx) {
        Params p = new Params(rule, kind, ctx, KEYS);
        List<FieldPath> groupBy = p.fields("group_by", false);
        List<FieldPath> value = p.fields("value", true);
        Duration learning = p.duration("learning", null, true);
        String scope = p.choice("learning_scope", "per_key", List.of("per_key", "global"));
        Long maxValues = p.integer("max_values", 1, 1_000L, false);
        StateLimits limits = p.limits();
        if (groupBy == null || value == null || learning == null || scope == null || maxValues == null
                || limits == null) {
            return StatefulKinds.runtime(p, kind(), null);
        }
        FirstSeenConfig.LearningScope ls = scope.equals("global") ? FirstSeenConfig.LearningScope.GLOBAL
                : FirstSeenConfig.LearningScope.PER_KEY;
        return StatefulKinds.runtime(p, kind(), filter -> new FirstSeenDetector(new FirstSeenConfig(rule.id(), filter,
                groupBy, value, learning, ls, (int) Math.min(Integer.MAX_VALUE, maxValues), limits)));
    }
}
