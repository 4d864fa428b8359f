package io.keelwatch.detect;

import io.keelwatch.event.Event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a stateful detector reports when its condition is met. Immutable; the integrator turns it into an alert.
 *
 * @param ruleId    the rule the detector was built for
 * @param timeNanos event time at which the condition was met (the crossing event, a sequence's last step, the end
 *                  of an absence window); never the wall clock, so results do not depend on processing speed
 * @param key       group-by (entity) values in the configured field order; empty for ungrouped detectors
 * @param evidence  a bounded sample of the events the detection is about (the first and last ones), in time order
 * @param count     how many events the detection covers; {@code evidence.size() <= count}
 * @param firstTime time of the earliest event covered
 * @param lastTime  time of the latest event covered
 * @param values    what the detector measured, by name (see each detector's documentation); String, Long, Double,
 *                  Boolean, {@code List} or {@code Map} values
 * @param reason    one human sentence saying why it fired
 */
public record Detection(String ruleId, long timeNanos, Map<String, String> key, List<Event> evidence, long count,
                        long firstTime, long lastTime, Map<String, Object> values, String reason) {
    public Detection {
        Objects.requireNonNull(ruleId, "ruleId");
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        evidence = List.copyOf(evidence);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        reason = reason == null ? "" : reason;
    }

    /** The key as one string, {@code field=value} pairs joined by commas; empty when ungrouped. */
    public String keyText() {
        StringBuilder sb = new StringBuilder();
        key.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** A copy with other values, count, evidence, times and reason (used when folding and relabelling). */
    public Detection with(long newTime, List<Event> newEvidence, long newCount, long newFirst, long newLast,
                          Map<String, Object> newValues, String newReason) {
        return new Detection(ruleId, newTime, key, newEvidence, newCount, newFirst, newLast, newValues, newReason);
    }
}
