package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lossless JSON form of a {@link Detection} (used in snapshots; handy for tests and debugging). */
public final class DetectionJson {
    private DetectionJson() {
    }

    public static ObjectNode write(Detection d) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("rule", d.ruleId());
        n.put("time", d.timeNanos());
        ObjectNode k = n.putObject("key");
        d.key().forEach(k::put);
        n.put("count", d.count());
        n.put("first", d.firstTime());
        n.put("last", d.lastTime());
        n.set("values", EventJson.value(d.values()));
        n.put("reason", d.reason());
        ArrayNode ev = n.putArray("evidence");
        d.evidence().forEach(e -> ev.add(EventJson.write(e)));
        return n;
    }

    @SuppressWarnings("unchecked")
    public static Detection read(JsonNode n) {
        Map<String, String> key = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("key").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            key.put(e.getKey(), e.getValue().asText());
        }
        List<Event> evidence = new ArrayList<>();
        n.path("evidence").forEach(e -> evidence.add(EventJson.read(e)));
        Object values = EventJson.plain(n.get("values"));
        return new Detection(n.path("rule").asText(), n.path("time").asLong(), key, evidence,
                n.path("count").asLong(), n.path("first").asLong(), n.path("last").asLong(),
                values instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), n.path("reason").asText());
    }
}
