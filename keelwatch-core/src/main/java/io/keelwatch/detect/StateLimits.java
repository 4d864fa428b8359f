package io.keelwatch.detect;

import java.time.Duration;

/**
 * Bounds on a detector's keyed state.
 *
 * @param ttl     keys idle (no event) for longer than this, in event time, are dropped (counted as {@code ttl})
 * @param maxKeys when a new key would exceed this, the least recently used key is dropped ({@code max_keys})
 */
public record StateLimits(Duration ttl, int maxKeys) {
    /** Seven days of idleness, 100,000 keys. */
    public static final StateLimits DEFAULT = new StateLimits(Duration.ofDays(7), 100_000);

    public StateLimits {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("max_keys must be at least 1");
        }
    }

    public static StateLimits of(Duration ttl, int maxKeys) {
        return new StateLimits(ttl, maxKeys);
    }

    long ttlNanos() {
        return Durations.nanos(ttl);
    }
}
