package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ordered steps joined by key within a maxspan, with {@code absent} steps: "created, then destroyed within 60 s with
 * no exec in between" is {@code [match created, absent exec, match destroyed]}; "A, then no B within T" is
 * {@code [match A, absent B]} with maxspan T and fires when the watermark passes {@code A.time + T}.
 *
 * <p>Semantics (close to EQL sequences):
 * <ul>
 *   <li>An event may advance every partial match of its key that waits for a step it satisfies, and may also start
 *       a new partial match; a step's event must not be older than the previous step's event.</li>
 *   <li>At most one partial match per key per stage: when two would share a stage, the one that started later is
 *       kept ({@code replaced} counts the others). So state per key is bounded by the number of steps.</li>
 *   <li>An event satisfying the awaited match step advances the partial even if it also satisfies an absent step
 *       (the closing event is not "in between").</li>
 *   <li>A partial match whose maxspan ended is dropped ({@code expired}); with trailing absent steps it fires
 *       instead, at time {@code first + maxspan}; an absent event at exactly that time still cancels it. At end of
 *       input, only absence windows that ended by the last event time fire.</li>
 * </ul>
 * Values: {@code steps} (names of matched steps), {@code absent} (names of absent steps honoured),
 * {@code span_seconds}.
 */
public final class SequenceDetector extends KeyedDetector<SequenceDetector.Partials> {
    private final SequenceConfig cfg;
    private final GroupKey key;
    private final long maxspan;
    private final List<SequenceConfig.Step> match = new ArrayList<>();
    private final List<List<SequenceConfig.Step>> absentBefore = new ArrayList<>();
    private final List<SequenceConfig.Step> trailing = new ArrayList<>();
    private final int m;
    private final TimerQueue timers = new TimerQueue();

    static final class Partial {
        final long first;
        long last;
        final Event[] events;

        Partial(long first, long last, Event[] events) {
            this.first = first;
            this.last = last;
            this.events = events;
        }
    }

    /** Slot i holds the partial match that has matched i match steps (slot 0 unused). */
    static final class Partials {
        final Partial[] slots;

        Partials(int m) {
            slots = new Partial[m + 1];
        }

        boolean isEmpty() {
            for (Partial p : slots) {
                if (p != null) {
                    return false;
                }
            }
            return true;
        }
    }

    public SequenceDetector(SequenceConfig cfg) {
        super(cfg.ruleId(), cfg.limits());
        this.cfg = cfg;
        this.key = GroupKey.of(cfg.by());
        this.maxspan = Durations.nanos(cfg.maxspan());
        List<SequenceConfig.Step> pending = new ArrayList<>();
        for (SequenceConfig.Step s : cfg.steps()) {
            if (s.absent()) {
                pending.add(s);
            } else {
                absentBefore.add(List.copyOf(pending));
                pending.clear();
                match.add(s);
            }
        }
        trailing.addAll(pending);
        this.m = match.size();
    }

    public SequenceConfig config() {
        return cfg;
    }

    @Override
    public String kind() {
        return "sequence";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        String k = admit(e, cfg.filter(), key);
        if (k == null) {
            return;
        }
        List<Detection> fired = newList();
        Partials st = table.touchIfPresent(k, t);
        if (st != null) {
            resolveDue(k, st, t, true, fired);
        }
        boolean starts = match.get(0).filter().test(e);
        if (st == null && starts) {
            st = table.touch(k, t, () -> new Partials(m));
        }
        if (st != null) {
            for (int s = m; s >= 1; s--) {
                Partial p = st.slots[s];
                if (p == null || t < p.last) {
                    continue;
                }
                if (s == m) {
                    if (any(trailing, e)) {
                        st.slots[s] = null;
                        counters.inc("cancelled");
                    }
                } else if (match.get(s).filter().test(e)) {
                    st.slots[s] = null;
                    p.events[s] = e;
                    p.last = t;
                    if (s + 1 == m && trailing.isEmpty()) {
                        fire(k, p, t, fired);
                    } else {
                        place(st, s + 1, p);
                    }
                } else if (any(absentBefore.get(s), e)) {
                    st.slots[s] = null;
                    counters.inc("cancelled");
                }
            }
            if (starts) {
                Event[] events = new Event[m];
                events[0] = e;
                Partial p = new Partial(t, t, events);
                if (m == 1 && trailing.isEmpty()) {
                    fire(k, p, t, fired);
                } else {
                    place(st, 1, p);
                    timers.add(Durations.plus(t, maxspan), k);
                }
            }
            if (st.isEmpty()) {
                table.remove(k);
            }
        }
        emitSorted(fired, out);
    }

    private static boolean any(List<SequenceConfig.Step> steps, Event e) {
        for (SequenceConfig.Step s : steps) {
            if (s.filter().test(e)) {
                return true;
            }
        }
        return false;
    }

    private void place(Partials st, int slot, Partial p) {
        Partial old = st.slots[slot];
        if (old != null) {
            counters.inc("replaced");
            if (old.first > p.first) {
                return;
            }
        }
        st.slots[slot] = p;
    }

    /** Drops (or, for completed matches awaiting a trailing absence, fires) partials whose maxspan ended. */
    private void resolveDue(String k, Partials st, long now, boolean strict, List<Detection> fired) {
        for (int s = 1; s <= m; s++) {
            Partial p = st.slots[s];
            if (p == null) {
                continue;
            }
            long deadline = Durations.plus(p.first, maxspan);
            if (strict ? deadline < now : deadline <= now) {
                st.slots[s] = null;
                if (s == m && !trailing.isEmpty()) {
                    fire(k, p, deadline, fired);
                } else {
                    counters.inc("expired");
                }
            }
        }
    }

    private void fire(String k, Partial p, long at, List<Detection> fired) {
        counters.inc("fired");
        List<String> names = match.stream().map(SequenceConfig.Step::name).toList();
        List<String> absent = cfg.steps().stream().filter(SequenceConfig.Step::absent)
                .map(SequenceConfig.Step::name).toList();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("steps", names);
        values.put("absent", absent);
        values.put("span_seconds", Durations.seconds(at - p.first));
        String reason = String.join(" → ", names) + (trailing.isEmpty() ? "" : " → (none)") + " for "
                + key.describe(k) + " within " + Durations.text(at - p.first)
                + (absent.isEmpty() ? "" : ", with no " + String.join(" or ", absent));
        fired.add(new Detection(ruleId, at, key.decode(k), Arrays.asList(p.events), m, p.first, p.last, values,
                reason));
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        long w = effectiveWatermark(watermark);
        List<Detection> fired = newList();
        for (String k : timers.due(w)) {
            Partials st = table.get(k);
            if (st != null) {
                resolveDue(k, st, w, false, fired);
                if (st.isEmpty()) {
                    table.remove(k);
                }
            }
        }
        table.evictTtl(watermark);
        emitSorted(fired, out);
    }

    @Override
    JsonNode writeState(Partials st) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int s = 1; s <= m; s++) {
            Partial p = st.slots[s];
            if (p != null) {
                ObjectNode n = a.addObject().put("stage", s).put("first", p.first).put("last", p.last);
                ArrayNode ev = n.putArray("events");
                for (int i = 0; i < s; i++) {
                    ev.add(EventJson.write(p.events[i]));
                }
            }
        }
        return a;
    }

    @Override
    Partials readState(JsonNode a) {
        Partials st = new Partials(m);
        for (JsonNode n : a) {
            Event[] events = new Event[m];
            int i = 0;
            for (JsonNode e : n.path("events")) {
                events[i++] = EventJson.read(e);
            }
            st.slots[n.path("stage").asInt()] = new Partial(n.path("first").asLong(), n.path("last").asLong(), events);
        }
        return st;
    }

    @Override
    void afterRestore() {
        timers.clear();
        table.forEach((k, st) -> {
            for (Partial p : st.slots) {
                if (p != null) {
                    timers.add(Durations.plus(p.first, maxspan), k);
                }
            }
        });
    }

    @Override
    long estimateBytes(Partials st) {
        long b = 16 + 16 + 4L * (m + 1);
        for (Partial p : st.slots) {
            if (p != null) {
                b += 32 + 16 + 4L * m;
                for (Event e : p.events) {
                    b += e == null ? 0 : Evidence.eventBytes(e);
                }
            }
        }
        return b;
    }
}
