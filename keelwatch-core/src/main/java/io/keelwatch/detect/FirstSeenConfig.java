package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of a {@link FirstSeenDetector}.
 *
 * @param ruleId          rule id
 * @param filter          the rule's compiled condition
 * @param groupBy         key fields (e.g. {@code container.image.name}); empty: one global set
 * @param valueFields     the value whose novelty matters, one or more fields joined with {@code :} (e.g.
 *                        {@code destination.ip}, {@code destination.port})
 * @param learning        values are learned silently during this period
 * @param learningScope   whether the learning period starts at the detector's first event ({@code GLOBAL}) or at
 *                        each key's first event ({@code PER_KEY}, the default: a new image learns its own normal)
 * @param maxValuesPerKey cap on remembered values per key; beyond it the least recently seen is forgotten
 *                        ({@code values_forgotten}; a forgotten value seen again after learning fires again)
 * @param limits          TTL (an idle key forgets what it learned) and max keys (least recently used key forgotten)
 */
public record FirstSeenConfig(String ruleId, Predicate<Event> filter, List<FieldPath> groupBy,
                              List<FieldPath> valueFields, Duration learning, LearningScope learningScope,
                              int maxValuesPerKey, StateLimits limits) {
    public enum LearningScope { GLOBAL, PER_KEY }

    public FirstSeenConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        filter = filter == null ? e -> true : filter;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        valueFields = List.copyOf(valueFields);
        if (valueFields.isEmpty()) {
            throw new IllegalArgumentException("first_seen needs value fields");
        }
        learning = learning == null ? Duration.ZERO : learning;
        if (learning.isNegative()) {
            throw new IllegalArgumentException("learning must not be negative");
        }
        learningScope = learningScope == null ? LearningScope.PER_KEY : learningScope;
        if (maxValuesPerKey < 1) {
            throw new IllegalArgumentException("max values per key must be at least 1");
        }
        limits = limits == null ? StateLimits.DEFAULT : limits;
    }

    public static Builder builder(String ruleId) {
        return new Builder(ruleId);
    }

    /** Fluent construction; defaults: learning 1 h per key, 1,000 values per key. */
    public static final class Builder {
        private final String ruleId;
        private Predicate<Event> filter;
        private List<FieldPath> groupBy = List.of();
        private List<FieldPath> valueFields = List.of();
        private Duration learning = Duration.ofHours(1);
        private LearningScope scope = LearningScope.PER_KEY;
        private int maxValues = 1_000;
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

        public Builder values(String... fields) {
            this.valueFields = GroupKey.of(fields).fields();
            return this;
        }

        public Builder learning(Duration d, LearningScope s) {
            this.learning = d;
            this.scope = s;
            return this;
        }

        public Builder maxValuesPerKey(int n) {
            this.maxValues = n;
            return this;
        }

        public Builder limits(StateLimits l) {
            this.limits = l;
            return this;
        }

        public FirstSeenConfig build() {
            return new FirstSeenConfig(ruleId, filter, groupBy, valueFields, learning, scope, maxValues, limits);
        }
    }
}
