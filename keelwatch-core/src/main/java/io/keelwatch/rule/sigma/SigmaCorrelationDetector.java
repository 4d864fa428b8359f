package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.detect.Detection;
import io.keelwatch.detect.DetectionSink;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.detect.EventJson;
import io.keelwatch.detect.StateLimits;
import io.keelwatch.detect.StatefulDetector;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The detector of a Sigma correlation. Each event that passes the correlation's gate is tested against every
 * referenced detection rule; a matching event joins the window of its group (the group-by fields, read through that
 * rule's field mapping and the aliases). Referenced correlations run as nested detectors whose detections join the
 * same way. Windows slide over the timespan; a condition with only a lower bound (gt, gte; temporal types) fires as
 * soon as it holds and empties the group's window; one with an upper bound (lt, lte, eq, neq) is decided when the
 * group's window — opened by its first event — closes, or at the end of input.
 */
final class SigmaCorrelationDetector implements StatefulDetector {
    /** A referenced detection rule: which events it matches, their group key (null: a field is missing), value. */
    record Base(Predicate<Event> matches, Function<Event, Map<String, String>> key, Function<Event, Object> value) {
    }

    /** A referenced correlation: a fresh nested detector, and its group key mapped to this one's (null: no key). */
    record Nested(Function<Predicate<Event>, SigmaCorrelationDetector> factory,
                  Function<Map<String, String>, Map<String, String>> key) {
    }

    private static final int EVIDENCE = 10;

    private final String ruleId;
    private final SigmaCorrelationSpec spec;
    private final Predicate<Event> gate;
    private final List<Base> bases;
    private final List<Nested> nestedSpecs;
    private final List<SigmaCorrelationDetector> nested = new ArrayList<>();
    private final StateLimits limits;
    private final long span;
    private final Map<String, SigmaCorrelationWindow> windows = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final Map<String, Long> evictions = new LinkedHashMap<>();

    SigmaCorrelationDetector(String ruleId, SigmaCorrelationSpec spec, Predicate<Event> gate, List<Base> bases,
                             List<Nested> nestedSpecs, StateLimits limits) {
        this.ruleId = ruleId;
        this.spec = spec;
        this.gate = gate;
        this.bases = List.copyOf(bases);
        this.nestedSpecs = List.copyOf(nestedSpecs);
        this.limits = limits;
        this.span = spec.timespan().toNanos();
        nestedSpecs.forEach(n -> nested.add(n.factory().apply(gate)));
        for (String c : List.of("events", "missing_key", "fired")) {
            counters.put(c, 0L);
        }
        evictions.put("ttl", 0L);
        evictions.put("max_keys", 0L);
    }

    @Override
    public String ruleId() {
        return ruleId;
    }

    @Override
    public String kind() {
        return "sigma_" + spec.type();
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        if (gate.test(e)) {
            for (int i = 0; i < bases.size(); i++) {
                Base b = bases.get(i);
                if (b.matches().test(e)) {
                    Object v = b.value().apply(e);
                    add(b.key().apply(e), new SigmaCorrelationWindow.Entry(e.timeNanos(), i, v, e), out);
                }
            }
        }
        for (int n = 0; n < nested.size(); n++) {
            int member = bases.size() + n;
            Function<Map<String, String>, Map<String, String>> km = nestedSpecs.get(n).key();
            nested.get(n).onEvent(e, d -> joinNested(d, member, km, out));
        }
    }

    private void joinNested(Detection d, int member, Function<Map<String, String>, Map<String, String>> km,
                            DetectionSink out) {
        Event last = d.evidence().isEmpty() ? null : d.evidence().get(d.evidence().size() - 1);
        add(km.apply(d.key()), new SigmaCorrelationWindow.Entry(d.timeNanos(), member, null, last), out);
    }

    private void add(Map<String, String> key, SigmaCorrelationWindow.Entry entry, DetectionSink out) {
        counters.merge("events", 1L, Long::sum);
        if (key == null || spec.type().startsWith("value_") && entry.value() == null) {
            counters.merge("missing_key", 1L, Long::sum);
            return;
        }
        String k = key.toString();
        SigmaCorrelationWindow w = windows.get(k);
        if (w == null) {
            w = new SigmaCorrelationWindow(key);
            windows.put(k, w);
            if (windows.size() > limits.maxKeys()) {
                Iterator<String> it = windows.keySet().iterator();
                it.next();
                it.remove();
                evictions.merge("max_keys", 1L, Long::sum);
            }
        }
        long t = entry.time();
        w.lastSeen = t;
        if (spec.decidedAtWindowEnd()) {
            if (w.start != Long.MIN_VALUE && t >= w.start + span) {
                decide(w, w.start + span, out);
            }
            if (w.entries.isEmpty()) {
                w.start = t;
            }
            w.entries.add(entry);
            return;
        }
        w.expire(t, span);
        w.entries.add(entry);
        double m = w.measure(spec.type(), entry.value());
        if (spec.holds(m)) {
            fire(w, t, m, Values.text(entry.value()), out);
        }
    }

    /** Closes an upper-bounded window: fires when its measure meets the condition. */
    private void decide(SigmaCorrelationWindow w, long at, DetectionSink out) {
        if (spec.type().equals("value_percentile")) {
            for (String v : w.distinct()) {
                double m = w.measure(spec.type(), v);
                if (spec.holds(m)) {
                    emit(w, at, m, v, out);
                }
            }
        } else {
            double m = w.measure(spec.type(), null);
            if (spec.holds(m)) {
                emit(w, at, m, null, out);
            }
        }
        w.entries.clear();
        w.start = Long.MIN_VALUE;
    }

    private void fire(SigmaCorrelationWindow w, long at, double m, String value, DetectionSink out) {
        emit(w, at, m, value, out);
        w.entries.clear();
    }

    private void emit(SigmaCorrelationWindow w, long at, double measure, String value, DetectionSink out) {
        counters.merge("fired", 1L, Long::sum);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", spec.type());
        values.put("measure", measure);
        if (value != null && spec.field() != null) {
            values.put(spec.field(), value);
        }
        String shown = measure == Math.rint(measure) ? Long.toString((long) measure) : String.format("%.2f", measure);
        String reason = "sigma correlation " + spec.type() + (spec.field() == null ? "" : " of " + spec.field()
                + (value == null ? "" : " (" + value + ")")) + " = " + shown + " within " + spec.timespan()
                + (w.key.isEmpty() ? "" : " for " + w.key) + " (condition " + spec.bounds() + ")";
        long first = w.entries.isEmpty() ? at : w.entries.peekFirst().time();
        long last = w.entries.isEmpty() ? at : w.entries.peekLast().time();
        out.accept(new Detection(ruleId, at, w.key, w.evidence(EVIDENCE), Math.max(1, w.entries.size()), first, last,
                values, reason));
    }

    @Override
    public void onWatermark(long watermarkNanos, DetectionSink out) {
        for (int n = 0; n < nested.size(); n++) {
            int member = bases.size() + n;
            Function<Map<String, String>, Map<String, String>> km = nestedSpecs.get(n).key();
            nested.get(n).onWatermark(watermarkNanos, d -> joinNested(d, member, km, out));
        }
        boolean end = watermarkNanos == Long.MAX_VALUE;
        for (Iterator<SigmaCorrelationWindow> it = windows.values().iterator(); it.hasNext(); ) {
            SigmaCorrelationWindow w = it.next();
            if (spec.decidedAtWindowEnd()) {
                if (w.start != Long.MIN_VALUE && (end || watermarkNanos >= w.start + span)) {
                    decide(w, end ? Math.max(w.lastSeen, w.start) : w.start + span, out);
                }
            } else if (!end) {
                w.expire(watermarkNanos, span);
            }
            if (w.entries.isEmpty() && !end && watermarkNanos - w.lastSeen > limits.ttl().toNanos()) {
                it.remove();
                evictions.merge("ttl", 1L, Long::sum);
            } else if (w.entries.isEmpty() && !end) {
                it.remove();
            }
        }
    }

    @Override
    public DetectorStats stats() {
        return new DetectorStats(kind(), ruleId, windows.size(), evictions, counters);
    }

    @Override
    public JsonNode snapshot() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        ArrayNode ws = n.putArray("windows");
        for (SigmaCorrelationWindow w : windows.values()) {
            ObjectNode o = ws.addObject();
            ObjectNode key = o.putObject("key");
            w.key.forEach(key::put);
            o.put("start", w.start).put("last", w.lastSeen);
            ArrayNode es = o.putArray("entries");
            for (SigmaCorrelationWindow.Entry e : w.entries) {
                ObjectNode x = es.addObject().put("time", e.time()).put("member", e.member());
                x.put("value", Values.text(e.value()));
                if (e.event() != null) {
                    x.set("event", EventJson.write(e.event()));
                }
            }
        }
        ObjectNode c = n.putObject("counters");
        counters.forEach(c::put);
        ObjectNode ev = n.putObject("evictions");
        evictions.forEach(ev::put);
        ArrayNode ns = n.putArray("nested");
        nested.forEach(d -> ns.add(d.snapshot()));
        return n;
    }

    @Override
    public void restore(JsonNode n) {
        windows.clear();
        for (JsonNode o : n.path("windows")) {
            Map<String, String> key = new LinkedHashMap<>();
            o.path("key").fields().forEachRemaining(e -> key.put(e.getKey(), e.getValue().asText()));
            SigmaCorrelationWindow w = new SigmaCorrelationWindow(key);
            w.start = o.path("start").asLong();
            w.lastSeen = o.path("last").asLong();
            for (JsonNode x : o.path("entries")) {
                Event e = x.has("event") ? EventJson.read(x.get("event")) : null;
                Object v = x.path("value").isNull() ? null : FieldPath.scalar(x.path("value"));
                w.entries.add(new SigmaCorrelationWindow.Entry(x.path("time").asLong(), x.path("member").asInt(), v, e));
            }
            windows.put(key.toString(), w);
        }
        n.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
        n.path("evictions").fields().forEachRemaining(e -> evictions.put(e.getKey(), e.getValue().asLong()));
        for (int i = 0; i < nested.size() && i < n.path("nested").size(); i++) {
            nested.get(i).restore(n.path("nested").get(i));
        }
    }

    @Override
    public long estimatedBytesPerKey() {
        if (windows.isEmpty()) {
            return 0;
        }
        long entries = windows.values().stream().mapToLong(w -> w.entries.size()).sum();
        return 200 + 120 * entries / windows.size();
    }
}
