package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Per-key state in least-recently-used order with event-time idleness.
 *
 * <p>Every access through {@link #touch} first drops keys idle for longer than the TTL relative to the accessing
 * event's time, so whether a key was dropped does not depend on how often the engine advanced the watermark (the
 * result is the same as if the watermark had advanced right up to the event). Keys are kept in touch order; with
 * time-ordered input that is also last-seen order, so idle keys are found at the head in O(1) per eviction.
 */
final class KeyTable<S> {
    static final class Slot<S> {
        S state;
        long lastSeen;

        Slot(S state, long lastSeen) {
            this.state = state;
            this.lastSeen = lastSeen;
        }
    }

    private final LinkedHashMap<String, Slot<S>> map = new LinkedHashMap<>();
    private final long ttlNanos;
    private final int maxKeys;
    private final Counters evictions = new Counters("ttl", "max_keys");
    private String last;   // the most recently touched key (already at the tail)
    /**
     * The last-seen time of {@code headKey}, the least recently used key, as the last eviction found it (times only
     * grow), or {@code Long.MIN_VALUE} when unknown (the head changed since): an eviction below it drops nothing.
     */
    private long oldest = Long.MIN_VALUE;
    private String headKey;

    KeyTable(StateLimits limits) {
        this.ttlNanos = limits.ttlNanos();
        this.maxKeys = limits.maxKeys();
    }

    /** The state of a key without changing its recency, or null. */
    S get(String key) {
        Slot<S> s = map.get(key);
        return s == null ? null : s.state;
    }

    /** The state of an existing key, marked used at {@code time}; null (nothing created) when absent. */
    S touchIfPresent(String key, long time) {
        evictTtl(time);
        Slot<S> s = map.get(key);
        if (s == null) {
            return null;
        }
        moveToTail(key, s, time);
        return s.state;
    }

    /** The state of a key, created when absent (dropping the least recently used key when full). */
    S touch(String key, long time, Supplier<S> create) {
        evictTtl(time);
        Slot<S> s = map.get(key);
        if (s == null) {
            if (map.size() >= maxKeys) {
                Iterator<Map.Entry<String, Slot<S>>> it = map.entrySet().iterator();
                it.next();
                it.remove();
                oldest = Long.MIN_VALUE;
                evictions.inc("max_keys");
            }
            s = new Slot<>(create.get(), time);
            if (map.isEmpty()) {
                oldest = Long.MIN_VALUE;
            }
            map.put(key, s);
            last = key;
            return s.state;
        }
        moveToTail(key, s, time);
        return s.state;
    }

    private void moveToTail(String key, Slot<S> s, long time) {
        if (!key.equals(last)) {
            if (key.equals(headKey)) {
                oldest = Long.MIN_VALUE;
            }
            map.remove(key);
            map.put(key, s);
            last = key;
        }
        if (time > s.lastSeen) {
            s.lastSeen = time;
        }
    }

    void remove(String key) {
        if (key.equals(headKey)) {
            oldest = Long.MIN_VALUE;
        }
        if (map.remove(key) != null && key.equals(last)) {
            last = null;
        }
    }

    /** Drops keys idle for longer than the TTL at {@code now}. */
    void evictTtl(long now) {
        if (now != Long.MAX_VALUE) {
            evictIdle(Durations.minus(now, ttlNanos), "ttl", evictions);
        }
    }

    /** Drops keys last seen before {@code cutoff}, from the least recently used on, counting them under reason. */
    int evictIdle(long cutoff, String reason, Counters into) {
        if (cutoff <= oldest || map.isEmpty()) {
            return 0;
        }
        int n = 0;
        Iterator<Map.Entry<String, Slot<S>>> it = map.entrySet().iterator();
        oldest = Long.MIN_VALUE;
        while (it.hasNext()) {
            Map.Entry<String, Slot<S>> e = it.next();
            if (e.getValue().lastSeen >= cutoff) {
                oldest = e.getValue().lastSeen;
                headKey = e.getKey();
                break;
            }
            if (e.getKey().equals(last)) {
                last = null;
            }
            it.remove();
            n++;
        }
        if (n > 0) {
            into.add(reason, n);
        }
        return n;
    }

    int size() {
        return map.size();
    }

    void forEach(BiConsumer<String, S> f) {
        map.forEach((k, s) -> f.accept(k, s.state));
    }

    Counters evictions() {
        return evictions;
    }

    /** [[key, lastSeen, state], ...] in recency order. */
    ArrayNode toJson(Function<S, JsonNode> writer) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        map.forEach((k, s) -> a.addArray().add(k).add(s.lastSeen).add(writer.apply(s.state)));
        return a;
    }

    void restore(JsonNode keys, JsonNode evictionCounts, Function<JsonNode, S> reader) {
        map.clear();
        last = null;
        oldest = Long.MIN_VALUE;
        for (JsonNode row : keys) {
            map.put(row.get(0).asText(), new Slot<>(reader.apply(row.get(2)), row.get(1).asLong()));
        }
        evictions.restore(evictionCounts);
    }
}
