package io.keelwatch.rule.stateful;

import io.keelwatch.detect.SequenceConfig;
import io.keelwatch.detect.SequenceDetector;
import io.keelwatch.detect.StateLimits;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code kind: sequence}: ordered steps joined by key within a maxspan; {@code absent} steps must not happen
 * between their neighbours (or, trailing, before the maxspan ends).
 * <pre>
 * by: [container.id]               # optional; default one sequence for all events
 * maxspan: 60s                     # required: the whole sequence, from the first step's event
 * steps:                           # required; the first one is not absent
 *   - {name: created, condition: "event.action = create"}
 *   - {name: no_exec, absent: true, condition: "event.action = exec_create"}
 *   - {name: destroyed, condition: "event.action = destroy"}
 * </pre>
 * Step conditions are full conditions (lists, macros) tested on the events the rule's own condition selects.
 */
final class SequenceKind implements RuleKindSupport {
    private static final Set<String> KEYS = Set.of("by", "maxspan", "steps");
    private static final List<String> STEP_KEYS = List.of("name", "condition", "absent");

    @Override
    public String kind() {
        return "sequence";
    }

    @Override
    public RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context ctx) {
        Params p = new Params(rule, kind, ctx, KEYS);
        List<FieldPath> by = p.fields("by", false);
        Duration maxspan = p.duration("maxspan", null, true);
        List<SequenceConfig.Step> steps = steps(p);
        StateLimits limits = p.limits();
        if (by == null || maxspan == null || steps == null || limits == null) {
            return StatefulKinds.runtime(p, kind(), null);
        }
        return StatefulKinds.runtime(p, kind(), filter -> new SequenceDetector(new SequenceConfig(rule.id(), filter,
                steps, by, maxspan, limits)));
    }

    private static List<SequenceConfig.Step> steps(Params p) {
        YNode n = p.get("steps");
        if (n == null) {
            return p.missing("steps", "a list of {name, condition, absent}");
        }
        if (!(n instanceof YNode.Seq seq) || seq.items().isEmpty()) {
            p.error(n, "'steps' must be a non-empty list of steps, found " + Params.shown(n));
            return null;
        }
        List<SequenceConfig.Step> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean good = true;
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            YNode.Map m = p.map(item, "steps[" + i + "]");
            if (m == null) {
                good = false;
                continue;
            }
            p.onlyKeys(m, "a step", STEP_KEYS);
            YNode nameNode = m.get("name");
            String name = nameNode instanceof YNode.Scalar s && !s.isNull() ? s.value() : "step" + (i + 1);
            if (nameNode != null && !(nameNode instanceof YNode.Scalar)) {
                p.error(nameNode, "a step's 'name' must be a string");
                good = false;
            }
            if (!names.add(name)) {
                p.error(nameNode == null ? item : nameNode, "two steps are named '" + name + "'");
                good = false;
            }
            boolean absent = false;
            YNode a = m.get("absent");
            if (a != null) {
                if (a instanceof YNode.Scalar s && s.type() == YNode.ScalarType.BOOLEAN) {
                    absent = Boolean.parseBoolean(s.value().toLowerCase());
                } else {
                    p.error(a, "a step's 'absent' must be true or false, found " + Params.shown(a));
                    good = false;
                }
            }
            if (absent && i == 0) {
                p.error(a, "the first step must not be absent (a sequence starts with an event)");
                good = false;
            }
            YNode c = m.get("condition");
            Predicate<Event> cond = c == null ? null : p.condition(c, "condition", "step '" + name + "'");
            if (c == null) {
                p.error(item, "step '" + name + "' needs a 'condition'");
            }
            good &= cond != null;
            out.add(cond == null ? null : new SequenceConfig.Step(name, absent, cond));
        }
        return good ? out : null;
    }
}
