package io.keelwatch.rule.stateful;

import io.keelwatch.detect.StateLimits;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.RuleKindSupport;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Typed access to a stateful rule's own keys. Every problem is reported at the position of the offending value
 * (a missing key at the rule's {@code kind:}); getters return null (or the default) after an error, and
 * {@link #ok()} tells whether anything was reported since construction. Keys common to all kinds: {@code ttl},
 * {@code max_keys} (state limits) and {@code unless} (see {@link Unless}).
 */
final class Params {
    static final Set<String> COMMON = Set.of("ttl", "max_keys", "unless");

    private final RuleDef rule;
    private final RuleKind.Stateful kind;
    private final RuleKindSupport.Context ctx;
    private final Problems p;
    private final int errorsBefore;

    Params(RuleDef rule, RuleKind.Stateful kind, RuleKindSupport.Context ctx, Set<String> keys) {
        this.rule = rule;
        this.kind = kind;
        this.ctx = ctx;
        this.p = ctx.problems();
        this.errorsBefore = p.errorCount();
        Set<String> allowed = new TreeSet<>(keys);
        allowed.addAll(COMMON);
        kind.params().forEach((k, v) -> {
            if (!allowed.contains(k)) {
                error(v, "unknown key '" + k + "' for a " + kind.name() + " rule (expected one of "
                        + String.join(", ", allowed) + ")");
            }
        });
    }

    boolean ok() {
        return p.errorCount() == errorsBefore;
    }

    String ruleId() {
        return rule.id();
    }

    RuleDef rule() {
        return rule;
    }

    YNode get(String key) {
        YNode n = kind.params().get(key);
        return n instanceof YNode.Scalar s && s.isNull() ? null : n;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    void error(YNode at, String message) {
        error(at == null ? kind.loc() : at.loc(), message);
    }

    void error(Loc at, String message) {
        p.error(at, kind.name() + " rule '" + rule.id() + "': " + message);
    }

    /** Reports a missing required key and returns null. */
    <T> T missing(String key, String hint) {
        error(kind.loc(), "needs '" + key + "'" + (hint == null ? "" : " (" + hint + ")"));
        return null;
    }

    Duration duration(String key, Duration def, boolean required) {
        return duration(get(key), key, def, required);
    }

    Duration duration(YNode n, String key, Duration def, boolean required) {
        if (n == null) {
            return required ? missing(key, "a duration such as 30s") : def;
        }
        Duration d = n instanceof YNode.Scalar s ? DurationText.parse(s.value()) : null;
        if (d == null || d.isZero()) {
            error(n, "'" + key + "' must be a positive duration such as 500ms, 30s, 10m or 1h, found "
                    + shown(n));
            return null;
        }
        return d;
    }

    Long integer(String key, long min, Long def, boolean required) {
        return integer(get(key), key, min, def, required);
    }

    Long integer(YNode n, String key, long min, Long def, boolean required) {
        if (n == null) {
            return required ? missing(key, "a whole number") : def;
        }
        Long v = n instanceof YNode.Scalar s && s.type() == YNode.ScalarType.NUMBER ? wholeNumber(s.value()) : null;
        if (v == null || v < min) {
            error(n, "'" + key + "' must be a whole number of at least " + min + ", found " + shown(n));
            return null;
        }
        return v;
    }

    Double number(String key, Double def, double min, boolean strict) {
        YNode n = get(key);
        if (n == null) {
            return def;
        }
        Double v = null;
        if (n instanceof YNode.Scalar s && s.type() == YNode.ScalarType.NUMBER) {
            try {
                v = Double.parseDouble(s.value());
            } catch (NumberFormatException e) {
                v = null;
            }
        }
        if (v == null || !Double.isFinite(v) || (strict ? v <= min : v < min)) {
            error(n, "'" + key + "' must be a number " + (strict ? "above " : "of at least ") + trim(min)
                    + ", found " + shown(n));
            return null;
        }
        return v;
    }

    Boolean bool(String key, boolean def) {
        YNode n = get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof YNode.Scalar s && s.type() == YNode.ScalarType.BOOLEAN) {
            return Boolean.parseBoolean(s.value().toLowerCase());
        }
        error(n, "'" + key + "' must be true or false, found " + shown(n));
        return null;
    }

    /** One of {@code choices} (lower case), or null after an error; {@code def} when absent. */
    String choice(String key, String def, List<String> choices) {
        YNode n = get(key);
        if (n == null) {
            return def;
        }
        if (n instanceof YNode.Scalar s && choices.contains(s.value())) {
            return s.value();
        }
        error(n, "'" + key + "' must be one of " + String.join(", ", choices) + ", found " + shown(n));
        return null;
    }

    /** A field name or a list of them; an empty list when absent and not required; null after an error. */
    List<FieldPath> fields(String key, boolean required) {
        return fields(get(key), key, required);
    }

    List<FieldPath> fields(YNode n, String key, boolean required) {
        if (n == null) {
            return required ? missing(key, "a field or a list of fields") : List.of();
        }
        List<YNode.Scalar> names = new ArrayList<>();
        if (n instanceof YNode.Scalar s) {
            names.add(s);
        } else if (n instanceof YNode.Seq seq) {
            for (YNode i : seq.items()) {
                if (i instanceof YNode.Scalar s && !s.isNull()) {
                    names.add(s);
                } else {
                    error(i, "'" + key + "' must list field names, found " + i.shape() + " in it");
                    return null;
                }
            }
        } else {
            error(n, "'" + key + "' must be a field name or a list of them, found " + n.shape());
            return null;
        }
        if (required && names.isEmpty()) {
            error(n, "'" + key + "' needs at least one field");
            return null;
        }
        List<FieldPath> out = new ArrayList<>();
        boolean good = true;
        for (YNode.Scalar s : names) {
            FieldPath f = ctx.field(s);
            good &= f != null;
            out.add(f);
        }
        return good ? out : null;
    }

    /** Exactly one field. */
    FieldPath field(String key, boolean required) {
        YNode n = get(key);
        if (n != null && !(n instanceof YNode.Scalar)) {
            error(n, "'" + key + "' must be one field name, found " + n.shape());
            return null;
        }
        List<FieldPath> f = fields(n, key, required);
        return f == null || f.isEmpty() ? null : f.get(0);
    }

    /** A condition written as a string value, compiled with the rule set's lists and macros. */
    Predicate<Event> condition(YNode n, String key, String what) {
        if (n == null) {
            return missing(key, "a condition");
        }
        if (!(n instanceof YNode.Scalar s) || s.type() != YNode.ScalarType.STRING) {
            error(n, "'" + key + "' must be a condition (a string), found " + shown(n));
            return null;
        }
        Cond c = ctx.condition(s.text(), "in " + what + " of rule '" + rule.id() + "'");
        return c == null ? null : c::test;
    }

    /** {@code ttl} and {@code max_keys}, over {@link StateLimits#DEFAULT}. */
    StateLimits limits() {
        Duration ttl = duration("ttl", StateLimits.DEFAULT.ttl(), false);
        Long max = integer("max_keys", 1, (long) StateLimits.DEFAULT.maxKeys(), false);
        if (ttl == null || max == null) {
            return null;
        }
        return StateLimits.of(ttl, (int) Math.min(Integer.MAX_VALUE, max));
    }

    /** A mapping value, or null after an error. */
    YNode.Map map(YNode n, String key) {
        if (n instanceof YNode.Map m) {
            return m;
        }
        error(n, "'" + key + "' must be a mapping, found " + shown(n));
        return null;
    }

    /** Reports keys of a nested mapping that are not in {@code allowed}. */
    void onlyKeys(YNode.Map m, String what, List<String> allowed) {
        for (YNode.Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                error(e.keyLoc(), "unknown key '" + e.key() + "' in " + what + " (expected "
                        + String.join(", ", allowed) + ")");
            }
        }
    }

    static String shown(YNode n) {
        return n instanceof YNode.Scalar s ? "'" + s.value() + "'" : n.shape();
    }

    private static Long wholeNumber(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
