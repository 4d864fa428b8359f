package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Short-lived entities: an entity (container, pod) that ends within {@code maxLifetime} of its start, with what it
 * did in between: counts of {@code activity} values (event.action by default: create, start, exec_start, connect,
 * die, destroy, ...) over its whole life, start and end included, and optional {@code require} conditions that
 * events strictly between start and end must have met (an exec happened, a flow was seen).
 *
 * <p>Entity state lives from the start event until the end event or until {@code start + maxLifetime} passes (then
 * it is dropped as {@code outlived}: long-lived entities cost nothing afterwards). Without a start event, an end
 * event is ignored.
 *
 * <p><b>Bursts</b> ("N short-lived containers within W", the {@code docker run -d --rm} pattern) are built in
 * rather than left to a threshold rule over a derived stream: each short-lived entity becomes one synthetic event
 * (the start event's fields and raw document plus {@code lifetime.seconds}, {@code lifetime.actions},
 * {@code lifetime.end_action}, {@code lifetime.end_origin}, at the end time, with the start event's origin) counted by
 * an internal {@link ThresholdDetector} (count mode, reset after firing). This keeps the rule self-contained (no rule
 * chaining in the engine) and the evidence pointing at real container events.
 *
 * <p>Values, single mode: {@code lifetime_seconds}, {@code actions} (value → count), {@code required},
 * {@code start_action}, {@code end_action}. Burst mode: the threshold values plus {@code entities} and
 * {@code lifetimes_seconds} (from the evidence sample) and {@code max_lifetime_seconds}.
 */
public final class LifetimeDetector extends KeyedDetector<LifetimeDetector.Life> {
    private static final int MAX_ACTIVITY = 32;
    private static final String OTHER = "(other)";

    private final LifetimeConfig cfg;
    private final GroupKey entity;
    private final long bound;
    private final List<String> requireNames;
    private final List<Predicate<Event>> requires;
    private final TimerQueue timers = new TimerQueue();
    private final ThresholdDetector burst;

    static final class Life {
        final long start;
        final Evidence evidence;
        final LinkedHashMap<String, Long> actions = new LinkedHashMap<>();
        int seen;     // bit i: require i met
        long events;

        Life(long start, Evidence evidence) {
            this.start = start;
            this.evidence = evidence;
        }
    }

    public LifetimeDetector(LifetimeConfig cfg) {
        super(cfg.ruleId(), cfg.limits());
        this.cfg = cfg;
        this.entity = GroupKey.of(cfg.entity());
        this.bound = Durations.nanos(cfg.maxLifetime());
        this.requireNames = List.copyOf(cfg.require().keySet());
        this.requires = List.copyOf(cfg.require().values());
        LifetimeConfig.Burst b = cfg.burst();
        this.burst = b == null ? null : new ThresholdDetector(ThresholdConfig.builder(cfg.ruleId())
                .groupBy(b.groupBy()).window(b.window()).atLeast(b.minCount()).evidence(cfg.evidenceLimit())
                .limits(cfg.limits()).build());
    }

    public LifetimeConfig config() {
        return cfg;
    }

    @Override
    public String kind() {
        return "lifetime";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        seen(t);
        if (!cfg.scope().test(e)) {
            return;
        }
        counters.inc("events");
        String k = entity.extract(e);
        if (k == null) {
            counters.inc("missing_key");
            return;
        }
        Life life = table.touchIfPresent(k, t);
        if (life != null && Durations.plus(life.start, bound) < t) {
            table.remove(k);
            counters.inc("outlived");
            life = null;
        }
        if (life == null) {
            if (cfg.start().test(e)) {
                Life fresh = table.touch(k, t, () -> new Life(t, new Evidence(cfg.evidenceLimit())));
                record(fresh, e);
                timers.add(Durations.plus(t, bound), k);
            }
            return;
        }
        record(life, e);
        if (t >= life.start && cfg.end().test(e)) {
            table.remove(k);
            if (Integer.bitCount(life.seen) == requires.size()) {
                counters.inc("short_lived");
                shortLived(k, life, e, t, out);
            } else {
                counters.inc("requirement_unmet");
            }
            return;
        }
        for (int i = 0; i < requires.size(); i++) {
            if ((life.seen & (1 << i)) == 0 && requires.get(i).test(e)) {
                life.seen |= 1 << i;
            }
        }
    }

    private void record(Life life, Event e) {
        life.events++;
        life.evidence.add(e);
        String a = GroupKey.text(cfg.activity().first(e));
        if (a == null) {
            return;
        }
        if (!life.actions.containsKey(a) && life.actions.size() >= MAX_ACTIVITY) {
            a = OTHER;
        }
        life.actions.merge(a, 1L, Long::sum);
    }

    private void shortLived(String k, Life life, Event end, long t, DetectionSink out) {
        List<Event> evidence = life.evidence.events();
        Event start = evidence.get(0);
        if (burst != null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("lifetime.seconds", Durations.seconds(t - life.start));
            Map<String, String> acts = new LinkedHashMap<>();
            life.actions.forEach((a, n) -> acts.put(a, Long.toString(n)));
            extra.put("lifetime.actions", acts);
            extra.put("lifetime.end_action", GroupKey.text(cfg.activity().first(end)));
            extra.put("lifetime.end_origin", end.origin() == null ? null : end.origin().toString());
            Event synthetic = new Event(t, start.source(), start.fields(), start.raw(), start.origin())
                    .withFields(extra, true);
            burst.onEvent(synthetic, d -> {
                counters.inc("fired");
                out.accept(relabel(d));
            });
            return;
        }
        counters.inc("fired");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lifetime_seconds", Durations.seconds(t - life.start));
        values.put("actions", new LinkedHashMap<>(life.actions));
        values.put("required", requireNames);
        values.put("start_action", GroupKey.text(cfg.activity().first(start)));
        values.put("end_action", GroupKey.text(cfg.activity().first(end)));
        StringBuilder acts = new StringBuilder();
        life.actions.forEach((a, n) -> acts.append(acts.length() == 0 ? "" : ", ").append(a).append(' ').append(n));
        String reason = entity.describe(k) + " lived " + Durations.text(t - life.start) + " (at most "
                + Durations.text(bound) + ")" + (requireNames.isEmpty() ? "" : ", with " + String.join(" and ",
                requireNames)) + "; activity: " + acts;
        out.accept(new Detection(ruleId, t, entity.decode(k), evidence, life.events, life.start, t, values, reason));
    }

    private Detection relabel(Detection d) {
        Map<String, Object> values = new LinkedHashMap<>(d.values());
        values.remove("op");
        List<String> entities = new ArrayList<>();
        List<Object> lifetimes = new ArrayList<>();
        for (Event s : d.evidence()) {
            entities.add(entity.describe(entity.extract(s)));
            lifetimes.add(s.field("lifetime.seconds"));
        }
        values.put("entities", entities);
        values.put("lifetimes_seconds", lifetimes);
        values.put("max_lifetime_seconds", Durations.seconds(bound));
        String group = d.key().isEmpty() ? "" : " for " + d.keyText();
        String reason = d.count() + " short-lived entities (each ended within " + Durations.text(bound)
                + " of its start) within " + Durations.text(Durations.nanos(cfg.burst().window())) + group;
        return d.with(d.timeNanos(), d.evidence(), d.count(), d.firstTime(), d.lastTime(), values, reason);
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        long w = effectiveWatermark(watermark);
        for (String k : timers.due(w)) {
            Life life = table.get(k);
            if (life != null && Durations.plus(life.start, bound) <= w) {
                table.remove(k);
                counters.inc("outlived");
            }
        }
        table.evictTtl(watermark);
        if (burst != null) {
            burst.onWatermark(watermark, d -> out.accept(relabel(d)));
        }
    }

    @Override
    public DetectorStats stats() {
        DetectorStats s = super.stats();
        if (burst == null) {
            return s;
        }
        Map<String, Long> c = new LinkedHashMap<>(s.counters());
        DetectorStats b = burst.stats();
        c.put("burst_groups", b.keys());
        b.evictions().forEach((r, n) -> c.put("burst_evicted_" + r, n));
        return new DetectorStats(s.kind(), s.ruleId(), s.keys(), s.evictions(), c);
    }

    @Override
    JsonNode writeState(Life life) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("start", life.start).put("events", life.events).put("seen", life.seen);
        ObjectNode a = n.putObject("actions");
        life.actions.forEach(a::put);
        n.set("evidence", life.evidence.toJson());
        return n;
    }

    @Override
    Life readState(JsonNode n) {
        Life life = new Life(n.path("start").asLong(), Evidence.fromJson(n.get("evidence"), cfg.evidenceLimit()));
        life.events = n.path("events").asLong();
        life.seen = n.path("seen").asInt();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("actions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            life.actions.put(e.getKey(), e.getValue().asLong());
        }
        return life;
    }

    @Override
    void writeExtra(ObjectNode root) {
        if (burst != null) {
            root.set("burst", burst.snapshot());
        }
    }

    @Override
    void readExtra(JsonNode root) {
        if (burst != null && root.has("burst")) {
            burst.restore(root.get("burst"));
        }
    }

    @Override
    void afterRestore() {
        timers.clear();
        table.forEach((k, life) -> timers.add(Durations.plus(life.start, bound), k));
    }

    @Override
    long estimateBytes(Life life) {
        return 48 + life.evidence.estimateBytes() + 56 + life.actions.size() * (40L + 16 + 48);
    }
}
