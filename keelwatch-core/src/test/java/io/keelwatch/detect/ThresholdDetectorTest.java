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

class ThresholdDetectorTest {

    private static ThresholdConfig.Builder inspects() {
        return ThresholdConfig.builder("inspect-sweep").filter(action("inspect")).groupBy("user.name")
                .window(Duration.ofSeconds(60)).atLeast(5);
    }

    private static List<Event> sweep(String user, double start, double step, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ev(start + i * step, "inspect", "user.name", user, "container.id", "c" + i));
        }
        return out;
    }

    @Test
    void firesOnTheCrossingEventWithCountEvidenceAndKey() {
        ThresholdDetector d = new ThresholdDetector(inspects().build());
        List<Event> events = sweep("alice", 0, 1, 5);
        events.add(0, ev(0.5, "create", "user.name", "alice"));   // filtered out
        List<Detection> ds = run(d, events);
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.ruleId()).isEqualTo("inspect-sweep");
        assertThat(x.timeNanos()).isEqualTo(at(4));
        assertThat(x.key()).containsExactly(java.util.Map.entry("user.name", "alice"));
        assertThat(x.count()).isEqualTo(5);
        assertThat(x.firstTime()).isEqualTo(at(0));
        assertThat(x.lastTime()).isEqualTo(at(4));
        assertThat(x.evidence()).hasSize(5);
        assertThat(x.values()).containsEntry("count", 5L).containsEntry("threshold", 5L);
        assertThat(x.reason()).contains("5 matching events within 1m for user.name=alice");
    }

    @Test
    void eventsOutsideTheSlidingWindowDoNotCount() {
        ThresholdDetector d = new ThresholdDetector(inspects().build());
        assertThat(run(d, sweep("alice", 0, 20, 10))).isEmpty();   // at most 3 in any 60 s
        assertThat(d.stats().counter("events")).isEqualTo(10);
    }

    @Test
    void keysAreCountedSeparatelyAndMissingKeysSkipped() {
        ThresholdDetector d = new ThresholdDetector(inspects().build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(ev(i, "inspect", "user.name", "alice"));
            events.add(ev(i + 0.1, "inspect", "user.name", "bob"));
            events.add(ev(i + 0.2, "inspect"));
        }
        assertThat(run(d, events)).isEmpty();
        assertThat(d.stats().counter("missing_key")).isEqualTo(4);
        assertThat(d.stats().keys()).isEqualTo(2);
    }

    @Test
    void resetRearmFiresOncePerThresholdOfNewEvents() {
        ThresholdDetector d = new ThresholdDetector(inspects().build());
        List<Detection> ds = run(d, sweep("alice", 0, 1, 12));
        assertThat(ds).extracting(Detection::count).containsExactly(5L, 5L);
        assertThat(ds).extracting(Detection::timeNanos).containsExactly(at(4), at(9));
        assertThat(ds.get(1).firstTime()).isEqualTo(at(5));
    }

    @Test
    void belowRearmFiresOncePerBreachUntilTheCountDropsBelow() {
        ThresholdDetector d = new ThresholdDetector(inspects().rearm(ThresholdConfig.Rearm.BELOW).build());
        List<Event> events = sweep("alice", 0, 1, 30);
        events.addAll(sweep("alice", 200, 1, 5));   // after a quiet period: a new breach
        List<Detection> ds = run(d, events);
        assertThat(ds).extracting(Detection::timeNanos).containsExactly(at(4), at(204));
    }

    @Test
    void greaterThanNeedsOneMore() {
        ThresholdDetector d = new ThresholdDetector(inspects().moreThan(5).build());
        assertThat(run(d, sweep("alice", 0, 1, 5))).isEmpty();
        ThresholdDetector d2 = new ThresholdDetector(inspects().moreThan(5).build());
        assertThat(run(d2, sweep("alice", 0, 1, 6))).hasSize(1);
    }

    @Test
    void distinctPortsFromOneContainerIsAPortScan() {
        ThresholdDetector d = new ThresholdDetector(ThresholdConfig.builder("port-scan")
                .filter(e -> "rejected".equals(e.string("network.connection.state")))
                .groupBy("source.container.name").distinct("destination.port")
                .window(Duration.ofSeconds(30)).atLeast(20).build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {   // the same port tried twice each: 20 events, 10 distinct ports
            events.add(ev(i * 0.1, "flow", "source.container.name", "web", "destination.port", 8000 + i / 2,
                    "network.connection.state", "rejected"));
        }
        assertThat(run(d, events)).isEmpty();
        for (int i = 0; i < 10; i++) {
            events.add(ev(5 + i * 0.1, "flow", "source.container.name", "web", "destination.port", 9000 + i,
                    "network.connection.state", "rejected"));
        }
        ThresholdDetector d2 = new ThresholdDetector(d.config());
        List<Detection> ds = run(d2, events);
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0).values()).containsEntry("distinct", 20L).containsEntry("count", 30L);
        assertThat(TestEvents.asList(ds.get(0).values().get("distinct_sample"))).hasSize(20).contains("8000", "8009", "9009");
        assertThat(ds.get(0).evidence()).hasSize(10);
        assertThat(ds.get(0).reason()).startsWith("20 distinct destination.port within 30s");
    }

    @Test
    void distinctValuesExpireWithTheWindowAndAreCapped() {
        ThresholdDetector d = new ThresholdDetector(ThresholdConfig.builder("r").groupBy("container.id")
                .distinct("destination.port").window(Duration.ofSeconds(10)).atLeast(5).maxDistinct(3).build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(ev(i * 5, "flow", "container.id", "c1", "destination.port", i));
        }
        assertThat(run(d, events)).isEmpty();
        assertThat(d.stats().counter("distinct_capped")).isZero();
        ThresholdDetector capped = new ThresholdDetector(d.config());
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(ev(i * 0.1, "flow", "container.id", "c1", "destination.port", i));
        }
        assertThat(run(capped, burst)).isEmpty();
        assertThat(capped.stats().counter("distinct_capped")).isEqualTo(3);
    }

    @Test
    void maxKeysEvictsTheLeastRecentlyUsedKey() {
        ThresholdDetector d = new ThresholdDetector(inspects().limits(StateLimits.of(Duration.ofHours(1), 2))
                .build());
        List<Event> events = List.of(ev(0, "inspect", "user.name", "a"), ev(1, "inspect", "user.name", "b"),
                ev(2, "inspect", "user.name", "a"), ev(3, "inspect", "user.name", "c"));
        run(d, events);
        assertThat(d.stats().evictions("max_keys")).isEqualTo(1);
        assertThat(d.stats().keys()).isEqualTo(2);
    }

    @Test
    void idleKeysAreDroppedByTtlAndEmptyWindowsExpire() {
        ThresholdDetector d = new ThresholdDetector(inspects().window(Duration.ofMinutes(10))
                .limits(StateLimits.of(Duration.ofSeconds(30), 100)).build());
        run(d, List.of(ev(0, "inspect", "user.name", "a"), ev(100, "inspect", "user.name", "b")));
        assertThat(d.stats().evictions("ttl")).isEqualTo(1);
        ThresholdDetector e = new ThresholdDetector(inspects().build());
        run(e, List.of(ev(0, "inspect", "user.name", "a"), ev(100, "inspect", "user.name", "b")));
        assertThat(e.stats().counter("expired")).isEqualTo(1);
        assertThat(e.stats().evictions("ttl")).isZero();
    }

    @Test
    void lateEventsInsideTheWindowCountAndOlderOnesAreIgnored() {
        ThresholdDetector d = new ThresholdDetector(inspects().build());
        List<Detection> out = new ArrayList<>();
        for (Event e : List.of(ev(100, "inspect", "user.name", "a"), ev(101, "inspect", "user.name", "a"),
                ev(10, "inspect", "user.name", "a"), ev(99, "inspect", "user.name", "a"),
                ev(98, "inspect", "user.name", "a"), ev(102, "inspect", "user.name", "a"))) {
            d.onEvent(e, out::add);
        }
        assertThat(d.stats().counter("too_late")).isEqualTo(1);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).count()).isEqualTo(5);
    }

    @Test
    void snapshotAndRestoreContinueExactly() {
        List<Event> events = sweep("alice", 0, 1, 8);
        events.addAll(sweep("bob", 3, 2, 8));
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        ThresholdDetector straight = new ThresholdDetector(inspects().distinct("container.id").build());
        List<Detection> expected = run(straight, events);
        assertThat(expected).isNotEmpty();
        for (int cut = 0; cut <= events.size(); cut++) {
            ThresholdDetector a = new ThresholdDetector(straight.config());
            List<Detection> got = new ArrayList<>();
            TestEvents.feed(a, events.subList(0, cut), got);
            ThresholdDetector b = new ThresholdDetector(straight.config());
            b.restore(TestEvents.throughText(a.snapshot()));
            got.addAll(run(b, events.subList(cut, events.size())));
            assertThat(TestEvents.json(got)).as("cut at %d", cut).isEqualTo(TestEvents.json(expected));
            assertThat(b.stats()).isEqualTo(straight.stats());
        }
    }
}
