package io.keelwatch.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.event.Times;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline's accounting.
 *
 * @param eventsIn         events accepted
 * @param lateEvents       events older than the watermark when they arrived (processed out of order)
 * @param buffered         events waiting in the reorder buffer
 * @param watermark        current event-time watermark (ns; Long.MIN_VALUE before any event)
 * @param statelessMatches matches of stateless rules (before folding)
 * @param detections       detections of all rules (stateless matches included), before folding
 * @param alertsOut        alerts emitted
 * @param alertsPending    folded alerts held for time order
 * @param suppressed       rule matches stopped by exceptions and allow-lists, by reason (counted by the rule set,
 *                         over every pipeline that used it)
 * @param suppression      the folding counters: received, folded, emitted, open_groups, ...
 * @param detectors        per stateful rule: kind, keys held, evictions and counters
 * @param bytesPerKey      per stateful rule: rough heap bytes per key held (state size = keys x this)
 * @param errors           rule id → exceptions its detector threw
 * @param firstErrors      rule id → the first such exception
 */
public record PipelineStats(long eventsIn, long lateEvents, long buffered, long watermark, long statelessMatches,
                            long detections, long alertsOut, long alertsPending, Map<String, Long> suppressed,
                            Map<String, Long> suppression, List<DetectorStats> detectors,
                            Map<String, Long> bytesPerKey, Map<String, Long> errors,
                            Map<String, String> firstErrors) {
    public PipelineStats {
        suppressed = Collections.unmodifiableMap(new LinkedHashMap<>(suppressed));
        suppression = Collections.unmodifiableMap(new LinkedHashMap<>(suppression));
        detectors = List.copyOf(detectors);
        bytesPerKey = Collections.unmodifiableMap(new LinkedHashMap<>(bytesPerKey));
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        firstErrors = Collections.unmodifiableMap(new LinkedHashMap<>(firstErrors));
    }

    /** Detections folded into an earlier alert of the same rule and entity. */
    public long folded() {
        return suppression.getOrDefault("folded", 0L);
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("events_in", eventsIn).put("late_events", lateEvents).put("buffered", buffered);
        o.put("watermark", watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE ? null
                : Times.format(watermark));
        o.put("stateless_matches", statelessMatches).put("detections", detections).put("alerts_out", alertsOut)
                .put("alerts_pending", alertsPending).put("folded", folded());
        ObjectNode s = o.putObject("suppressed");
        suppressed.forEach(s::put);
        ObjectNode sp = o.putObject("suppression");
        suppression.forEach(sp::put);
        ArrayNode ds = o.putArray("detectors");
        for (DetectorStats d : detectors) {
            ObjectNode x = ds.addObject().put("rule", d.ruleId()).put("kind", d.kind()).put("keys", d.keys())
                    .put("bytes_per_key", bytesPerKey.getOrDefault(d.ruleId(), 0L));
            ObjectNode ev = x.putObject("evictions");
            d.evictions().forEach(ev::put);
            ObjectNode c = x.putObject("counters");
            d.counters().forEach(c::put);
        }
        ObjectNode er = o.putObject("errors");
        errors.forEach((k, v) -> er.putObject(k).put("count", v).put("first", firstErrors.get(k)));
        return o;
    }
}
