package io.keelwatch.detect;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.keelwatch.detect.TestEvents.ev;
import static org.assertj.core.api.Assertions.assertThat;

class DetectionEngineTest {
    private static final Duration LATENESS = Duration.ofSeconds(5);

    private static List<Detection> runEngine(List<Event> input, Suppressor.Mode mode) {
        List<Detection> out = new ArrayList<>();
        DetectionEngine engine = new DetectionEngine(Scenario.all(), LATENESS,
                mode == null ? null : new Suppressor(Duration.ofMinutes(2), mode), out::add);
        input.forEach(engine::accept);
        engine.finish();
        assertThat(engine.errors()).isEmpty();
        return out;
    }

    /** docker run -d --rm four times on one host, an inspect sweep, a port scan, a miner's CPU. */
    private static List<Event> mission() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "rm" + i;
            double t = i * 5;
            events.add(ev(t, "create", "container.id", id, "host.name", "h1", "container.image.name", "alpine"));
            events.add(ev(t + 0.3, "start", "container.id", id, "host.name", "h1"));
            events.add(ev(t + 0.6, "exec_start", "container.id", id));
            events.add(ev(t + 2, "die", "container.id", id, "host.name", "h1"));
            events.add(ev(t + 2.1, "destroy", "container.id", id, "host.name", "h1"));
        }
        for (int i = 0; i < 6; i++) {
            events.add(ev(30 + i, "inspect", "container.id", "c" + i, "user.name", "mallory"));
            events.add(ev(40 + i * 0.5, "flow", "container.id", "rm9", "container.image.name", "alpine",
                    "destination.ip", "10.0.0.1", "destination.port", 20L + i, "network.connection.state",
                    "rejected"));
        }
        for (int i = 0; i < 12; i++) {
            events.add(ev(50 + i * 2, "stats", "container.id", "w1", "container.image.name", "api",
                    "container.cpu.pct", 3.0 + (i % 3)));
        }
        events.add(ev(80, "stats", "container.id", "w1", "container.image.name", "api", "container.cpu.pct", 99.0));
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        return events;
    }

    @Test
    void theMissionScenarioRaisesTheExpectedDetections() {
        List<Detection> ds = runEngine(mission(), null);
        assertThat(ds).extracting(Detection::ruleId).contains("short-lived", "ephemeral-burst", "inspect-sweep",
                "port-scan", "cpu-anomaly", "exec-then-destroy");
        assertThat(ds).filteredOn(d -> d.ruleId().equals("short-lived")).hasSize(4);
        assertThat(ds).filteredOn(d -> d.ruleId().equals("ephemeral-burst")).hasSize(1)
                .allSatisfy(d -> assertThat(d.count()).isEqualTo(3));
        List<Detection> held = runEngine(mission(), Suppressor.Mode.HOLD);
        assertThat(held).filteredOn(d -> d.ruleId().equals("short-lived")).hasSize(4);   // one per container
        assertThat(held).filteredOn(d -> d.ruleId().equals("inspect-sweep")).hasSize(1)
                .allSatisfy(d -> assertThat(d.count()).isEqualTo(4));
    }

    @Test
    void outOfOrderInputWithinTheLatenessGivesTheSameDetections() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Event> ordered = Scenario.randomStream(seed, 300);
            if (seed == 1) {
                ordered = mission();
            }
            Random r = new Random(seed);
            List<Long> delays = new ArrayList<>();
            ordered.forEach(e -> delays.add(r.nextLong()));
            List<Event> shuffled = Scenario.jitter(ordered, delays, LATENESS);
            for (Suppressor.Mode mode : new Suppressor.Mode[]{null, Suppressor.Mode.HOLD,
                    Suppressor.Mode.EMIT_FIRST}) {
                List<Detection> expected = runEngine(ordered, mode);
                assertThat(TestEvents.sortedJson(runEngine(shuffled, mode))).as("seed %d mode %s", seed, mode)
                        .isEqualTo(TestEvents.sortedJson(expected));
            }
        }
    }

    @Test
    void lateEventsAreProcessedAndCounted() {
        List<Detection> out = new ArrayList<>();
        DetectionEngine engine = new DetectionEngine(Scenario.all(), Duration.ofSeconds(1), null, out::add);
        engine.accept(ev(10, "create", "container.id", "x", "host.name", "h1"));
        engine.accept(ev(20, "start", "container.id", "x", "host.name", "h1"));
        engine.accept(ev(12, "destroy", "container.id", "x", "host.name", "h1"));
        engine.finish();
        assertThat(engine.stats().lateEvents()).isEqualTo(1);
        assertThat(engine.stats().detectors()).hasSize(Scenario.factories().size());
    }

    @Test
    void theWholeEngineSnapshotsAndRestores() {
        List<Event> events = mission();
        events.addAll(Scenario.randomStream(7, 200).stream().map(e -> e.withTime(e.timeNanos() + 100 * TestEvents.S))
                .toList());
        List<Detection> expected = new ArrayList<>();
        DetectionEngine straight = new DetectionEngine(Scenario.all(), LATENESS,
                new Suppressor(Duration.ofMinutes(1), Suppressor.Mode.EMIT_FIRST), expected::add);
        events.forEach(straight::accept);
        straight.finish();
        for (int cut = 0; cut <= events.size(); cut += 17) {
            List<Detection> got = new ArrayList<>();
            DetectionEngine a = new DetectionEngine(Scenario.all(), LATENESS,
                    new Suppressor(Duration.ofMinutes(1), Suppressor.Mode.EMIT_FIRST), got::add);
            events.subList(0, cut).forEach(a::accept);
            DetectionEngine b = new DetectionEngine(Scenario.all(), LATENESS,
                    new Suppressor(Duration.ofMinutes(1), Suppressor.Mode.EMIT_FIRST), got::add);
            b.restore(TestEvents.throughText(a.snapshot()));
            events.subList(cut, events.size()).forEach(b::accept);
            b.finish();
            assertThat(TestEvents.json(got)).as("cut %d", cut).isEqualTo(TestEvents.json(expected));
            assertThat(b.stats()).isEqualTo(straight.stats());
        }
    }

    @Test
    void aFailingDetectorIsReportedAndTheOthersContinue() {
        List<Detection> out = new ArrayList<>();
        StatefulDetector broken = new MatchDetector("broken", e -> {
            throw new IllegalStateException("boom");
        }, List.of(), null);
        List<StatefulDetector> ds = new ArrayList<>(Scenario.all());
        ds.add(0, broken);
        DetectionEngine engine = new DetectionEngine(ds, LATENESS, null, out::add);
        mission().forEach(engine::accept);
        engine.finish();
        assertThat(engine.errors()).containsOnlyKeys("broken");
        assertThat(engine.firstErrors().get("broken")).contains("boom");
        assertThat(out).isNotEmpty();
    }

    @Test
    void restoringAnotherRulesSnapshotIsRefused() {
        StatefulDetector a = Scenario.portScan();
        StatefulDetector b = Scenario.inspectSweep();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.restore(a.snapshot()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port-scan");
    }
}
