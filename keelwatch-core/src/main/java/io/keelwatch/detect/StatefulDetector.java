package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;

/**
 * A detector that keeps state across events. The engine ({@link DetectionEngine}) calls it from one thread with
 * events in event-time order (late events, older than the watermark, may still arrive and are processed as well as
 * each detector can) and advances the watermark between them.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #onEvent} is called for every event; the detector applies its own filter (the rule's compiled
 *       condition) and grouping. A detector for which the others only move its clock may be handed only the events
 *       that pass ({@link #clockOnlyOtherwise}).</li>
 *   <li>{@link #onWatermark} promises that every event with time {@code <= watermark} has been delivered (except
 *       late ones). Timers due at or before it fire: absence windows close, lifetimes time out, idle keys are
 *       dropped. {@code Long.MAX_VALUE} means end of input: timers that can be decided from the events seen fire
 *       (with the last event time as "now"); those that cannot (an absence window still open when input ended)
 *       do not.</li>
 *   <li>Results do not depend on how often the watermark is advanced: per-key timers are also resolved lazily
 *       when the key's next event arrives, and idle eviction is applied relative to each event's time.</li>
 *   <li>{@link #snapshot} captures all state (including counters); {@link #restore} on a fresh detector built with
 *       the same configuration continues exactly where the snapshot was taken.</li>
 * </ul>
 */
public interface StatefulDetector {
    /** The rule this detector belongs to. */
    String ruleId();

    /** {@code threshold}, {@code sequence}, {@code lifetime}, {@code first_seen}, {@code baseline} or {@code match}. */
    String kind();

    void onEvent(Event e, DetectionSink out);

    /**
     * True when an event that the detector's filter does not pass changes nothing but its clock (the latest event
     * time seen, "now" at end of input): an engine may then hand it only the events that pass, and tell it the
     * time of the others with {@link #advanceClock} before any other call. False (the default): every event.
     */
    default boolean clockOnlyOtherwise() {
        return false;
    }

    /** Notes that events up to time {@code t} were seen (see {@link #clockOnlyOtherwise}). */
    default void advanceClock(long t) {
    }

    /**
     * Whether {@code e}, if the detector's filter does not pass it, would change more than its clock: always for
     * {@link #clockOnlyOtherwise} false (the default), unless the detector knows better (a rule's {@code unless}
     * condition, which only events it holds for concern). A pure function of the event, safe on any thread, so an
     * engine can ask it when the event is read and then skip the detector for it (telling it the time with
     * {@link #advanceClock} before any other call).
     */
    default boolean changedByOther(Event e) {
        return !clockOnlyOtherwise();
    }

    void onWatermark(long watermarkNanos, DetectionSink out);

    DetectorStats stats();

    JsonNode snapshot();

    /** Replaces this detector's state with a snapshot taken from a detector of the same kind and rule. */
    void restore(JsonNode snapshot);

    /** Rough heap bytes per tracked key, from the current state (for benchmarks; 0 when no keys). */
    long estimatedBytesPerKey();
}
