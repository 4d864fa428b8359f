package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import io.keelwatch.event.Event;
import io.keelwatch.rule.Explanation;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Glob;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One Falco comparison, with Falco's semantics: a field that is not available makes every operator false
 * (including {@code !=}); on a list field {@code in} holds when every value is in the set and {@code intersects}
 * when one is, and, as in Falco's older engine, {@code contains} when the values include every operand and
 * {@code =} / {@code !=} compare the sets of values; other operators compare the field's single value as text ({@code < <= > >=} numerically when both
 * sides are numbers); {@code regex} must match the whole value; {@code pmatch} holds when the value is one of the
 * paths or lies below one.
 */
final class FalcoCheck implements Cond {
    /** The operators a list field accepts. */
    static final Set<String> LIST_FIELD_OPS = Set.of("in", "intersects", "exists", "contains", "=", "!=");
    private final String label;
    private final FalcoFields.FalcoField field;
    private final String arg;
    private final String op;
    private final List<String> operands;
    private final Set<String> set;
    private final Glob glob;
    private final Pattern regex;

    FalcoCheck(String label, FalcoFields.FalcoField field, String arg, String op, List<String> operands) {
        this.label = label;
        this.field = field;
        this.arg = arg;
        this.op = op;
        this.operands = List.copyOf(operands);
        this.set = Set.copyOf(operands);
        this.glob = op.equals("glob") ? Glob.compile(operands.get(0))
                : op.equals("iglob") ? Glob.compile(operands.get(0).toLowerCase(Locale.ROOT)) : null;
        this.regex = op.equals("regex") ? Pattern.compile(operands.get(0)) : null;
    }

    @Override
    public boolean test(Event e) {
        List<String> vs = values(e);
        if (vs == null) {
            return false;
        }
        if (op.equals("exists")) {
            return true;
        }
        if (field.list()) {
            return switch (op) {
                case "intersects" -> vs.stream().anyMatch(set::contains);
                case "contains" -> vs.containsAll(set);
                case "=" -> Set.copyOf(vs).equals(set);
                case "!=" -> !Set.copyOf(vs).equals(set);
                default -> !vs.isEmpty() && set.containsAll(vs);   // in
            };
        }
        return !vs.isEmpty() && single(vs.get(0));
    }

    private List<String> values(Event e) {
        JsonNode raw = e.raw();
        return raw == null ? null : field.extractor().values(e, raw, arg);
    }

    private boolean single(String v) {
        String lit = operands.isEmpty() ? "" : operands.get(0);
        return switch (op) {
            case "=" -> v.equals(lit);
            case "!=" -> !v.equals(lit);
            case "<", "<=", ">", ">=" -> order(v, lit);
            case "contains", "bcontains" -> v.contains(lit);
            case "icontains" -> v.toLowerCase(Locale.ROOT).contains(lit.toLowerCase(Locale.ROOT));
            case "startswith", "bstartswith" -> v.startsWith(lit);
            case "endswith" -> v.endsWith(lit);
            case "glob" -> glob.matches(v);
            case "iglob" -> glob.matches(v.toLowerCase(Locale.ROOT));
            case "regex" -> regex.matches(v);
            case "in", "intersects" -> set.contains(v);
            case "pmatch" -> pathMatch(v);
            default -> false;
        };
    }

    private boolean order(String v, String lit) {
        Double a = Values.parseNumber(v);
        Double b = Values.parseNumber(lit);
        int c = a != null && b != null ? Double.compare(a, b) : v.compareTo(lit);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private boolean pathMatch(String v) {
        for (String p : operands) {
            String base = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
            if (v.equals(base) || v.startsWith(base.endsWith("/") ? base : base + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Explanation explain(Event e) {
        List<String> vs = values(e);
        List<String> shown = new ArrayList<>();
        if (vs != null) {
            vs.forEach(v -> shown.add("\"" + (v.length() > 200 ? v.substring(0, 197) + "..." : v) + "\""));
        }
        return Explanation.leaf(label, test(e), shown);
    }

    @Override
    public String label() {
        return label;
    }

    /** {@code ka.verb = x} and {@code ka.verb in (...)}: the audit reader's {@code event.action} is the verb. */
    @Override
    public Set<String> requiredActions() {
        if (field.name().equals("ka.verb") && (op.equals("=") || op.equals("in") || op.equals("intersects"))) {
            return set;
        }
        return null;
    }
}
