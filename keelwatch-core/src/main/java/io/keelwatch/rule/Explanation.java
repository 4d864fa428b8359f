package io.keelwatch.rule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Why a rule did or did not fire for an event: a tree that mirrors the condition (macros appear as their own
 * nodes), with for each part whether it held and, for comparisons, the field values seen.
 */
public record Explanation(String label, boolean held, List<String> values, List<Explanation> children) {

    public Explanation {
        values = List.copyOf(values);
        children = List.copyOf(children);
    }

    public static Explanation leaf(String label, boolean held, List<String> values) {
        return new Explanation(label, held, values, List.of());
    }

    public static Explanation node(String label, boolean held, List<Explanation> children) {
        return new Explanation(label, held, List.of(), children);
    }

    /** An indented tree, one part per line: {@code [yes] label  values: [...]}. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        render(b, 0);
        return b.toString();
    }

    private void render(StringBuilder b, int depth) {
        b.append("  ".repeat(depth)).append(held ? "[yes] " : "[no]  ").append(label);
        if (children.isEmpty()) {
            b.append("   values: ").append(values.isEmpty() ? "(none)" : values.toString());
        }
        b.append('\n');
        for (Explanation c : children) {
            c.render(b, depth + 1);
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("label", label);
        o.put("held", held);
        if (children.isEmpty()) {
            ArrayNode v = o.putArray("values");
            values.forEach(v::add);
        } else {
            ArrayNode c = o.putArray("children");
            children.forEach(x -> c.add(x.toJson()));
        }
        return o;
    }
}
