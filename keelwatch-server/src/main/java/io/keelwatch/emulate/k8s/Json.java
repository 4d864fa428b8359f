package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Terse construction of the JSON objects of audit events: {@code obj("kind", "Pod", "apiVersion", "v1")}. */
final class Json {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    /** An object of key/value pairs; values are strings, numbers, booleans, JSON nodes, lists of those, or null. */
    static ObjectNode obj(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("obj() takes key/value pairs");
        }
        ObjectNode o = F.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], node(kv[i + 1]));
        }
        return o;
    }

    static ArrayNode arr(Object... items) {
        ArrayNode a = F.arrayNode();
        for (Object x : items) {
            a.add(node(x));
        }
        return a;
    }

    static JsonNode node(Object v) {
        if (v == null) {
            return NullNode.getInstance();
        } else if (v instanceof JsonNode n) {
            return n;
        } else if (v instanceof String s) {
            return F.textNode(s);
        } else if (v instanceof Boolean b) {
            return F.booleanNode(b);
        } else if (v instanceof Integer n) {
            return F.numberNode(n);
        } else if (v instanceof Long n) {
            return F.numberNode(n);
        } else if (v instanceof List<?> l) {
            return arr(l.toArray());
        }
        throw new IllegalArgumentException("no JSON for " + v.getClass());
    }

    /** The object under {@code key}, created when missing. */
    static ObjectNode child(ObjectNode o, String key) {
        return o.has(key) ? (ObjectNode) o.get(key) : o.putObject(key);
    }
}
