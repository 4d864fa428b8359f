package io.keelwatch.rule.stateful;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.detect.DetectionSink;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.detect.EventJson;
import io.keelwatch.detect.GroupKey;
import io.keelwatch.detect.StatefulDetector;
import io.keelwatch.event.Event;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Applies a rule's {@link Unless} in front of its detector. The rule's events are held for {@code within} (the
 * time an excluding event may still follow), then released in time order to the inner detector, whose watermark
 * lags by the same amount so its timers never run ahead of held events. An event with no value for the
 * {@code by} fields cannot be excluded and is released as is. Counters added to the inner detector's:
 * {@code excluded}, {@code held}.
 */
final class GuardedDetector implements StatefulDetector {
    private record Held(Event event, String key, long seq) {
    }

    private static final Comparator<Held> ORDER = Comparator.comparingLong((Held h) -> h.event().timeNanos())
            .thenComparingLong(Held::seq);

    private final Predicate<Event> filter;
    private final Unless unless;
    private final GroupKey by;
    private final long within;
    private final StatefulDetector inner;
    private final PriorityQueue<Held> held = new PriorityQueue<>(ORDER);
    private final Map<String, Long> lastExcluder = new HashMap<>();
    private Event releasing;
    private long seq;
    private long excluded;

    GuardedDetector(Predicate<Event> filter, Unless unless, Function<Predicate<Event>, StatefulDetector> inner) {
        this.filter = filter;
        this.unless = unless;
        this.by = GroupKey.of(unless.by());
        this.within = unless.within().toNanos();
        this.inner = inner.apply(e -> e == releasing);
    }

    @Override
    public String ruleId() {
        return inner.ruleId();
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    /** An event the rule does not pass changes nothing here but the clock when the unless condition fails. */
    @Override
    public boolean changedByOther(Event e) {
        return unless.condition().test(e);
    }

    @Override
    public void advanceClock(long t) {
        inner.advanceClock(t);
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        if (unless.condition().test(e)) {
            String k = by.extract(e);
            if (k != null) {
                lastExcluder.merge(k, t, Math::max);
                int before = held.size();
                held.removeIf(h -> k.equals(h.key()) && Math.abs(h.event().timeNanos() - t) <= within);
                excluded += before - held.size();
            }
        }
        if (filter.test(e)) {
            String k = by.extract(e);
            Long x = k == null ? null : lastExcluder.get(k);
            if (x != null && Math.abs(t - x) <= within) {
                excluded++;
            } else {
                held.add(new Held(e, k, seq++));
            }
        }
        inner.onEvent(e, out);
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        long release = watermark == Long.MAX_VALUE ? Long.MAX_VALUE
                : watermark < Long.MIN_VALUE + within ? Long.MIN_VALUE : watermark - within;
        while (!held.isEmpty() && held.peek().event().timeNanos() <= release) {
            releasing = held.poll().event();
            try {
                inner.onEvent(releasing, out);
            } finally {
                releasing = null;
            }
        }
        if (release != Long.MAX_VALUE) {
            lastExcluder.values().removeIf(x -> x < release);
        }
        inner.onWatermark(release, out);
    }

    @Override
    public DetectorStats stats() {
        DetectorStats s = inner.stats();
        Map<String, Long> c = new LinkedHashMap<>(s.counters());
        c.put("excluded", excluded);
        c.put("held", (long) held.size());
        return new DetectorStats(s.kind(), s.ruleId(), s.keys(), s.evictions(), c);
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("guarded", true).put("seq", seq).put("excluded", excluded);
        ArrayNode h = n.putArray("held");
        held.stream().sorted(ORDER).forEach(x -> h.addObject().put("seq", x.seq())
                .put("key", x.key()).set("event", EventJson.write(x.event())));
        ObjectNode ex = n.putObject("excluders");
        lastExcluder.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(en -> ex.put(en.getKey(), en.getValue()));
        n.set("inner", inner.snapshot());
        return n;
    }

    @Override
    public void restore(JsonNode n) {
        if (!n.path("guarded").asBoolean()) {
            throw new IllegalArgumentException("snapshot of rule '" + ruleId() + "' has no 'unless' state");
        }
        inner.restore(n.path("inner"));
        seq = n.path("seq").asLong();
        excluded = n.path("excluded").asLong();
        held.clear();
        for (JsonNode x : n.path("held")) {
            JsonNode k = x.get("key");
            held.add(new Held(EventJson.read(x.get("event")), k == null || k.isNull() ? null : k.asText(),
                    x.path("seq").asLong()));
        }
        lastExcluder.clear();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("excluders").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> en = it.next();
            lastExcluder.put(en.getKey(), en.getValue().asLong());
        }
    }

    @Override
    public long estimatedBytesPerKey() {
        return inner.estimatedBytesPerKey();
    }
}
