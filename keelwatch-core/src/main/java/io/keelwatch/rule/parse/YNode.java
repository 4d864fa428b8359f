package io.keelwatch.rule.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An immutable YAML node that knows where it was read: a scalar, a sequence or a mapping. */
public sealed interface YNode permits YNode.Scalar, YNode.Seq, YNode.Map {

    Loc loc();

    /** A short name of the node's shape for error messages. */
    String shape();

    /** The node as plain Java: String, Long, Double, Boolean, null, List or LinkedHashMap. */
    Object toPlain();

    /** The node as JSON (numbers and booleans keep their type). */
    JsonNode toJson();

    enum ScalarType { STRING, NUMBER, BOOLEAN, NULL }

    /** A scalar; {@code quoted} when written in quotes (so {@code "true"} stays text and a list name is not expanded). */
    record Scalar(LocatedString text, ScalarType type, boolean quoted, Loc loc) implements YNode {
        public String value() {
            return text.value();
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String shape() {
            return "a scalar";
        }

        @Override
        public Object toPlain() {
            return switch (type) {
                case NULL -> null;
                case BOOLEAN -> Boolean.parseBoolean(value().toLowerCase());
                case NUMBER -> number();
                case STRING -> value();
            };
        }

        private Object number() {
            try {
                return Long.parseLong(value());
            } catch (NumberFormatException e) {
                try {
                    return Double.parseDouble(value());
                } catch (NumberFormatException e2) {
                    return value();
                }
            }
        }

        @Override
        public JsonNode toJson() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            Object p = toPlain();
            if (p == null) {
                return f.nullNode();
            }
            if (p instanceof Boolean b) {
                return f.booleanNode(b);
            }
            if (p instanceof Long l) {
                return f.numberNode(l);
            }
            if (p instanceof Double d) {
                return f.numberNode(new BigDecimal(value()));
            }
            return f.textNode(p.toString());
        }
    }

    record Seq(List<YNode> items, Loc loc) implements YNode {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String shape() {
            return "a list";
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>();
            for (YNode n : items) {
                out.add(n.toPlain());
            }
            return out;
        }

        @Override
        public JsonNode toJson() {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            items.forEach(n -> a.add(n.toJson()));
            return a;
        }
    }

    /** One key of a mapping, with the position of the key itself. */
    record Entry(String key, Loc keyLoc, YNode value) {
    }

    record Map(List<Entry> entries, Loc loc) implements YNode {
        public Map {
            entries = List.copyOf(entries);
        }

        public YNode get(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e.value();
                }
            }
            return null;
        }

        public boolean has(String key) {
            return get(key) != null;
        }

        public Entry entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        public List<String> keys() {
            List<String> k = new ArrayList<>();
            entries.forEach(e -> k.add(e.key()));
            return k;
        }

        @Override
        public String shape() {
            return "a mapping";
        }

        @Override
        public Object toPlain() {
            java.util.Map<String, Object> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.key(), e.value().toPlain());
            }
            return out;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            entries.forEach(e -> o.set(e.key(), e.value().toJson()));
            return o;
        }

        /** A copy with {@code key} set to {@code value} (replacing or appending the entry). */
        public Map with(String key, YNode value) {
            List<Entry> out = new ArrayList<>();
            boolean done = false;
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    out.add(new Entry(key, e.keyLoc(), value));
                    done = true;
                } else {
                    out.add(e);
                }
            }
            if (!done) {
                out.add(new Entry(key, value.loc(), value));
            }
            return new Map(out, loc);
        }

        public static java.util.Map<String, YNode> index(Map m) {
            java.util.Map<String, YNode> out = new LinkedHashMap<>();
            m.entries.forEach(e -> out.put(e.key(), e.value()));
            return out;
        }
    }
}
