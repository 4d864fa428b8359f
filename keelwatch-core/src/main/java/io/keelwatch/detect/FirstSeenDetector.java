package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A value never seen before for a key, after a learning period: a new egress destination for an image, a new
 * inter-container edge, a new user agent for a service account.
 *
 * <p>State per key: the time the key was first seen and its known values (value → last seen), in least recently
 * seen order, capped. A value is the first value of each configured field joined with {@code :}; events lacking a
 * field are ignored ({@code missing_value}). Each new value fires once and is then known. Values first seen during
 * learning are remembered silently ({@code learned}).
 *
 * <p>Values: {@code value}, {@code value_fields}, {@code known_values} (how many the key knew),
 * {@code key_age_seconds}.
 */
public final class FirstSeenDetector extends KeyedDetector<FirstSeenDetector.Known> {
    private final FirstSeenConfig cfg;
    private final GroupKey key;
    private final long learning;
    private final String valueName;
    private long globalStart = Long.MIN_VALUE;

    static final class Known {
        final long firstSeen;
        final LinkedHashMap<String, Long> values = new LinkedHashMap<>();

        Known(long firstSeen) {
            this.firstSeen = firstSeen;
        }
    }

    public FirstSeenDetector(FirstSeenConfig cfg) {
        super(cfg.ruleId(), cfg.limits());
        this.cfg = cfg;
        this.key = GroupKey.of(cfg.groupBy());
        this.learning = Durations.nanos(cfg.learning());
        this.valueName = cfg.valueFields().stream().map(FieldPath::text).collect(Collectors.joining(":"));
    }

    public FirstSeenConfig config() {
        return cfg;
    }

    @Override
    public String kind() {
        return "first_seen";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        long t = e.timeNanos();
        String k = admit(e, cfg.filter(), key);
        if (k == null) {
            return;
        }
        String v = value(e);
        if (v == null) {
            counters.inc("missing_value");
            return;
        }
        if (globalStart == Long.MIN_VALUE) {
            globalStart = t;
        }
        Known known = table.touch(k, t, () -> new Known(t));
        Long prev = known.values.remove(v);
        known.values.put(v, prev == null ? t : Math.max(prev, t));
        if (prev != null) {
            return;
        }
        if (known.values.size() > cfg.maxValuesPerKey()) {
            Iterator<String> it = known.values.keySet().iterator();
            it.next();
            it.remove();
            counters.inc("values_forgotten");
        }
        long learnStart = cfg.learningScope() == FirstSeenConfig.LearningScope.GLOBAL ? globalStart : known.firstSeen;
        if (t - learnStart < learning) {
            counters.inc("learned");
            return;
        }
        counters.inc("fired");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("value", v);
        values.put("value_fields", valueName);
        values.put("known_values", (long) known.values.size() - 1);
        values.put("key_age_seconds", Durations.seconds(t - known.firstSeen));
        String reason = "first " + valueName + " " + v + " for " + key.describe(k) + " after "
                + (known.values.size() - 1) + " known value(s) over " + Durations.text(Math.max(0, t - known.firstSeen));
        out.accept(new Detection(ruleId, t, key.decode(k), List.of(e), 1, t, t, values, reason));
    }

    private String value(Event e) {
        List<FieldPath> fields = cfg.valueFields();
        if (fields.size() == 1) {
            return GroupKey.text(fields.get(0).first(e));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String s = GroupKey.text(fields.get(i).first(e));
            if (s == null) {
                return null;
            }
            sb.append(i == 0 ? "" : ":").append(s);
        }
        return sb.toString();
    }

    @Override
    public void onWatermark(long watermark, DetectionSink out) {
        table.evictTtl(watermark);
    }

    @Override
    JsonNode writeState(Known known) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("first", known.firstSeen);
        ObjectNode v = n.putObject("values");
        known.values.forEach(v::put);
        return n;
    }

    @Override
    Known readState(JsonNode n) {
        Known known = new Known(n.path("first").asLong());
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("values").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            known.values.put(e.getKey(), e.getValue().asLong());
        }
        return known;
    }

    @Override
    void writeExtra(ObjectNode root) {
        root.put("globalStart", globalStart);
    }

    @Override
    void readExtra(JsonNode root) {
        globalStart = root.path("globalStart").asLong(Long.MIN_VALUE);
    }

    @Override
    long estimateBytes(Known known) {
        long perValue = 40 + 16;
        long chars = 0;
        for (String s : known.values.keySet()) {
            chars += 40 + s.length();
        }
        return 32 + 64 + known.values.size() * perValue + chars;
    }
}
