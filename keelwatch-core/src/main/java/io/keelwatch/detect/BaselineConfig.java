package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of a {@link BaselineDetector}.
 *
 * @param ruleId        rule id
 * @param filter        the rule's compiled condition
 * @param groupBy       key fields (a workload: {@code container.image.name}, {@code container.name}, a pod)
 * @param value         numeric field sampled per event (e.g. {@code container.cpu.pct}); null in bucket mode
 * @param bucket        rate mode: count matching events per bucket of this length and baseline the counts (e.g.
 *                      container starts per minute per host); null in value mode
 * @param alpha         EWMA weight of a new sample, 0 &lt; alpha &lt;= 1 (during warm-up 1/n is used when larger, so
 *                      the first samples form a plain average)
 * @param k             how many deviations above the mean count as anomalous
 * @param minHistory    samples needed before the baseline test is applied
 * @param floor         the value must also exceed this absolute floor (e.g. CPU 50 %); with {@code maxAge} it
 *                      is also the static threshold for young keys
 * @param minDeviation  lower bound of the deviation used in the limit (a flat baseline would otherwise flag any
 *                      increase); 0 to disable
 * @param maxAge        optional "high right after start": while a key is younger than this (since its first event),
 *                      a value above {@code floor} fires without any history; null or zero: off
 * @param useBaseline   false to use only the young-key static test
 * @param evidenceLimit evidence events per detection in bucket mode (value mode: the sample event)
 * @param limits        TTL (an idle key forgets its baseline) and max keys
 */
public record BaselineConfig(String ruleId, Predicate<Event> filter, List<FieldPath> groupBy, FieldPath value,
                             Duration bucket, double alpha, double k, int minHistory, double floor,
                             double minDeviation, Duration maxAge, boolean useBaseline, int evidenceLimit,
                             StateLimits limits) {
    public BaselineConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        filter = filter == null ? e -> true : filter;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        if ((value == null) == (bucket == null)) {
            throw new IllegalArgumentException("baseline needs exactly one of a value field or a bucket (rate)");
        }
        if (bucket != null && (bucket.isZero() || bucket.isNegative())) {
            throw new IllegalArgumentException("bucket must be positive");
        }
        if (!(alpha > 0 && alpha <= 1) || !(k > 0) || minHistory < 1 || !(minDeviation >= 0)
                || Double.isNaN(floor) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("need 0 < alpha <= 1, k > 0, min_history >= 1, min_deviation >= 0 "
                    + "and a finite floor");
        }
        maxAge = maxAge == null ? Duration.ZERO : maxAge;
        if (!useBaseline && maxAge.isZero()) {
            throw new IllegalArgumentException("without the baseline test, max_age is needed");
        }
        if (evidenceLimit < 1) {
            throw new IllegalArgumentException("evidence must be at least 1");
        }
        limits = limits == null ? StateLimits.DEFAULT : limits;
    }

    public static Builder builder(String ruleId) {
        return new Builder(ruleId);
    }

    /** Fluent construction; defaults: alpha 0.05, k 4, 30 samples, floor 0, no min deviation, no max age. */
    public static final class Builder {
        private final String ruleId;
        private Predicate<Event> filter;
        private List<FieldPath> groupBy = List.of();
        private FieldPath value;
        private Duration bucket;
        private double alpha = 0.05;
        private double k = 4;
        private int minHistory = 30;
        private double floor;
        private double minDeviation;
        private Duration maxAge = Duration.ZERO;
        private boolean useBaseline = true;
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

        public Builder value(String field) {
            this.value = FieldPath.parse(field);
            return this;
        }

        public Builder ratePer(Duration b) {
            this.bucket = b;
            return this;
        }

        public Builder alpha(double a) {
            this.alpha = a;
            return this;
        }

        public Builder k(double v) {
            this.k = v;
            return this;
        }

        public Builder minHistory(int n) {
            this.minHistory = n;
            return this;
        }

        public Builder floor(double f) {
            this.floor = f;
            return this;
        }

        public Builder minDeviation(double d) {
            this.minDeviation = d;
            return this;
        }

        public Builder maxAge(Duration d) {
            this.maxAge = d;
            return this;
        }

        public Builder useBaseline(boolean b) {
            this.useBaseline = b;
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

        public BaselineConfig build() {
            return new BaselineConfig(ruleId, filter, groupBy, value, bucket, alpha, k, minHistory, floor,
                    minDeviation, maxAge, useBaseline, evidenceLimit, limits);
        }
    }
}
