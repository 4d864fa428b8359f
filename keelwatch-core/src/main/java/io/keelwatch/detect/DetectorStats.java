package io.keelwatch.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detector's state accounting.
 *
 * @param kind      detector kind ({@code threshold}, {@code sequence}, ...)
 * @param ruleId    the rule
 * @param keys      keys (entities, groups) currently tracked
 * @param evictions keys dropped while they still held information, by reason: always {@code ttl} (idle longer
 *                  than the TTL) and {@code max_keys} (least recently used, table full)
 * @param counters  detector-specific counters: {@code events} (passed the filter), {@code missing_key},
 *                  {@code fired}, and natural expiry such as {@code expired} (state that could no longer matter)
 */
public record DetectorStats(String kind, String ruleId, long keys, Map<String, Long> evictions,
                            Map<String, Long> counters) {
    public DetectorStats {
        evictions = Collections.unmodifiableMap(new LinkedHashMap<>(evictions));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    public long evictions(String reason) {
        return evictions.getOrDefault(reason, 0L);
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
