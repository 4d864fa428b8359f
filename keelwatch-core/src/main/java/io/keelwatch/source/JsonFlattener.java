package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lifts nested fields of a JSON record to its top level ({@code --flatten}). Each spec is a dotted path pattern;
 * {@code *} stands for any key, and a pattern that does not end in {@code *} means its children
 * ({@code Event.EventData} = {@code Event.EventData.*}). Every field the pattern matches is copied to the top level
 * under its own key (a key already at the top level, or lifted earlier, is kept); a key with spaces
 * ({@code Threat Name}, as Windows Defender writes them) is also lifted without them ({@code ThreatName}). The
 * nested original stays in place.
 */
public final class JsonFlattener {
    private final List<List<String>> patterns;
    private final List<String> specs;

    private JsonFlattener(List<String> specs, List<List<String>> patterns) {
        this.specs = List.copyOf(specs);
        this.patterns = List.copyOf(patterns);
    }

    /** Parses {@code PREFIX,...} specs; throws IllegalArgumentException naming a bad one. */
    public static JsonFlattener of(List<String> specs) {
        List<List<String>> out = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        for (String raw : specs) {
            for (String s : raw.split(",")) {
                String t = s.strip();
                if (t.isEmpty()) {
                    continue;
                }
                List<String> segs = new ArrayList<>(List.of(t.split("\\.", -1)));
                if (segs.stream().anyMatch(String::isEmpty)) {
                    throw new IllegalArgumentException("bad --flatten prefix '" + t + "' (empty segment)");
                }
                if (!segs.get(segs.size() - 1).equals("*")) {
                    segs.add("*");
                }
                out.add(List.copyOf(segs));
                clean.add(t);
            }
        }
        return new JsonFlattener(clean, out);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public List<String> specs() {
        return specs;
    }

    /** The record with the matching fields lifted (the record itself when there is nothing to lift). */
    public JsonNode apply(JsonNode record) {
        if (patterns.isEmpty() || !record.isObject()) {
            return record;
        }
        ObjectNode out = ((ObjectNode) record).deepCopy();
        for (List<String> p : patterns) {
            lift(record, p, 0, out);
        }
        return out;
    }

    private static void lift(JsonNode n, List<String> pattern, int i, ObjectNode out) {
        if (n == null || !n.isObject()) {
            return;
        }
        String seg = pattern.get(i);
        boolean last = i == pattern.size() - 1;
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
            if (!seg.equals("*") && !seg.equals(e.getKey())) {
                continue;
            }
            if (last) {
                put(out, e.getKey(), e.getValue());
                if (e.getKey().indexOf(' ') >= 0) {
                    put(out, e.getKey().replace(" ", ""), e.getValue());
                }
            } else {
                lift(e.getValue(), pattern, i + 1, out);
            }
        }
    }

    private static void put(ObjectNode out, String key, JsonNode value) {
        if (!out.has(key)) {
            out.set(key, value);
        }
    }
}
