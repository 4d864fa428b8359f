package io.keelwatch.rule.sigma;

import io.keelwatch.rule.parse.YNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correlation section, checked: {@code type} (event_count, value_count, temporal, temporal_ordered, value_sum,
 * value_avg, value_percentile), {@code rules} (ids or names of rules or correlations), {@code group-by},
 * {@code timespan} ({@code <n>s|m|h|d|w|M|y}), {@code condition} (one or two of gt, gte, lt, lte, eq, neq, and
 * {@code field} for the value_* types and value_count), {@code aliases} and {@code generate}.
 */
record SigmaCorrelationSpec(String type, List<String> rules, List<String> groupBy, Duration timespan,
                            Map<String, Double> bounds, String field, Map<String, Map<String, String>> aliases,
                            boolean generate) {

    static final Set<String> TYPES = Set.of("event_count", "value_count", "temporal", "temporal_ordered",
            "value_sum", "value_avg", "value_percentile");
    private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");
    private static final Pattern SPAN = Pattern.compile("(\\d{1,9})([smhdwMy])");

    static SigmaCorrelationSpec parse(SigmaDocument d) throws SigmaRefusal {
        if (!(d.root().get("correlation") instanceof YNode.Map c)) {
            throw new SigmaRefusal("'correlation' must be a mapping", d.loc());
        }
        String type = SigmaDocument.text(c, "type");
        if (type == null || !TYPES.contains(type)) {
            throw new SigmaRefusal("unknown correlation type '" + type + "' (event_count, value_count, temporal, "
                    + "temporal_ordered, value_sum, value_avg, value_percentile)", c.loc());
        }
        List<String> rules = SigmaDocument.strings(c.get("rules"));
        if (rules.isEmpty()) {
            throw new SigmaRefusal("correlation names no rules", c.loc());
        }
        Duration span = timespan(SigmaDocument.text(c, "timespan"), c);
        Map<String, Double> bounds = new LinkedHashMap<>();
        String field = null;
        if (c.get("condition") instanceof YNode.Map cond) {
            for (YNode.Entry e : cond.entries()) {
                if (e.key().equals("field")) {
                    List<String> f = SigmaDocument.strings(e.value());
                    if (f.size() != 1) {
                        throw new SigmaRefusal("correlation condition 'field' must name one field", e.keyLoc());
                    }
                    field = f.get(0);
                } else if (OPS.contains(e.key()) && e.value() instanceof YNode.Scalar s
                        && s.type() == YNode.ScalarType.NUMBER) {
                    bounds.put(e.key(), Double.parseDouble(s.value()));
                } else {
                    throw new SigmaRefusal("correlation condition key '" + e.key() + "' is not one of gt, gte, lt, lte, "
                            + "eq, neq with a number, or field", e.keyLoc());
                }
            }
        } else if (c.has("condition")) {
            throw new SigmaRefusal("a correlation condition is a mapping such as {gte: 10}; boolean expressions over "
                    + "rule names are not supported", c.get("condition").loc());
        }
        boolean temporal = type.startsWith("temporal");
        if (bounds.isEmpty()) {
            if (!temporal) {
                throw new SigmaRefusal("correlation of type " + type + " needs a condition such as {gte: 10}", c.loc());
            }
            bounds.put("gte", (double) rules.size());
        }
        if (bounds.size() > 2) {
            throw new SigmaRefusal("a correlation condition has one comparison, or two for a range", c.loc());
        }
        boolean needsField = type.startsWith("value_");
        if (needsField && field == null) {
            throw new SigmaRefusal("correlation of type " + type + " needs condition.field", c.loc());
        }
        if (!needsField && field != null) {
            throw new SigmaRefusal("condition.field does not apply to correlation type " + type, c.loc());
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        if (c.get("aliases") instanceof YNode.Map am) {
            for (YNode.Entry e : am.entries()) {
                Map<String, String> per = new LinkedHashMap<>();
                if (e.value() instanceof YNode.Map pm) {
                    for (YNode.Entry x : pm.entries()) {
                        per.put(x.key(), x.value() instanceof YNode.Scalar s ? s.value() : "");
                    }
                }
                aliases.put(e.key(), per);
            }
        }
        List<String> groupBy = new ArrayList<>(SigmaDocument.strings(c.get("group-by")));
        String gen = SigmaDocument.text(c, "generate");
        return new SigmaCorrelationSpec(type, rules, groupBy, span, bounds, field, aliases, "true".equals(gen));
    }

    private static Duration timespan(String t, YNode.Map c) throws SigmaRefusal {
        Matcher m = t == null ? null : SPAN.matcher(t.strip());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new SigmaRefusal("correlation needs a timespan such as 5m, 1h or 1d, not '" + t + "'", c.loc());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    /** True when the condition has an upper bound (lt, lte, eq, neq): decided when the window closes. */
    boolean decidedAtWindowEnd() {
        return !type.startsWith("temporal") && bounds.keySet().stream().anyMatch(k -> !k.equals("gt") && !k.equals("gte"));
    }

    boolean holds(double measure) {
        for (Map.Entry<String, Double> b : bounds.entrySet()) {
            double v = b.getValue();
            boolean ok = switch (b.getKey()) {
                case "gt" -> measure > v;
                case "gte" -> measure >= v;
                case "lt" -> measure < v;
                case "lte" -> measure <= v;
                case "eq" -> measure == v;
                default -> measure != v;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The field of {@code rule} (id or name) that stands for group-by name {@code g} (aliases), or g itself. */
    String fieldFor(String g, SigmaDocument rule) {
        Map<String, String> per = aliases.get(g);
        if (per != null) {
            for (Map.Entry<String, String> e : per.entrySet()) {
                if (rule.isNamed(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return g;
    }

    String conditionText() {
        StringBuilder b = new StringBuilder(type);
        if (field != null) {
            b.append(" of ").append(field);
        }
        bounds.forEach((k, v) -> b.append(' ').append(k).append(' ').append(v == Math.rint(v) ? Long.toString(
                v.longValue()) : v.toString()));
        return b.append(" within ").append(timespan).append(groupBy.isEmpty() ? "" : " by " + groupBy).toString();
    }
}
