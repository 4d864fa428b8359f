package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of a {@link ThresholdDetector}.
 *
 * @param ruleId        rule id
 * @param filter        the rule's compiled condition; only matching events count
 * @param groupBy       key fields (empty: one global group)
 * @param distinct      when set, the measure is the number of distinct values of this field in the window;
 *                      otherwise the number of matching events
 * @param window        sliding window length, in event time
 * @param buckets       count ring resolution: the window is cut into this many buckets (default 10), so counts cover
 *                      between {@code window*(1-1/buckets)} and {@code window} of history (the bucket width is
 *                      rounded up to whole nanoseconds)
 * @param op            comparison of the measure with the threshold
 * @param threshold     the number compared against
 * @param rearm         what happens after firing (see {@link Rearm})
 * @param maxDistinct   cap on tracked distinct values per key (oldest dropped first, counted as
 *                      {@code distinct_capped})
 * @param evidenceLimit evidence events kept per key (first half and last half)
 * @param limits        TTL and max keys
 */
public record ThresholdConfig(String ruleId, Predicate<Event> filter, List<FieldPath> groupBy, FieldPath distinct,
                              Duration window, int buckets, Op op, long threshold, Rearm rearm, int maxDistinct,
                              int evidenceLimit, StateLimits limits) {
    /** Comparison with the threshold. */
    public enum Op {
        GE(">="), GT(">");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public boolean test(long measure, long threshold) {
            return this == GE ? measure >= threshold : measure > threshold;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Re-arming after a detection. */
    public enum Rearm {
        /**
         * Default. The key's window is emptied when it fires, so the next detection needs a full threshold of new
         * events: a long sweep yields one detection per threshold's worth of events, which the {@link Suppressor}
         * folds into one alert whose count is the sweep's size.
         */
        RESET,
        /** No further detection for the key until its windowed measure drops back below the threshold. */
        BELOW
    }

    public ThresholdConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        filter = filter == null ? e -> true : filter;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (buckets < 1 || buckets > 1000) {
            throw new IllegalArgumentException("buckets must be 1..1000");
        }
        op = op == null ? Op.GE : op;
        rearm = rearm == null ? Rearm.RESET : rearm;
        if (op == Op.GE ? threshold < 1 : threshold < 0) {
            throw new IllegalArgumentException("threshold must need at least one event (>= 1, or > 0)");
        }
        if (maxDistinct < 1 || evidenceLimit < 0) {
            throw new IllegalArgumentException("max_distinct must be >= 1 and evidence >= 0");
        }
        limits = limits == null ? StateLimits.DEFAULT : limits;
    }

    public static Builder builder(String ruleId) {
        return new Builder(ruleId);
    }

    /** Fluent construction with defaults: no grouping, 10 buckets, {@code >=}, RESET, 10k distinct, 10 evidence. */
    public static final class Builder {
        private final String ruleId;
        private Predicate<Event> filter;
        private List<FieldPath> groupBy = List.of();
        private FieldPath distinct;
        private Duration window = Duration.ofMinutes(1);
        private int buckets = 10;
        private Op op = Op.GE;
        private long threshold = 1;
        private Rearm rearm = Rearm.RESET;
        private int maxDistinct = 10_000;
        private int evidenceLimit = 10;
        private StateLimits limits = StateLimits.DEFAULT;

        private Builder(String ruleId) {
            this.ruleId = ruleId;
        }

        public Builder filter(Predicate<Event> f) {
            this.filter = f;
            return this;
        }

        public Builder groupBy(String... fields) {
            this.groupBy = GroupKey.of(fields).fields();
            return this;
        }

        public Builder groupBy(List<FieldPath> fields) {
            this.groupBy = fields;
            return this;
        }

        public Builder distinct(String field) {
            this.distinct = field == null ? null : FieldPath.parse(field);
            return this;
        }

        public Builder window(Duration w) {
            this.window = w;
            return this;
        }

        public Builder buckets(int n) {
            this.buckets = n;
            return this;
        }

        public Builder atLeast(long n) {
            this.op = Op.GE;
            this.threshold = n;
            return this;
        }

        public Builder moreThan(long n) {
            this.op = Op.GT;
            this.threshold = n;
            return this;
        }

        public Builder rearm(Rearm r) {
            this.rearm = r;
            return this;
        }

        public Builder maxDistinct(int n) {
            this.maxDistinct = n;
            return this;
        }

        public Builder evidence(int n) {
            this.evidenceLimit = n;
            return this;
        }

        public Builder limits(StateLimits l) {
            this.limits = l;
            return this;
        }

        public ThresholdConfig build() {
            return new ThresholdConfig(ruleId, filter, groupBy, distinct, window, buckets, op, threshold, rearm,
                    maxDistinct, evidenceLimit, limits);
        }
    }
}
