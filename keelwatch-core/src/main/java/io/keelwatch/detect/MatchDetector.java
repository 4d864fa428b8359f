package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A stateless rule in detector form: every event satisfying the filter is one detection, keyed by the group-by
 * fields (an event lacking one still fires, with the value {@code ""}). Lets single-event rules share the engine's
 * ordering and {@link Suppressor} folding with the stateful kinds. Keeps only counters.
 */
public final class MatchDetector implements StatefulDetector {
    private final String ruleId;
    private final Predicate<Event> filter;
    private final List<FieldPath> groupBy;
    private final String reason;
    private final Counters counters = new Counters("events", "fired");

    public MatchDetector(String ruleId, Predicate<Event> filter, List<FieldPath> groupBy, String reason) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.filter = filter == null ? e -> true : filter;
        this.groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        this.reason = reason == null ? "event matched rule " + ruleId : reason;
    }

    @Override
    public String ruleId() {
        return ruleId;
    }

    @Override
    public String kind() {
        return "match";
    }

    @Override
    public void onEvent(Event e, DetectionSink out) {
        if (!filter.test(e)) {
            return;
        }
        counters.inc("events");
        counters.inc("fired");
        Map<String, String> key = new java.util.LinkedHashMap<>();
        for (FieldPath f : groupBy) {
            String v = GroupKey.text(f.first(e));
            key.put(f.text(), v == null ? "" : v);
        }
        long t = e.timeNanos();
        out.accept(new Detection(ruleId, t, key, List.of(e), 1, t, t, Map.of(), reason));
    }

    /** Events the filter does not pass change nothing, and there is no clock. */
    @Override
    public boolean clockOnlyOtherwise() {
        return true;
    }

    @Override
    public void onWatermark(long watermarkNanos, DetectionSink out) {
    }

    @Override
    public DetectorStats stats() {
        return new DetectorStats(kind(), ruleId, 0, Map.of("ttl", 0L, "max_keys", 0L), counters.asMap());
    }

    @Override
    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("kind", kind()).put("rule", ruleId);
        n.set("counters", counters.toJson());
        return n;
    }

    @Override
    public void restore(JsonNode snapshot) {
        if (!kind().equals(snapshot.path("kind").asText()) || !ruleId.equals(snapshot.path("rule").asText())) {
            throw new IllegalArgumentException("snapshot is not of match rule '" + ruleId + "'");
        }
        counters.restore(snapshot.get("counters"));
    }

    @Override
    public long estimatedBytesPerKey() {
        return 0;
    }
}
