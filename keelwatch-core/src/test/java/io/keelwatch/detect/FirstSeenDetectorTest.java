package io.keelwatch.detect;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.keelwatch.detect.TestEvents.action;
import static io.keelwatch.detect.TestEvents.at;
import static io.keelwatch.detect.TestEvents.ev;
import static io.keelwatch.detect.TestEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

class FirstSeenDetectorTest {

    private static FirstSeenConfig.Builder egress(FirstSeenConfig.LearningScope scope) {
        return FirstSeenConfig.builder("new-egress").filter(action("flow")).groupBy("container.image.name")
                .values("destination.ip", "destination.port").learning(Duration.ofMinutes(10), scope);
    }

    private static Event flow(double t, String image, String ip, long port) {
        return ev(t, "flow", "container.image.name", image, "destination.ip", ip, "destination.port", port);
    }

    @Test
    void aNewDestinationAfterLearningFiresOnce() {
        FirstSeenDetector d = new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.PER_KEY).build());
        List<Detection> ds = run(d, List.of(flow(0, "web", "10.0.0.5", 5432), flow(60, "web", "10.0.0.6", 6379),
                flow(700, "web", "10.0.0.5", 5432), flow(800, "web", "45.9.1.2", 3333),
                flow(900, "web", "45.9.1.2", 3333)));
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.timeNanos()).isEqualTo(at(800));
        assertThat(x.key()).containsEntry("container.image.name", "web");
        assertThat(x.values()).containsEntry("value", "45.9.1.2:3333")
                .containsEntry("value_fields", "destination.ip:destination.port").containsEntry("known_values", 2L);
        assertThat(x.reason()).isEqualTo("first destination.ip:destination.port 45.9.1.2:3333 for "
                + "container.image.name=web after 2 known value(s) over 13m20s".replace("13m20s", "800s"));
        assertThat(d.stats().counter("learned")).isEqualTo(2);
    }

    @Test
    void perKeyLearningLetsANewKeyLearnItsOwnNormal() {
        List<Event> events = List.of(flow(0, "web", "10.0.0.5", 5432), flow(700, "miner", "45.9.1.2", 3333),
                flow(701, "web", "10.0.0.9", 80));
        assertThat(run(new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.PER_KEY).build()), events))
                .extracting(x -> x.key().get("container.image.name")).containsExactly("web");
        assertThat(run(new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.GLOBAL).build()), events))
                .extracting(x -> x.key().get("container.image.name")).containsExactly("miner", "web");
    }

    @Test
    void eventsWithoutTheValueAreIgnored() {
        FirstSeenDetector d = new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.PER_KEY).build());
        run(d, List.of(ev(0, "flow", "container.image.name", "web", "destination.ip", "1.2.3.4")));
        assertThat(d.stats().counter("missing_value")).isEqualTo(1);
        assertThat(d.stats().keys()).isZero();
    }

    @Test
    void theValueCapForgetsTheLeastRecentlySeen() {
        FirstSeenDetector d = new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.PER_KEY)
                .learning(Duration.ZERO, FirstSeenConfig.LearningScope.PER_KEY).maxValuesPerKey(2).build());
        List<Detection> ds = run(d, List.of(flow(0, "web", "a", 1), flow(1, "web", "b", 1), flow(2, "web", "a", 1),
                flow(3, "web", "c", 1), flow(4, "web", "a", 1), flow(5, "web", "b", 1)));
        assertThat(ds).extracting(x -> x.values().get("value")).containsExactly("a:1", "b:1", "c:1", "b:1");
        assertThat(d.stats().counter("values_forgotten")).isEqualTo(2);
    }

    @Test
    void idleKeysForgetWhatTheyLearned() {
        FirstSeenDetector d = new FirstSeenDetector(egress(FirstSeenConfig.LearningScope.PER_KEY)
                .limits(StateLimits.of(Duration.ofHours(1), 1)).build());
        List<Detection> ds = run(d, List.of(flow(0, "web", "a", 1), flow(10, "db", "a", 1),
                flow(20, "web", "b", 1), flow(9000, "db", "z", 1)));
        assertThat(ds).isEmpty();   // every key relearns after being evicted
        assertThat(d.stats().evictions("max_keys")).isEqualTo(2);
        assertThat(d.stats().evictions("ttl")).isEqualTo(1);
    }

    @Test
    void snapshotAndRestoreContinueExactly() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(flow(i * 60, i % 3 == 0 ? "web" : "db", "10.0.0." + (i % 7), 80 + i % 2));
        }
        for (FirstSeenConfig.LearningScope scope : FirstSeenConfig.LearningScope.values()) {
            FirstSeenConfig cfg = egress(scope).maxValuesPerKey(4).build();
            FirstSeenDetector straight = new FirstSeenDetector(cfg);
            List<Detection> expected = run(straight, events);
            assertThat(expected).isNotEmpty();
            for (int cut = 0; cut <= events.size(); cut += 3) {
                FirstSeenDetector a = new FirstSeenDetector(cfg);
                List<Detection> got = new ArrayList<>();
                TestEvents.feed(a, events.subList(0, cut), got);
                FirstSeenDetector b = new FirstSeenDetector(cfg);
                b.restore(TestEvents.throughText(a.snapshot()));
                got.addAll(run(b, events.subList(cut, events.size())));
                assertThat(TestEvents.json(got)).as("cut at %d", cut).isEqualTo(TestEvents.json(expected));
            }
        }
    }
}
