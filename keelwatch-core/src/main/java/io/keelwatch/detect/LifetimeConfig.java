package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Configuration of a {@link LifetimeDetector}.
 *
 * @param ruleId        rule id
 * @param scope         which events are considered at all (null: every event); typically the rule's condition,
 *                      e.g. container lifecycle, exec and flow events
 * @param entity        entity key fields ({@code container.id}; {@code orchestrator.namespace},
 *                      {@code orchestrator.resource.name} for pods)
 * @param start         an entity's life starts at the first event satisfying this (later ones are ignored)
 * @param end           the life ends at the first event satisfying this after the start
 * @param maxLifetime   fire when end - start is at most this (short-lived)
 * @param activity      field whose values are counted per entity over its life (default {@code event.action})
 * @param require       named conditions that events strictly between start and end must each have satisfied at
 *                      least once for the entity to count (e.g. {@code exec}: an exec happened); empty: none
 * @param burst         optional: report bursts of short-lived entities instead of each one (see {@link Burst})
 * @param evidenceLimit evidence events kept per entity (first ones, including the start, and last ones)
 * @param limits        TTL and max keys
 */
public record LifetimeConfig(String ruleId, Predicate<Event> scope, List<FieldPath> entity, Predicate<Event> start,
                             Predicate<Event> end, Duration maxLifetime, FieldPath activity,
                             Map<String, Predicate<Event>> require, Burst burst, int evidenceLimit,
                             StateLimits limits) {

    /**
     * Burst mode: at least {@code minCount} short-lived entities ending within {@code window}, grouped by
     * {@code groupBy} evaluated on the start event (e.g. {@code host.name}, or nothing for all). One detection per
     * {@code minCount} short-lived entities (the count resets after each), which a {@link Suppressor} folds.
     */
    public record Burst(int minCount, Duration window, List<FieldPath> groupBy) {
        public Burst {
            if (minCount < 1) {
                throw new IllegalArgumentException("burst min_count must be at least 1");
            }
            Objects.requireNonNull(window, "window");
            groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        }
    }

    public LifetimeConfig {
        Objects.requireNonNull(ruleId, "ruleId");
        scope = scope == null ? e -> true : scope;
        entity = List.copyOf(entity);
        if (entity.isEmpty()) {
            throw new IllegalArgumentException("lifetime needs entity key fields");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        activity = activity == null ? FieldPath.parse(Fields.EVENT_ACTION) : activity;
        require = require == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(require));
        if (require.size() > 30) {
            throw new IllegalArgumentException("at most 30 require conditions");
        }
        if (evidenceLimit < 2) {
            throw new IllegalArgumentException("lifetime evidence must keep at least the start and end events");
        }
        limits = limits == null ? StateLimits.DEFAULT : limits;
    }

    public static Builder builder(String ruleId) {
        return new Builder(ruleId);
    }

    /** Fluent construction; defaults: entity {@code container.id}, max lifetime 60 s, 10 evidence events. */
    public static final class Builder {
        private final String ruleId;
        private Predicate<Event> scope;
        private List<FieldPath> entity = GroupKey.of(Fields.CONTAINER_ID).fields();
        private Predicate<Event> start;
        private Predicate<Event> end;
        private Duration maxLifetime = Duration.ofMinutes(1);
        private FieldPath activity;
        private final Map<String, Predicate<Event>> require = new LinkedHashMap<>();
        private Burst burst;
        private int evidenceLimit = 10;
        private StateLimits limits = StateLimits.DEFAULT;

        private Builder(String ruleId) {
            this.ruleId = ruleId;
        }

        public Builder scope(Predicate<Event> p) {
            this.scope = p;
            return this;
        }

        public Builder entity(String... fields) {
            this.entity = GroupKey.of(fields).fields();
            return this;
        }

        public Builder start(Predicate<Event> p) {
            this.start = p;
            return this;
        }

        public Builder end(Predicate<Event> p) {
            this.end = p;
            return this;
        }

        public Builder maxLifetime(Duration d) {
            this.maxLifetime = d;
            return this;
        }

        public Builder activity(String field) {
            this.activity = FieldPath.parse(field);
            return this;
        }

        public Builder require(String name, Predicate<Event> p) {
            require.put(name, p);
            return this;
        }

        public Builder burst(int minCount, Duration window, String... groupBy) {
            this.burst = new Burst(minCount, window, GroupKey.of(groupBy).fields());
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

        public LifetimeConfig build() {
            return new LifetimeConfig(ruleId, scope, entity, start, end, maxLifetime, activity, require, burst,
                    evidenceLimit, limits);
        }
    }
}
