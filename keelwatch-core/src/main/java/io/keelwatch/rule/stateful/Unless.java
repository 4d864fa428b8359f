package io.keelwatch.rule.stateful;

import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The {@code unless} key of a stateful rule: an event the rule selects is not handed to the detector when an event
 * satisfying {@code condition}, with the same values of the {@code by} fields, happens within {@code within} before
 * or after it. Example: Engine API inspects that {@code docker exec} makes itself, right before its exec_create.
 * Deciding "after" needs {@code within} of patience, so the detector sees the rule's events that much later (its
 * detections keep the events' own times).
 */
record Unless(Predicate<Event> condition, List<FieldPath> by, Duration within) {
    Unless {
        Objects.requireNonNull(condition, "condition");
        by = List.copyOf(by);
        Objects.requireNonNull(within, "within");
    }
}
