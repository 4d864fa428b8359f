package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named long counters, insertion-ordered, snapshot-able. */
final class Counters {
    private final Map<String, long[]> values = new LinkedHashMap<>();

    Counters(String... preset) {
        for (String p : preset) {
            values.put(p, new long[1]);
        }
    }

    void inc(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        values.computeIfAbsent(name, k -> new long[1])[0] += n;
    }

    long get(String name) {
        long[] v = values.get(name);
        return v == null ? 0 : v[0];
    }

    Map<String, Long> asMap() {
        Map<String, Long> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        values.forEach((k, v) -> n.put(k, v[0]));
        return n;
    }

    void restore(JsonNode n) {
        values.values().forEach(v -> v[0] = 0);
        if (n == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.computeIfAbsent(e.getKey(), k -> new long[1])[0] = e.getValue().asLong();
        }
    }
}
