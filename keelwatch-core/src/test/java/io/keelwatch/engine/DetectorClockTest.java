package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detectors are handed only the events their rule passes; the others still move their clocks (the latest event
 * time, "now" at the end of input), exactly as if they had seen every event.
 */
class DetectorClockTest {
    private static final CompiledRuleSet SET = PipelineTest.rules("""
            - rule: many
              title: many
              priority: low
              kind: threshold
              condition: event.action = a
              group_by: [user.name]
              count: 100
              window: 60s
              output: "%user.name"
            """);

    private static Event event(String action, long seconds) {
        return Event.builder("k8s_audit").time(seconds * 1_000_000_000L).put("event.action", action)
                .put("user.name", "u").build();
    }

    @Test
    void eventsTheRuleDoesNotPassMoveTheClockOfItsDetector() {
        RuleDispatch d = new RuleDispatch(SET);
        d.onEvent(event("a", 1), null, x -> { });
        d.onEvent(event("b", 100), null, x -> { });
        assertThat(d.snapshot().get("many").path("maxTime").asLong()).isEqualTo(100_000_000_000L);
        d.onEvent(event("b", 150), null, x -> { });
        d.onEvent(event("a", 120), null, x -> { });      // late: the clock stays
        assertThat(d.snapshot().get("many").path("maxTime").asLong()).isEqualTo(150_000_000_000L);

        // through a pipeline and a restore: the reorder buffer holds the last event back (5 s lateness)
        Pipeline p = new Pipeline(SET, a -> { });
        p.accept(event("a", 1));
        p.accept(event("b", 100));
        p.accept(event("b", 200));
        JsonNode snap = p.snapshot();
        assertThat(snap.path("detectors").path("many").path("maxTime").asLong()).isEqualTo(100_000_000_000L);
        Pipeline q = new Pipeline(SET, a -> { });
        q.restore(snap);
        q.accept(event("b", 300));
        q.accept(event("b", 400));
        assertThat(q.snapshot().path("detectors").path("many").path("maxTime").asLong())
                .as("after a restore").isEqualTo(300_000_000_000L);
    }
}
