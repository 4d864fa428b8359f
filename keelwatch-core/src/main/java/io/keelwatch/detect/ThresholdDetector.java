package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Count (or distinct count of a field) of matching events per key over a sliding event-time window, compared with
 * a threshold: "one client inspected >= 20 containers in 60 s", "a container reached >= 50 distinct ports in 30 s".
 *
 * <p>State per key: a ring of {@code buckets} event counts (and each bucket's earliest time) for the window; for
 * distinct counts, a map value → last-seen time, ordered by last sighting, from which values older than the window
 * are dropped (the distinct measure is exact, not bucketed) and capped at {@code maxDistinct}. An evidence sample
 * (first and last events since the window was last empty or reset). Keys whose window is empty are dropped at the
 * next watermark (counted as {@code expired}, no information lost: a fresh key behaves exactly like an emptied one).
 *
 * <p>Fires on the event that makes the measure satisfy the comparison; {@link Detection#timeNanos()} is that event's
 * time. Values: {@code count} (events in window), {@code distinct} and {@code distinct_sample} (distinct mode),
 * {@code threshold}, {@code op}, {@code window_seconds}. Events older than the ring (late beyond the window) are
 * ignored ({@code too_late}).
 */
public final class ThresholdDetector extends KeyedDetector<ThresholdDetector.Win> {
    private static final int SAMPLE = 20;

    private final ThresholdConfig cfg;
    private final GroupKey key;
    private final long window;
    private final long width;
    private final long span;   // what the ring covers: buckets * width, at least the window
    private final int buckets;

    /** Per-key window state. */
    static final class Win {
        long head = Long.MIN_VALUE;    // absolute index of the newest bucket
        long latest = Long.MIN_VALUE;  // newest event time
        final int[] counts;
        final long[] firsts;
        boolean armed = true;
        LinkedHashMap<String, Long> distinct;
        final Evidence evidence;

        Win(int buckets, Evidence evidence) {
            counts = new int[buckets];
            firsts = new long[buckets];
            Arrays.fill(firsts, Long.MAX_VALUE);
            this.evidence = evidence;
        }
    }

    public ThresholdDetector(ThresholdConfig cfg) {
        super(cfg.ruleId(), cfg.limits());
        this.cfg = cfg;
        this.key = GroupKey.of(cfg.groupBy());
        this.window = Durations.nanos(cfg.window());
        this.buckets = cfg.buckets();
        this.width = Math.max(1, window / buckets + (window % buckets == 0 ? 0 : 1));
        this.span = width > Long.MAX_VALUE / buckets ? Long.MAX_VALUE : width * buckets;
    }

    public ThresholdConfig config() {
        return cfg;
    }

    @Override
    public String kind() {
        return "threshold";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        String k = admit(e, cfg.filter(), key);
        if (k == null) {
            return;
        }
        Win w = table.touch(k, t, () -> new Win(buckets, new Evidence(cfg.evidenceLimit())));
        long b = Math.floorDiv(t, width);
        if (w.head == Long.MIN_VALUE || b > w.head) {
            advance(w, b);
        } else if (b <= w.head - buckets) {
            counters.inc("too_late");
            return;
        }
        w.latest = Math.max(w.latest, t);
        long since = w.latest - window;
        dropOldDistinct(w, since);
        long events = total(w);
        if (events == 0) {
            w.evidence.clear();
        }
        if (!w.armed && !cfg.op().test(measure(w, events), cfg.threshold())) {
            w.armed = true;
        }
        int i = (int) Math.floorMod(b, (long) buckets);
        w.counts[i]++;
        w.firsts[i] = Math.min(w.firsts[i], t);
        events++;
        if (cfg.distinct() != null) {
            addDistinct(w, e, t);
        }
        w.evidence.add(e);
        long m = measure(w, events);
        if (w.armed && cfg.op().test(m, cfg.threshold())) {
            counters.inc("fired");
            out.accept(detection(k, w, t, events, since));
            if (cfg.rearm() == ThresholdConfig.Rearm.RESET) {
                Arrays.fill(w.counts, 0);
                Arrays.fill(w.firsts, Long.MAX_VALUE);
                w.distinct = null;
                w.evidence.clear();
            } else {
                w.armed = false;
            }
        }
    }

    private void advance(Win w, long b) {
        if (w.head == Long.MIN_VALUE || b - w.head >= buckets) {
            Arrays.fill(w.counts, 0);
            Arrays.fill(w.firsts, Long.MAX_VALUE);
        } else {
            for (long x = w.head + 1; x <= b; x++) {
                int i = (int) Math.floorMod(x, (long) buckets);
                w.counts[i] = 0;
                w.firsts[i] = Long.MAX_VALUE;
            }
        }
        w.head = b;
    }

    private static long total(Win w) {
        long s = 0;
        for (int c : w.counts) {
            s += c;
        }
        return s;
    }

    private long measure(Win w, long events) {
        if (cfg.distinct() == null) {
            return events;
        }
        return w.distinct == null ? 0 : w.distinct.size();
    }

    private void dropOldDistinct(Win w, long since) {
        if (w.distinct == null) {
            return;
        }
        Iterator<Long> it = w.distinct.values().iterator();
        while (it.hasNext() && it.next() < since) {
            it.remove();
        }
    }

    /** Distinct values to their last sighting, in the order last sighted (a value seen again moves to the end). */
    private static LinkedHashMap<String, Long> byRecency() {
        return new LinkedHashMap<>(16, 0.75f, true);
    }

    private void addDistinct(Win w, Event e, long t) {
        Object one = cfg.distinct().plainValue(e);
        if (one != null && !(one instanceof java.util.Collection<?>)) {
            addDistinct(w, GroupKey.text(one), t);       // the usual case: one value, no list made
            return;
        }
        for (Object v : cfg.distinct().values(e)) {
            addDistinct(w, GroupKey.text(v), t);
        }
    }

    private void addDistinct(Win w, String s, long t) {
        if (w.distinct == null) {
            w.distinct = byRecency();
        }
        Long seen = w.distinct.get(s);          // moves the value to the end: last sighted last
        if (seen == null || seen < t) {
            w.distinct.put(s, t);
        }
        if (w.distinct.size() > cfg.maxDistinct()) {
            Iterator<String> it = w.distinct.keySet().iterator();
            it.next();
            it.remove();
            counters.inc("distinct_capped");
        }
    }

    private Detection detection(String k, Win w, long t, long events, long since) {
        long first = t;
        for (long f : w.firsts) {
            first = Math.min(first, f);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("count", events);
        String what = "matching events";
        long m = events;
        if (cfg.distinct() != null) {
            m = measure(w, events);
            values.put("distinct", m);
            values.put("distinct_field", cfg.distinct().text());
            List<String> sample = new ArrayList<>();
            for (String s : w.distinct.keySet()) {
                if (sample.size() == SAMPLE) {
                    break;
                }
                sample.add(s);
            }
            values.put("distinct_sample", sample);
            what = "distinct " + cfg.distinct().text();
        }
        values.put("threshold", cfg.threshold());
        values.put("op", cfg.op().symbol());
        values.put("window_seconds", Durations.seconds(window));
        String reason = m + " " + what + " within " + Durations.text(window) + " for " + key.describe(k)
                + " (threshold " + cfg.op().symbol() + " " + cfg.threshold() + ")";
        return new Detection(ruleId, t, key.decode(k), w.evidence.events(since), events, first, t, values, reason);
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        if (watermark != Long.MAX_VALUE) {
            table.evictIdle(Durations.minus(watermark, span), "expired", counters);
            table.evictTtl(watermark);
        }
    }

    @Override
    JsonNode writeState(Win w) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("head", w.head).put("latest", w.latest).put("armed", w.armed);
        ArrayNode c = n.putArray("counts");
        ArrayNode f = n.putArray("firsts");
        for (int i = 0; i < buckets; i++) {
            c.add(w.counts[i]);
            f.add(w.firsts[i]);
        }
        if (w.distinct != null) {
            ArrayNode d = n.putArray("distinct");
            w.distinct.forEach((v, ts) -> d.addArray().add(v).add(ts));
        }
        n.set("evidence", w.evidence.toJson());
        return n;
    }

    @Override
    Win readState(JsonNode n) {
        Win w = new Win(buckets, Evidence.fromJson(n.get("evidence"), cfg.evidenceLimit()));
        w.head = n.path("head").asLong();
        w.latest = n.path("latest").asLong();
        w.armed = n.path("armed").asBoolean(true);
        for (int i = 0; i < buckets; i++) {
            w.counts[i] = n.path("counts").path(i).asInt();
            w.firsts[i] = n.path("firsts").path(i).asLong(Long.MAX_VALUE);
        }
        if (n.has("distinct")) {
            w.distinct = byRecency();
            for (JsonNode row : n.get("distinct")) {
                w.distinct.put(row.get(0).asText(), row.get(1).asLong());
            }
        }
        return w;
    }

    @Override
    long estimateBytes(Win w) {
        long distinct = w.distinct == null ? 0 : 56 + w.distinct.size() * (40L + 16 + 56);
        return 48 + 16 + 4L * buckets + 16 + 8L * buckets + distinct + w.evidence.estimateBytes();
    }
}
