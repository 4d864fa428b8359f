package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keelwatch.detect.Detection;
import io.keelwatch.detect.DetectionJson;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts folded detections back in event-time order. Held folding emits a group when its window closes, so outputs
 * can come late by up to the suppression window (plus the patience of {@code unless} rules); a detection is
 * released once the watermark shows nothing earlier can still come. Ties are broken by content (rule, key, ...)
 * so the output does not depend on arrival order.
 */
final class OrderedRelease {
    static final Comparator<Detection> ORDER = Comparator.comparingLong(Detection::timeNanos)
            .thenComparing(Detection::ruleId)
            .thenComparing(Detection::keyText)
            .thenComparingLong(Detection::firstTime)
            .thenComparingLong(Detection::lastTime)
            .thenComparingLong(Detection::count)
            .thenComparing(Detection::reason);

    private final PriorityQueue<Detection> pending = new PriorityQueue<>(ORDER);

    void add(Detection d) {
        pending.add(d);
    }

    /** Releases, in order, every held detection at or before {@code bound}. */
    void release(long bound, Consumer<Detection> out) {
        while (!pending.isEmpty() && pending.peek().timeNanos() <= bound) {
            out.accept(pending.poll());
        }
    }

    int size() {
        return pending.size();
    }

    JsonNode snapshot() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        pending.stream().sorted(ORDER).forEach(d -> a.add(DetectionJson.write(d)));
        return a;
    }

    void restore(JsonNode a) {
        pending.clear();
        a.forEach(n -> pending.add(DetectionJson.read(n)));
    }
}
