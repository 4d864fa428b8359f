package io.keelwatch.rule.stateful;

import io.keelwatch.detect.StatefulDetector;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The stateful rule kinds of the rule language, compiled into the detectors of {@code io.keelwatch.detect}:
 * {@link ThresholdKind}, {@link SequenceKind}, {@link LifetimeKind}, {@link FirstSeenKind}, {@link BaselineKind}.
 * See docs/rules.md, "Stateful rules", for their keys.
 */
public final class StatefulKinds {
    /** Longest {@code unless.within}: ordered output waits for it (see {@code io.keelwatch.engine.Pipeline}). */
    public static final Duration MAX_WITHIN = Duration.ofMinutes(1);

    private StatefulKinds() {
    }

    /** Support for every stateful kind, for {@code RuleCompiler.standard()}. */
    public static List<RuleKindSupport> all() {
        return List.of(new ThresholdKind(), new SequenceKind(), new LifetimeKind(), new FirstSeenKind(),
                new BaselineKind());
    }

    /**
     * The runtime for a rule whose keys compiled: {@code build} makes the detector from the filter it is given,
     * wrapped to apply the rule's {@code unless} key when it has one. Null when {@code p} reported errors (then
     * {@code build} may be null).
     */
    static StatefulRuntime runtime(Params p, String kind, Function<Predicate<Event>, StatefulDetector> build) {
        Unless unless = unless(p);
        if (!p.ok() || build == null) {
            return null;
        }
        try {
            build.apply(e -> false); // the detectors' own checks, at load time rather than at the first scan
        } catch (IllegalArgumentException ex) {
            p.error((YNode) null, ex.getMessage());
            return null;
        }
        if (unless == null) {
            return new StatefulRuntime(kind, build);
        }
        return new StatefulRuntime(kind, filter -> new GuardedDetector(filter, unless, build));
    }

    private static Unless unless(Params p) {
        YNode n = p.get("unless");
        if (n == null) {
            return null;
        }
        YNode.Map m = p.map(n, "unless");
        if (m == null) {
            return null;
        }
        p.onlyKeys(m, "'unless'", List.of("condition", "by", "within"));
        Predicate<Event> c = p.condition(m.get("condition"), "unless.condition", "'unless'");
        List<FieldPath> by = p.fields(m.get("by"), "unless.by", true);
        Duration within = p.duration(m.get("within"), "unless.within", null, true);
        if (within != null && within.compareTo(MAX_WITHIN) > 0) {
            p.error(m.get("within"), "'unless.within' must be at most " + DurationText.format(MAX_WITHIN));
            within = null;
        }
        return c == null || by == null || within == null ? null : new Unless(c, by, within);
    }
}
