package io.keelwatch.detect;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keelwatch.detect.TestEvents.action;
import static io.keelwatch.detect.TestEvents.at;
import static io.keelwatch.detect.TestEvents.ev;
import static io.keelwatch.detect.TestEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

class LifetimeDetectorTest {

    private static LifetimeConfig.Builder shortLived() {
        return LifetimeConfig.builder("short-lived").entity("container.id").start(action("create"))
                .end(action("destroy")).maxLifetime(Duration.ofSeconds(10));
    }

    /** docker run -d --rm: create, start, (exec), die, destroy within seconds. */
    private static List<Event> runRm(String id, double t0, boolean exec) {
        List<Event> out = new ArrayList<>();
        out.add(ev(t0, "create", "container.id", id, "host.name", "h1", "container.image.name", "alpine"));
        out.add(ev(t0 + 0.2, "start", "container.id", id));
        if (exec) {
            out.add(ev(t0 + 0.5, "exec_start", "container.id", id));
        }
        out.add(ev(t0 + 1.5, "die", "container.id", id));
        out.add(ev(t0 + 1.6, "destroy", "container.id", id));
        return out;
    }

    @Test
    void aContainerDestroyedSoonAfterCreationFiresWithWhatItDid() {
        LifetimeDetector d = new LifetimeDetector(shortLived().build());
        List<Detection> ds = run(d, runRm("c1", 0, true));
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.key()).containsExactly(Map.entry("container.id", "c1"));
        assertThat(x.timeNanos()).isEqualTo(at(1.6));
        assertThat(x.firstTime()).isEqualTo(at(0));
        assertThat(x.count()).isEqualTo(5);
        assertThat(x.values()).containsEntry("lifetime_seconds", 1.6).containsEntry("start_action", "create")
                .containsEntry("end_action", "destroy");
        assertThat(TestEvents.asMap(x.values().get("actions"))).containsEntry("exec_start", 1L).containsEntry("die", 1L)
                .hasSize(5);
        assertThat(x.evidence()).extracting(Event::action).startsWith("create").endsWith("destroy");
        assertThat(x.reason()).startsWith("container.id=c1 lived 1.6s (at most 10s); activity: create 1, start 1");
    }

    @Test
    void longLivedContainersDoNotFireAndTheirStateIsDropped() {
        LifetimeDetector d = new LifetimeDetector(shortLived().build());
        List<Event> events = List.of(ev(0, "create", "container.id", "c1"), ev(1, "create", "container.id", "c2"),
                ev(20, "destroy", "container.id", "c1"));
        assertThat(run(d, events)).isEmpty();
        assertThat(d.stats().counter("outlived")).isEqualTo(2);
        assertThat(d.stats().keys()).isZero();
    }

    @Test
    void theBoundIsInclusive() {
        LifetimeDetector d = new LifetimeDetector(shortLived().build());
        assertThat(run(d, List.of(ev(0, "create", "container.id", "c1"), ev(10, "destroy", "container.id", "c1"))))
                .hasSize(1);
    }

    @Test
    void requirementsMustBeMetBetweenStartAndEnd() {
        LifetimeConfig cfg = shortLived().require("exec", action("exec_start")).build();
        LifetimeDetector without = new LifetimeDetector(cfg);
        assertThat(run(without, runRm("c1", 0, false))).isEmpty();
        assertThat(without.stats().counter("requirement_unmet")).isEqualTo(1);
        LifetimeDetector with = new LifetimeDetector(cfg);
        List<Detection> ds = run(with, runRm("c1", 0, true));
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0).values()).containsEntry("required", List.of("exec"));
    }

    @Test
    void anEndWithoutAStartIsIgnoredAndALaterStartDoesNotRestartTheClock() {
        LifetimeDetector d = new LifetimeDetector(shortLived().start(action("create", "start")).build());
        List<Detection> ds = run(d, List.of(ev(0, "destroy", "container.id", "c0"),
                ev(1, "create", "container.id", "c1"), ev(5, "start", "container.id", "c1"),
                ev(12, "destroy", "container.id", "c1")));
        assertThat(ds).isEmpty();
    }

    @Test
    void aBurstOfShortLivedContainersIsOneDetection() {
        LifetimeDetector d = new LifetimeDetector(shortLived().burst(5, Duration.ofSeconds(60), "host.name")
                .build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.addAll(runRm("c" + i, i * 3, i % 2 == 0));
        }
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        List<Detection> ds = run(d, events);
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.ruleId()).isEqualTo("short-lived");
        assertThat(x.key()).containsExactly(Map.entry("host.name", "h1"));
        assertThat(x.count()).isEqualTo(5);
        assertThat(x.timeNanos()).isEqualTo(at(12 + 1.6));
        assertThat(TestEvents.asList(x.values().get("entities"))).hasSize(5).contains("container.id=c0", "container.id=c4");
        assertThat(TestEvents.asList(x.values().get("lifetimes_seconds"))).containsOnly(1.6);
        assertThat(x.evidence()).hasSize(5);
        assertThat(x.evidence().get(0).field("lifetime.actions")).isInstanceOf(Map.class);
        assertThat(x.evidence().get(0).origin().line()).isEqualTo(events.get(0).origin().line());
        assertThat(x.reason()).isEqualTo("5 short-lived entities (each ended within 10s of its start) within 1m"
                + " for host.name=h1");
        assertThat(d.stats().counter("short_lived")).isEqualTo(7);
        assertThat(d.stats().counter("burst_groups")).isEqualTo(1);
    }

    @Test
    void fewerShortLivedContainersThanTheBurstSizeDoNotFire() {
        LifetimeDetector d = new LifetimeDetector(shortLived().burst(5, Duration.ofSeconds(60)).build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.addAll(runRm("c" + i, i * 3, false));
        }
        events.addAll(runRm("c9", 100, false));
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        assertThat(run(d, events)).isEmpty();
    }

    @Test
    void ttlAndMaxKeysEvictionsAreCounted() {
        LifetimeDetector d = new LifetimeDetector(shortLived().maxLifetime(Duration.ofHours(1))
                .limits(StateLimits.of(Duration.ofSeconds(30), 2)).build());
        run(d, List.of(ev(0, "create", "container.id", "a"), ev(1, "create", "container.id", "b"),
                ev(2, "create", "container.id", "c"), ev(100, "create", "container.id", "d")));
        assertThat(d.stats().evictions("max_keys")).isEqualTo(1);
        assertThat(d.stats().evictions("ttl")).isEqualTo(2);
    }

    @Test
    void snapshotAndRestoreContinueExactly() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.addAll(runRm("c" + i, i * 4, i % 2 == 0));
        }
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        for (LifetimeConfig cfg : List.of(shortLived().require("exec", action("exec_start")).build(),
                shortLived().burst(2, Duration.ofSeconds(30), "host.name").build())) {
            LifetimeDetector straight = new LifetimeDetector(cfg);
            List<Detection> expected = run(straight, events);
            assertThat(expected).isNotEmpty();
            for (int cut = 0; cut <= events.size(); cut++) {
                LifetimeDetector a = new LifetimeDetector(cfg);
                List<Detection> got = new ArrayList<>();
                TestEvents.feed(a, events.subList(0, cut), got);
                LifetimeDetector b = new LifetimeDetector(cfg);
                b.restore(TestEvents.throughText(a.snapshot()));
                got.addAll(run(b, events.subList(cut, events.size())));
                assertThat(TestEvents.json(got)).as("cut at %d", cut).isEqualTo(TestEvents.json(expected));
                assertThat(b.stats()).isEqualTo(straight.stats());
            }
        }
    }
}
