package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.FieldPath;

import java.util.List;
import java.util.function.Consumer;

/**
 * A dotted path into an event's JSON, as Sigma field names are read from native records: {@code objectRef.resource},
 * {@code Provider.#attributes.Name}. Arrays met on the way are expanded (any element); a key that itself contains
 * dots ({@code annotations.authorization.k8s.io/decision}) is found; a segment {@code *} stands for every key
 * (or element). Values are String, Long, Double, Boolean, or the JsonNode of an object; JSON null is no value.
 */
final class SigmaPath {
    private final List<String> segments;
    private final String text;

    SigmaPath(String text) {
        this.text = text;
        this.segments = List.of(text.split("\\.", -1));
    }

    String text() {
        return text;
    }

    void collect(JsonNode root, Consumer<Object> sink) {
        if (root != null) {
            walk(root, 0, sink);
        }
    }

    private void walk(JsonNode n, int i, Consumer<Object> sink) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                walk(c, i, sink);
            }
            return;
        }
        if (i == segments.size()) {
            Object v = n.isObject() ? n : FieldPath.scalar(n);
            if (v != null) {
                sink.accept(v);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        String seg = segments.get(i);
        if (seg.equals("*")) {
            n.elements().forEachRemaining(c -> walk(c, i + 1, sink));
            return;
        }
        JsonNode direct = n.get(seg);
        if (direct != null) {
            walk(direct, i + 1, sink);
            return;
        }
        for (int k = i + 2; k <= segments.size(); k++) {
            JsonNode sub = n.get(String.join(".", segments.subList(i, k)));
            if (sub != null) {
                walk(sub, k, sink);
                return;
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
