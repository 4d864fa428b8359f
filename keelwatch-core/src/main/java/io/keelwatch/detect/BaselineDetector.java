package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric value (or an event rate) far above a key's own normal: miners' CPU, a workload suddenly starting many
 * containers. Robust streaming estimate per key: an EWMA of the value and an EWMA of the absolute deviation from it.
 *
 * <p>A sample is anomalous when it exceeds {@code floor} and either the key is younger than {@code maxAge} (static
 * test, no history needed) or, after {@code minHistory} samples, it exceeds
 * {@code mean + k * max(deviation, minDeviation)}. One detection per episode: consecutive anomalous samples fire
 * once. Anomalous samples update the baseline clipped to the limit, so a lasting change of level is absorbed
 * gradually (tens of samples) instead of alerting forever or poisoning the baseline at once.
 *
 * <p>Rate mode counts matching events per bucket; a bucket's count is judged as it grows (firing as soon as it
 * crosses, without waiting for the bucket to close) and enters the baseline when the key's next event opens a
 * later bucket; buckets without events in between count as zeros (at most {@value #MAX_GAP}).
 *
 * <p>Values: {@code value}, {@code mean}, {@code deviation}, {@code limit}, {@code k}, {@code floor},
 * {@code samples}, {@code age_seconds}, {@code trigger} ({@code baseline} or {@code young}); rate mode adds
 * {@code bucket_seconds}.
 */
public final class BaselineDetector extends KeyedDetector<BaselineDetector.Stat> {
    static final int MAX_GAP = 10_000;

    private final BaselineConfig cfg;
    private final GroupKey key;
    private final long bucketNs;
    private final long maxAge;
    private final String measured;

    static final class Stat {
        final long firstSeen;
        long n;
        double mean;
        double dev;
        boolean episode;               // the previous sample was anomalous
        long bucket = Long.MIN_VALUE;  // rate mode: open bucket index
        long count;
        boolean bucketFired;
        boolean bucketAnomalous;
        Evidence evidence;

        Stat(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    public BaselineDetector(BaselineConfig cfg) {
        super(cfg.ruleId(), cfg.limits());
        this.cfg = cfg;
        this.key = GroupKey.of(cfg.groupBy());
        this.bucketNs = cfg.bucket() == null ? 0 : Math.max(1, Durations.nanos(cfg.bucket()));
        this.maxAge = Durations.nanos(cfg.maxAge());
        this.measured = cfg.value() != null ? cfg.value().text() : "events per " + Durations.text(bucketNs);
    }

    public BaselineConfig config() {
        return cfg;
    }

    @Override
    public String kind() {
        return "baseline";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        String k = admit(e, cfg.filter(), key);
        if (k == null) {
            return;
        }
        if (bucketNs == 0) {
            Double v = number(cfg.value().first(e));
            if (v == null) {
                counters.inc("not_numeric");
                return;
            }
            Stat s = table.touch(k, t, () -> new Stat(t));
            String trigger = judge(s, v, t);
            if (trigger != null && !s.episode) {
                out.accept(detection(k, s, v, t, trigger, List.of(e), 1, t));
            }
            s.episode = trigger != null;
            learn(s, v, trigger != null);
            return;
        }
        Stat s = table.touch(k, t, () -> new Stat(t));
        long b = Math.floorDiv(t, bucketNs);
        if (s.bucket == Long.MIN_VALUE) {
            s.bucket = b;
            s.evidence = new Evidence(cfg.evidenceLimit());
        } else if (b > s.bucket) {
            s.episode = s.bucketAnomalous;
            learn(s, s.count, s.bucketAnomalous);
            long gaps = Math.min(b - s.bucket - 1, MAX_GAP);
            for (long i = 0; i < gaps; i++) {
                s.episode = judge(s, 0, t) != null;
                learn(s, 0, s.episode);
            }
            s.bucket = b;
            s.count = 0;
            s.bucketFired = false;
            s.bucketAnomalous = false;
            s.evidence.clear();
        } else if (b < s.bucket) {
            counters.inc("too_late");
            return;
        }
        s.count++;
        s.evidence.add(e);
        String trigger = judge(s, s.count, t);
        s.bucketAnomalous = trigger != null;
        if (trigger != null && !s.episode && !s.bucketFired) {
            s.bucketFired = true;
            List<Event> ev = s.evidence.events();
            out.accept(detection(k, s, s.count, t, trigger, ev, s.count, ev.get(0).timeNanos()));
        }
    }

    /** "young", "baseline" or null. */
    private String judge(Stat s, double v, long t) {
        if (!(v > cfg.floor())) {
            return null;
        }
        if (maxAge > 0 && t - s.firstSeen <= maxAge) {
            return "young";
        }
        if (!cfg.useBaseline() || s.n < cfg.minHistory()) {
            return null;
        }
        return v > limit(s) ? "baseline" : null;
    }

    private double limit(Stat s) {
        return s.mean + cfg.k() * Math.max(s.dev, cfg.minDeviation());
    }

    private void learn(Stat s, double v, boolean anomalous) {
        double x = anomalous && s.n >= cfg.minHistory() ? Math.min(v, limit(s)) : v;
        s.n++;
        if (s.n == 1) {
            s.mean = x;
            s.dev = 0;
            return;
        }
        double a = Math.max(cfg.alpha(), 1.0 / s.n);
        s.dev += a * (Math.abs(x - s.mean) - s.dev);
        s.mean += a * (x - s.mean);
    }

    private Detection detection(String k, Stat s, double v, long t, String trigger, List<Event> evidence,
                                long count, long first) {
        counters.inc("fired");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("value", bucketNs == 0 ? (Object) v : (Object) (long) v);
        values.put("mean", round(s.mean));
        values.put("deviation", round(s.dev));
        values.put("limit", round(limit(s)));
        values.put("k", cfg.k());
        values.put("floor", cfg.floor());
        values.put("samples", s.n);
        values.put("age_seconds", Durations.seconds(t - s.firstSeen));
        values.put("trigger", trigger);
        if (bucketNs > 0) {
            values.put("bucket_seconds", Durations.seconds(bucketNs));
        }
        String shown = bucketNs == 0 ? Double.toString(round(v)) : Long.toString((long) v);
        String reason = trigger.equals("young")
                ? measured + " " + shown + " for " + key.describe(k) + " " + Durations.text(t - s.firstSeen)
                + " after it was first seen (within " + Durations.text(maxAge) + "), above " + cfg.floor()
                : measured + " " + shown + " for " + key.describe(k) + " is above its baseline (mean "
                + round(s.mean) + ", deviation " + round(s.dev) + ", limit " + round(limit(s)) + " after " + s.n
                + " samples) and above " + cfg.floor();
        return new Detection(ruleId, t, key.decode(k), evidence, count, first, t, values, reason);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static Double number(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (o instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim().replace("%", ""));
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        table.evictTtl(watermark);
    }

    @Override
    JsonNode writeState(Stat s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("first", s.firstSeen).put("n", s.n).put("mean", s.mean).put("dev", s.dev).put("episode", s.episode);
        if (s.bucket != Long.MIN_VALUE) {
            n.put("bucket", s.bucket).put("count", s.count).put("bucketFired", s.bucketFired)
                    .put("bucketAnomalous", s.bucketAnomalous);
            n.set("evidence", s.evidence.toJson());
        }
        return n;
    }

    @Override
    Stat readState(JsonNode n) {
        Stat s = new Stat(n.path("first").asLong());
        s.n = n.path("n").asLong();
        s.mean = n.path("mean").asDouble();
        s.dev = n.path("dev").asDouble();
        s.episode = n.path("episode").asBoolean();
        if (n.has("bucket")) {
            s.bucket = n.path("bucket").asLong();
            s.count = n.path("count").asLong();
            s.bucketFired = n.path("bucketFired").asBoolean();
            s.bucketAnomalous = n.path("bucketAnomalous").asBoolean();
            s.evidence = Evidence.fromJson(n.get("evidence"), cfg.evidenceLimit());
        }
        return s;
    }

    @Override
    long estimateBytes(Stat s) {
        return 72 + (s.evidence == null ? 0 : s.evidence.estimateBytes());
    }
}
