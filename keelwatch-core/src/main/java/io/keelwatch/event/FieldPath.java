package io.keelwatch.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A compiled field reference. Accepts a normalized name ({@code container.name}), a normalized name followed by
 * a map key ({@code container.labels.ci}, {@code container.labels["app.kubernetes.io/name"]}) or a native path
 * into the raw document ({@code objectRef.subresource}, {@code requestObject.spec.containers[*].image},
 * {@code items[0].name}). Arrays met on the way are expanded (any-of semantics); {@code [*]} makes that explicit.
 * Object keys that themselves contain dots ({@code id.orig_h}) are found too.
 *
 * <p>Values produced: String, Long, Double, Boolean, or a JsonNode for objects/arrays at the leaf. JSON null
 * produces nothing.
 */
public final class FieldPath {
    private final String text;
    private final String normalized;      // exact normalized key, or a normalized prefix
    private final List<String> rest;      // segments after the normalized prefix, or all segments for raw
    private final List<String> segments;  // all segments (for raw lookup)
    private final boolean plain;          // exactly a normalized field

    private FieldPath(String text, String normalized, List<String> rest, List<String> segments) {
        this.text = text;
        this.normalized = normalized;
        this.rest = rest;
        this.segments = segments;
        this.plain = normalized != null && rest.isEmpty();
    }

    /** Parses a path; throws IllegalArgumentException with the position of a syntax error. */
    public static FieldPath parse(String text) {
        List<String> segs = split(text);
        String norm = null;
        List<String> rest = segs;
        for (int n = segs.size(); n >= 1; n--) {
            String candidate = String.join(".", segs.subList(0, n));
            if (Fields.isKnown(candidate)) {
                norm = candidate.intern();      // the instance readers put: a lookup then compares references
                rest = List.copyOf(segs.subList(n, segs.size()));
                break;
            }
        }
        return new FieldPath(text, norm, rest, List.copyOf(segs));
    }

    static List<String> split(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty field name");
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                if (cur.length() == 0 && (out.isEmpty() || !out.get(out.size() - 1).startsWith("["))) {
                    throw new IllegalArgumentException("empty segment at column " + (i + 1) + " of '" + text + "'");
                }
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '[' at column " + (i + 1) + " of '" + text + "'");
                }
                String inner = text.substring(i + 1, close).trim();
                if (inner.length() >= 2 && (inner.startsWith("\"") && inner.endsWith("\"")
                        || inner.startsWith("'") && inner.endsWith("'"))) {
                    out.add(inner.substring(1, inner.length() - 1));   // quoted key
                } else if (inner.equals("*") || inner.matches("\\d+")) {
                    out.add("[" + inner + "]");
                } else {
                    throw new IllegalArgumentException("bad index '[" + inner + "]' at column " + (i + 1)
                            + " of '" + text + "'");
                }
                i = close + 1;
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty field name");
        }
        return out;
    }

    public String text() {
        return text;
    }

    /** True when this names exactly a normalized field (not a key inside one, nor a native path). */
    public boolean isPlain() {
        return plain;
    }

    /** True when this names a normalized field (or a key inside one). */
    public boolean isNormalized() {
        return normalized != null;
    }

    /** The normalized field this starts with, or null. */
    public String normalizedField() {
        return normalized;
    }

    /**
     * The value of the normalized field this path names exactly (a scalar, a list or a map), or null when the path
     * is not exactly a normalized field or the event does not have it (then {@link #collect} also looks at the raw
     * document). For the hot path of conditions: no sink, no walk.
     */
    public Object plainValue(Event e) {
        return plain ? e.field(normalized) : null;
    }

    /**
     * False when {@link #collect} certainly finds nothing in the raw document of {@code e} (it is not kept, or has
     * no member this path could start at); known without parsing.
     */
    public boolean rawMayHave(Event e) {
        return e.rawMayHave(segments.get(0));
    }

    /** Calls sink for every value found. */
    public void collect(Event e, Consumer<Object> sink) {
        if (normalized != null) {
            Object v = e.field(normalized);
            if (v != null) {
                if (plain && !(v instanceof Collection<?>)) {
                    sink.accept(v);
                } else {
                    walkJava(v, rest, 0, sink);
                }
                return;
            }
        }
        if (e.rawMayHave(segments.get(0))) {
            walkJson(e.raw(), segments, 0, sink);
        }
    }

    public List<Object> values(Event e) {
        List<Object> out = new ArrayList<>(2);
        collect(e, out::add);
        return out;
    }

    /** The first value, or null. */
    public Object first(Event e) {
        Object plainOne = plainValue(e);
        if (plainOne != null && !(plainOne instanceof Collection<?>)) {
            return plainOne;          // as collect would give it first, without a callback
        }
        Object[] box = new Object[1];
        collect(e, v -> {
            if (box[0] == null) {
                box[0] = v;
            }
        });
        return box[0];
    }

    public boolean exists(Event e) {
        return first(e) != null;
    }

    private static void walkJava(Object v, List<String> segs, int i, Consumer<Object> sink) {
        if (v == null) {
            return;
        }
        if (i == segs.size()) {
            if (v instanceof Collection<?> c) {
                for (Object o : c) {
                    if (o != null) {
                        sink.accept(o);
                    }
                }
            } else {
                sink.accept(v);
            }
            return;
        }
        String seg = segs.get(i);
        if (v instanceof Map<?, ?> m) {
            // keys may contain dots: try the longest join first
            for (int n = segs.size(); n > i; n--) {
                String key = String.join(".", segs.subList(i, n));
                Object sub = m.get(key);
                if (sub != null) {
                    walkJava(sub, segs, n, sink);
                    return;
                }
            }
        } else if (v instanceof List<?> l) {
            if (seg.equals("[*]")) {
                for (Object o : l) {
                    walkJava(o, segs, i + 1, sink);
                }
            } else if (seg.startsWith("[")) {
                int idx = Integer.parseInt(seg.substring(1, seg.length() - 1));
                if (idx < l.size()) {
                    walkJava(l.get(idx), segs, i + 1, sink);
                }
            } else {
                for (Object o : l) {
                    walkJava(o, segs, i, sink);
                }
            }
        } else if (v instanceof JsonNode n) {
            walkJson(n, segs, i, sink);
        }
    }

    private static void walkJson(JsonNode n, List<String> segs, int i, Consumer<Object> sink) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return;
        }
        if (i == segs.size()) {
            if (n.isArray()) {
                for (JsonNode c : n) {
                    Object v = scalar(c);
                    if (v != null) {
                        sink.accept(v);
                    }
                }
            } else {
                Object v = scalar(n);
                if (v != null) {
                    sink.accept(v);
                }
            }
            return;
        }
        String seg = segs.get(i);
        if (n.isArray()) {
            if (seg.equals("[*]")) {
                for (JsonNode c : n) {
                    walkJson(c, segs, i + 1, sink);
                }
            } else if (seg.startsWith("[")) {
                walkJson(n.get(Integer.parseInt(seg.substring(1, seg.length() - 1))), segs, i + 1, sink);
            } else {
                for (JsonNode c : n) {
                    walkJson(c, segs, i, sink);
                }
            }
        } else if (n.isObject()) {
            JsonNode direct = n.get(seg);
            if (direct != null) {
                walkJson(direct, segs, i + 1, sink);
                return;
            }
            for (int k = i + 2; k <= segs.size(); k++) {
                JsonNode sub = n.get(String.join(".", segs.subList(i, k)));
                if (sub != null) {
                    walkJson(sub, segs, k, sink);
                    return;
                }
            }
        }
    }

    /** JSON scalar to Java; objects and arrays stay JsonNode; null becomes null. */
    public static Object scalar(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
