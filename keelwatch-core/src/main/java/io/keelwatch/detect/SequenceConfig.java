package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of a {@link SequenceDetector}.
 *
 * @param ruleId  rule id
 * @param filter  optional pre-filter applied before the steps (null: every event)
 * @param steps   ordered steps; the first must be a {@code match} step
 * @param by      join fields: all events of one sequence share these values (empty: one global sequence)
 * @param maxspan the whole sequence must fit in this span, measured from the first step's event; a trailing
 *                {@code absent} step is satisfied when this span passes without the absent event
 * @param limits  TTL and max keys (keys are dropped anyway when their last partial match expires)
 */
public record SequenceConfig(String ruleId, Predicate<Event> filter, List<Step> steps, List<FieldPath> by,
                             Duration maxspan, StateLimits limits) {

    /**
     * One step. A {@code match} step needs an event satisfying its filter; an {@code absent} step between two
     * match steps cancels the partial match if an event satisfying it arrives between them; trailing absent steps
     * cancel it if such an event arrives before the maxspan ends, and otherwise complete it.
     */
    public record Step(String name, boolean absent, Predicate<Event> filter) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(filter, "filter");
        }

        public static Step match(String name, Predicate<Event> filter) {
            return new Step(name, false, filter);
        }

        public static Step absent(String name, Predicate<Event> filter) {
            return new Step(name, true, filter);
        }
    }

    public SequenceConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        filter = filter == null ? e -> true : filter;
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.get(0).absent()) {
            throw new IllegalArgumentException("a sequence needs steps and must start with a match step");
        }
        by = by == null ? List.of() : List.copyOf(by);
        Objects.requireNonNull(maxspan, "maxspan");
        if (maxspan.isNegative() || maxspan.isZero()) {
            throw new IllegalArgumentException("maxspan must be positive");
        }
        limits = limits == null ? StateLimits.DEFAULT : limits;
    }

    public static Builder builder(String ruleId) {
        return new Builder(ruleId);
    }

    /** Fluent construction; default maxspan one minute. */
    public static final class Builder {
        private final String ruleId;
        private Predicate<Event> filter;
        private final List<Step> steps = new ArrayList<>();
        private List<FieldPath> by = List.of();
        private Duration maxspan = Duration.ofMinutes(1);
        private StateLimits limits = StateLimits.DEFAULT;

        private Builder(String ruleId) {
            this.ruleId = ruleId;
        }

        public Builder filter(Predicate<Event> f) {
            this.filter = f;
            return this;
        }

        public Builder match(String name, Predicate<Event> f) {
            steps.add(Step.match(name, f));
            return this;
        }

        public Builder absent(String name, Predicate<Event> f) {
            steps.add(Step.absent(name, f));
            return this;
        }

        public Builder by(String... fields) {
            this.by = GroupKey.of(fields).fields();
            return this;
        }

        public Builder by(List<FieldPath> fields) {
            this.by = fields;
            return this;
        }

        public Builder maxspan(Duration d) {
            this.maxspan = d;
            return this;
        }

        public Builder limits(StateLimits l) {
            this.limits = l;
            return this;
        }

        public SequenceConfig build() {
            return new SequenceConfig(ruleId, filter, steps, by, maxspan, limits);
        }
    }
}
