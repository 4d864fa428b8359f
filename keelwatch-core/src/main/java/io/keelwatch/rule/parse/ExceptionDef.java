package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exception of a rule: when it matches an event, the rule does not fire for that event. Two forms:
 * <ul>
 * <li>field tuples: {@code {name, fields: [f1, f2], comps: [=, in], values: [[v1, [a, b]], ...]}}: matches when,
 * for some row of values, every field compares true with its value ({@code comps} defaults to {@code =}; with
 * {@code fields: f} as a single field, each row is a single value);</li>
 * <li>a condition: {@code {name, condition: "..."}}.</li>
 * </ul>
 * {@code rows} holds one list of value nodes per row (a value node is a scalar, or a list for {@code in});
 * {@code single} is true when {@code fields} was written as one field rather than a list.
 */
public record ExceptionDef(String name, Loc loc, List<YNode.Scalar> fields, boolean single,
                           List<YNode.Scalar> comps, List<List<YNode>> rows, LocatedString condition) {
    private static final Set<String> KEYS = Set.of("name", "fields", "comps", "values", "condition");

    public ExceptionDef {
        fields = List.copyOf(fields);
        comps = List.copyOf(comps);
        rows = rows.stream().map(List::copyOf).toList();
    }

    public boolean isCondition() {
        return condition != null;
    }

    /** Parses a list of exceptions; later entries with a known name and only {@code values} add rows to it. */
    public static List<ExceptionDef> parseList(YNode n, Problems p) {
        Map<String, ExceptionDef> out = new LinkedHashMap<>();
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(n instanceof YNode.Seq seq)) {
            p.error(n.loc(), "'exceptions' must be a list, found " + n.shape());
            return List.of();
        }
        for (YNode item : seq.items()) {
            if (!(item instanceof YNode.Map m)) {
                p.error(item.loc(), "an exception must be a mapping with name and fields/values or condition");
                continue;
            }
            String name = Nodes.string(m.get("name"), "exception 'name'", p);
            if (name == null || name.isBlank()) {
                p.error(m.loc(), "an exception needs a 'name'");
                continue;
            }
            for (YNode.Entry e : m.entries()) {
                if (!KEYS.contains(e.key())) {
                    p.error(e.keyLoc(), "unknown exception key '" + e.key() + "' (expected name, fields, comps, values"
                            + " or condition)");
                }
            }
            ExceptionDef prev = out.get(name);
            if (prev != null) {
                if (Set.copyOf(m.keys()).equals(Set.of("name", "values")) && !prev.isCondition()) {
                    List<List<YNode>> rows = new ArrayList<>(prev.rows());
                    rows.addAll(rows(m.get("values"), prev.fields().size(), prev.single(), p));
                    out.put(name, new ExceptionDef(name, prev.loc(), prev.fields(), prev.single(), prev.comps(),
                            rows, null));
                } else {
                    p.error(m.loc(), "exception '" + name + "' is defined twice (to add values to it, give only "
                            + "name and values)");
                }
                continue;
            }
            ExceptionDef d = parseOne(name, m, p);
            if (d != null) {
                out.put(name, d);
            }
        }
        return List.copyOf(out.values());
    }

    private static ExceptionDef parseOne(String name, YNode.Map m, Problems p) {
        YNode cond = m.get("condition");
        if (cond != null) {
            if (m.has("fields") || m.has("values") || m.has("comps")) {
                p.error(m.loc(), "exception '" + name + "': use either condition or fields/comps/values");
                return null;
            }
            YNode.Scalar s = Nodes.scalar(cond, "exception condition", p);
            return s == null ? null : new ExceptionDef(name, m.loc(), List.of(), false, List.of(), List.of(),
                    s.text());
        }
        YNode fieldsNode = m.get("fields");
        if (fieldsNode == null) {
            p.error(m.loc(), "exception '" + name + "' needs 'fields' and 'values' (or a 'condition')");
            return null;
        }
        boolean single = fieldsNode instanceof YNode.Scalar;
        List<YNode.Scalar> fields = Nodes.scalars(fieldsNode, "exception fields", p);
        if (fields.isEmpty()) {
            p.error(fieldsNode.loc(), "exception '" + name + "' has no fields");
            return null;
        }
        List<YNode.Scalar> comps = Nodes.scalars(m.get("comps"), "exception comps", p);
        if (!comps.isEmpty() && comps.size() != fields.size()) {
            p.error(m.get("comps").loc(), "exception '" + name + "' has " + fields.size() + " field(s) but "
                    + comps.size() + " comp(s)");
            return null;
        }
        List<List<YNode>> rows = rows(m.get("values"), fields.size(), single, p);
        return new ExceptionDef(name, m.loc(), fields, single, comps, rows, null);
    }

    private static List<List<YNode>> rows(YNode values, int width, boolean single, Problems p) {
        List<List<YNode>> rows = new ArrayList<>();
        if (values == null || values instanceof YNode.Scalar s && s.isNull()) {
            return rows;
        }
        if (!(values instanceof YNode.Seq seq)) {
            p.error(values.loc(), "exception 'values' must be a list, found " + values.shape());
            return rows;
        }
        for (YNode row : seq.items()) {
            if (single) {
                rows.add(List.of(row));
            } else if (row instanceof YNode.Seq r && r.items().size() == width) {
                rows.add(r.items());
            } else {
                p.error(row.loc(), "each row of exception values must be a list of " + width + " value(s), one per"
                        + " field");
            }
        }
        return rows;
    }
}
