package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Origin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Hand-built events and drivers shared by the detector tests. */
final class TestEvents {
    static final long S = 1_000_000_000L;
    static final long T0 = 1_700_000_000L * S;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static long line;

    private TestEvents() {
    }

    /** Nanoseconds at T0 + seconds. */
    static long at(double seconds) {
        return T0 + Math.round(seconds * S);
    }

    /** A docker_events event at T0+seconds with event.action and key/value pairs. */
    static Event ev(double seconds, String action, Object... kv) {
        EventBuilder b = Event.builder("docker_events").time(at(seconds)).put("event.action", action);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            b.put((String) kv[i], kv[i + 1]);
        }
        return b.origin(Origin.of("test.jsonl", ++line)).build();
    }

    static Predicate<Event> action(String... actions) {
        Set<String> set = Set.of(actions);
        return e -> set.contains(e.action());
    }

    /** In-order driver: every event, then a watermark at its time; finally end of input. */
    static List<Detection> run(StatefulDetector d, List<Event> events) {
        List<Detection> out = new ArrayList<>();
        feed(d, events, out);
        d.onWatermark(Long.MAX_VALUE, out::add);
        return out;
    }

    static void feed(StatefulDetector d, List<Event> events, List<Detection> out) {
        for (Event e : events) {
            d.onEvent(e, out::add);
            d.onWatermark(e.timeNanos(), out::add);
        }
    }

    static List<Event> list(Event... events) {
        return new ArrayList<>(Arrays.asList(events));
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    static java.util.Map<String, Object> asMap(Object o) {
        return (java.util.Map<String, Object>) o;
    }

    /** Detections as JSON, in order. */
    static JsonNode json(List<Detection> ds) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ds.forEach(d -> a.add(DetectionJson.write(d)));
        return a;
    }

    /** Detections as JSON, sorted (time, rule, key, then full text) for order-insensitive comparison. */
    static List<String> sortedJson(List<Detection> ds) {
        return ds.stream().sorted(Comparator.comparingLong(Detection::timeNanos).thenComparing(Detection::ruleId)
                        .thenComparing(Detection::keyText))
                .map(d -> DetectionJson.write(d).toString()).sorted().toList();
    }

    /** A snapshot as it would be stored: written to text and parsed back. */
    static JsonNode throughText(JsonNode n) {
        try {
            return JSON.readTree(JSON.writeValueAsString(n));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
