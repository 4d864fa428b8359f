package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Origin;
import io.keelwatch.event.RawText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lossless JSON form of an {@link Event} for state snapshots: time, source, typed normalized fields, raw document
 * (as its text with its member names when it was read as text, so that nothing is parsed to write or read it)
 * and origin. Longs stay integral and doubles stay floating (JSON keeps the distinction: {@code 5} vs {@code 5.0}).
 */
public final class EventJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EventJson() {
    }

    public static ObjectNode write(Event e) {
        ObjectNode n = F.objectNode();
        n.put("t", e.timeNanos());
        n.put("src", e.source());
        ObjectNode f = n.putObject("f");
        e.fields().forEach((k, v) -> f.set(k, value(v)));
        RawText text = e.rawText();
        if (text != null) {   // as read: no parse now, and restored unparsed
            n.put("rawText", text.text());
            ArrayNode keys = n.putArray("rawKeys");
            for (String k : text.keys()) {
                keys.add(k);
            }
        } else if (e.raw() != null) {
            n.set("raw", e.raw());
        }
        Origin o = e.origin();
        if (o != null) {
            n.putArray("o").add(o.file()).add(o.line()).add(o.item());
        }
        return n;
    }

    public static Event read(JsonNode n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("f").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            fields.put(e.getKey(), plain(e.getValue()));
        }
        JsonNode raw = n.get("raw");
        JsonNode o = n.get("o");
        Origin origin = o == null ? null : new Origin(o.get(0).isNull() ? null : o.get(0).asText(),
                o.get(1).asLong(), o.get(2).asInt());
        JsonNode text = n.get("rawText");
        if (text != null && text.isTextual()) {
            String[] keys = new String[n.path("rawKeys").size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = n.path("rawKeys").get(i).asText();
            }
            return Event.withRawText(n.path("t").asLong(), n.path("src").asText(), fields,
                    new RawText(text.textValue(), keys), origin);
        }
        return new Event(n.path("t").asLong(), n.path("src").asText(), fields, raw, origin);
    }

    /** A Java field or measurement value as JSON. JsonNode values are wrapped as {"$json": ...}. */
    static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return F.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number num) {
            return F.numberNode(num.doubleValue());
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof JsonNode j) {
            ObjectNode w = F.objectNode();
            w.set("$json", j);
            return w;
        }
        if (v instanceof Iterable<?> it) {
            ArrayNode a = F.arrayNode();
            it.forEach(x -> a.add(value(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
            return o;
        }
        return F.textNode(v.toString());
    }

    /** The inverse of {@link #value}: Long, Double, String, Boolean, List, LinkedHashMap or JsonNode. */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isObject()) {
            if (n.size() == 1 && n.has("$json")) {
                return n.get("$json");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        return FieldPath.scalar(n);
    }
}
