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
    static final Comparator<Detection> ORDER = OrderedRelease::compare;

    /** Time, then rule, key, first and last time, count and reason (written out: it runs for every detection). */
    private static int compare(Detection a, Detection b) {
        int c = Long.compare(a.timeNanos(), b.timeNanos());
        if (c != 0) {
            return c;
        }
        c = a.ruleId().compareTo(b.ruleId());
        if (c != 0) {
            return c;
        }
        c = a.key().equals(b.key()) ? 0 : a.keyText().compareTo(b.keyText());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.firstTime(), b.firstTime());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.lastTime(), b.lastTime());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.count(), b.count());
        return c != 0 ? c : a.reason().compareTo(b.reason());
    }

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
