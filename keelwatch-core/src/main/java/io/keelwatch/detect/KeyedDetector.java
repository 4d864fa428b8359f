package io.keelwatch.detect;

import io.keelwatch.event.Event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shared plumbing of the keyed detectors: the key table with TTL and LRU limits, counters, stats, and the snapshot
 * envelope {@code {kind, rule, version, maxTime, counters, evictions, keys:[[key, lastSeen, state]...], ...}}.
 */
abstract class KeyedDetector<S> implements StatefulDetector {
    private static final int VERSION = 1;
    private static final Comparator<Detection> EMIT_ORDER = Comparator.comparingLong(Detection::timeNanos)
            .thenComparing(Detection::keyText).thenComparingLong(Detection::firstTime);

    protected final String ruleId;
    protected final KeyTable<S> table;
    protected final Counters counters = new Counters("events", "missing_key", "fired");
    /** The latest event time seen (any event, filtered or not); "now" at end of input. */
    protected long maxTime = Long.MIN_VALUE;

    KeyedDetector(String ruleId, StateLimits limits) {
        this.ruleId = ruleId;
        this.table = new KeyTable<>(limits == null ? StateLimits.DEFAULT : limits);
    }

    @Override
    public String ruleId() {
        return ruleId;
    }

    abstract JsonNode writeState(S state);

    abstract S readState(JsonNode node);

    /** Rough heap bytes of one key's state, excluding the key string. */
    abstract long estimateBytes(S state);

    void writeExtra(ObjectNode root) {
    }

    void readExtra(JsonNode root) {
    }

    /** Rebuild derived structures (timer queues) after restore. */
    void afterRestore() {
    }

    /** Records the event time; call first in onEvent. */
    /**
     * The common start of onEvent: notes the event's time, applies the filter and extracts the group key,
     * counting {@code events} and {@code missing_key}. Returns the key, or null when the event stops here.
     */
    final String admit(Event e, java.util.function.Predicate<Event> filter, GroupKey key) {
        seen(e.timeNanos());
        if (!filter.test(e)) {
            return null;
        }
        counters.inc("events");
        String k = key.extract(e);
        if (k == null) {
            counters.inc("missing_key");
        }
        return k;
    }

    /** Events the filter does not pass only move the clock: {@link #admit} stops them after {@link #seen}. */
    @Override
    public final boolean clockOnlyOtherwise() {
        return true;
    }

    @Override
    public final void advanceClock(long t) {
        seen(t);
    }

    final void seen(long t) {
        if (t > maxTime) {
            maxTime = t;
        }
    }

    /** The time timers are resolved at: the watermark, or the latest event time at end of input. */
    final long effectiveWatermark(long watermark) {
        return watermark == Long.MAX_VALUE ? maxTime : watermark;
    }

    /** Emits detections raised in one watermark step in a stable order (time, key). */
    static void emitSorted(List<Detection> fired, DetectionSink out) {
        if (fired.size() > 1) {
            fired.sort(EMIT_ORDER);
        }
        fired.forEach(out::accept);
    }

    static List<Detection> newList() {
        return new ArrayList<>(2);
    }

    @Override
    public DetectorStats stats() {
        return new DetectorStats(kind(), ruleId, table.size(), table.evictions().asMap(), counters.asMap());
    }

    @Override
    public final JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", kind());
        n.put("rule", ruleId);
        n.put("version", VERSION);
        n.put("maxTime", maxTime);
        n.set("counters", counters.toJson());
        n.set("evictions", table.evictions().toJson());
        n.set("keys", table.toJson(this::writeState));
        writeExtra(n);
        return n;
    }

    @Override
    public final void restore(JsonNode n) {
        if (!kind().equals(n.path("kind").asText()) || !ruleId.equals(n.path("rule").asText())) {
            throw new IllegalArgumentException("snapshot of " + n.path("kind").asText() + " rule '"
                    + n.path("rule").asText() + "' cannot restore " + kind() + " rule '" + ruleId + "'");
        }
        if (n.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("unsupported snapshot version " + n.path("version").asInt());
        }
        maxTime = n.path("maxTime").asLong();
        counters.restore(n.get("counters"));
        table.restore(n.path("keys"), n.get("evictions"), this::readState);
        readExtra(n);
        afterRestore();
    }

    @Override
    public long estimatedBytesPerKey() {
        if (table.size() == 0) {
            return 0;
        }
        long[] sum = {0};
        table.forEach((k, s) -> sum[0] += 64 + 40 + k.length() + estimateBytes(s));
        return sum[0] / table.size();
    }
}
