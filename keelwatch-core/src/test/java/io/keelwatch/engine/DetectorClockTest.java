package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detectors are handed only the events their rule passes, and those that concern them otherwise (an {@code unless}
 * condition's); the others still move their clocks (the latest event time, "now" at the end of input), exactly as
 * if they had seen every event.
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
            - rule: inspected
              title: inspected
              priority: low
              kind: threshold
              condition: event.action = container_inspect
              count: 2
              window: 30s
              unless:
                condition: event.action = container_create
                by: [container.name]
                within: 10s
              output: "%container.name"
            """);

    private static Event event(String action, long seconds) {
        return Event.builder("k8s_audit").time(seconds * 1_000_000_000L).put("event.action", action)
                .put("user.name", "u").build();
    }

    @Test
    void eventsTheRuleDoesNotPassMoveTheClockOfItsDetector() {
        RuleDispatch d = new RuleDispatch(SET);
        d.onEvent(event("a", 1), 1_000_000_000L, null, x -> { });
        d.onEvent(event("b", 100), 100_000_000_000L, null, x -> { });
        assertThat(d.snapshot().get("many").path("maxTime").asLong()).isEqualTo(100_000_000_000L);
        d.onEvent(event("b", 150), 150_000_000_000L, null, x -> { });
        d.onEvent(event("a", 120), 120_000_000_000L, null, x -> { });      // late: the clock stays
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

    private static Event docker(String action, String container, long seconds) {
        return Event.builder("docker_events").time(seconds * 1_000_000_000L).put("event.action", action)
                .put("container.name", container).build();
    }

    /** Alerts of the events given to a pipeline as is, and with what {@link Pipeline#prepare} found for them. */
    private static List<List<String>> alerts(List<Event> events) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (boolean prepared : new boolean[]{false, true}) {
            List<String> alerts = new java.util.ArrayList<>();
            Pipeline p = new Pipeline(SET, a -> alerts.add(a.rule() + " " + a.timeNanos()));
            for (Event e : events) {
                if (prepared) {
                    p.accept(e, p.prepare(e));
                } else {
                    p.accept(e);
                }
            }
            p.finish();
            out.add(alerts);
        }
        return out;
    }

    @Test
    void anEventOnlyAnUnlessConditionHoldsForStillReachesItsDetector() {
        List<Event> inspects = List.of(docker("container_inspect", "c1", 1), docker("other", "c1", 2),
                docker("container_inspect", "c1", 3), docker("other", "c2", 60));
        List<List<String>> plain = alerts(inspects);
        assertThat(plain.get(0)).hasSize(1).isEqualTo(plain.get(1));

        List<Event> created = new java.util.ArrayList<>(inspects);
        created.add(3, docker("container_create", "c1", 4));      // excludes both inspects of c1
        List<List<String>> excluded = alerts(created);
        assertThat(excluded.get(0)).isEmpty();
        assertThat(excluded.get(1)).as("prepared").isEmpty();
    }
}
