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

class BaselineDetectorTest {

    private static BaselineConfig.Builder cpu() {
        return BaselineConfig.builder("cpu-anomaly").filter(action("stats")).groupBy("container.name")
                .value("container.cpu.pct").k(4).minHistory(20).floor(50);
    }

    private static Event stat(double t, String name, double cpu) {
        return ev(t, "stats", "container.name", name, "container.cpu.pct", cpu);
    }

    /** 40 samples of 5 ± 2 % CPU, one a second. */
    private static List<Event> normal(String name, double from, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(stat(from + i, name, 5 + (i % 5) - 2));
        }
        return out;
    }

    @Test
    void aValueFarAboveTheBaselineAndTheFloorFiresOncePerEpisode() {
        BaselineDetector d = new BaselineDetector(cpu().build());
        List<Event> events = normal("web", 0, 40);
        events.add(stat(40, "web", 95));
        events.add(stat(41, "web", 97));
        events.addAll(normal("web", 42, 5));
        events.add(stat(47, "web", 96));
        List<Detection> ds = run(d, events);
        assertThat(ds).extracting(Detection::timeNanos).containsExactly(at(40), at(47));
        Detection x = ds.get(0);
        assertThat(x.values()).containsEntry("value", 95.0).containsEntry("trigger", "baseline")
                .containsEntry("samples", 40L).containsKeys("mean", "deviation", "limit");
        assertThat((double) x.values().get("mean")).isBetween(4.0, 6.0);
        assertThat(x.evidence()).hasSize(1);
        assertThat(x.reason()).startsWith("container.cpu.pct 95.0 for container.name=web is above its baseline");
    }

    @Test
    void theFloorAndMinHistoryGuardAgainstNoise() {
        List<Event> events = normal("web", 0, 40);
        events.add(stat(40, "web", 30));   // far above 5 but below the 50 % floor
        assertThat(run(new BaselineDetector(cpu().build()), events)).isEmpty();
        List<Event> early = normal("web", 0, 10);
        early.add(stat(10, "web", 99));    // too little history
        assertThat(run(new BaselineDetector(cpu().build()), early)).isEmpty();
    }

    @Test
    void aLastingChangeOfLevelIsAbsorbedGradually() {
        BaselineDetector d = new BaselineDetector(cpu().build());
        List<Event> events = normal("web", 0, 40);
        for (int i = 0; i < 200; i++) {
            events.add(stat(40 + i, "web", 80 + (i % 3)));
        }
        events.add(stat(300, "web", 10));
        events.add(stat(301, "web", 81));
        assertThat(run(d, events)).hasSize(1);
    }

    @Test
    void highRightAfterStartUsesTheStaticFloorAndAge() {
        BaselineConfig cfg = cpu().floor(80).maxAge(Duration.ofMinutes(2)).useBaseline(false).build();
        List<Detection> young = run(new BaselineDetector(cfg), List.of(stat(0, "miner", 20), stat(5, "miner", 99)));
        assertThat(young).hasSize(1);
        assertThat(young.get(0).values()).containsEntry("trigger", "young").containsEntry("age_seconds", 5.0);
        assertThat(young.get(0).reason()).contains("5s after it was first seen (within 2m), above 80.0");
        assertThat(run(new BaselineDetector(cfg), List.of(stat(0, "web", 20), stat(180, "web", 99)))).isEmpty();
    }

    @Test
    void rateModeBaselinesEventCountsPerBucket() {
        BaselineDetector d = new BaselineDetector(BaselineConfig.builder("start-rate").filter(action("start"))
                .groupBy("host.name").ratePer(Duration.ofMinutes(1)).k(4).minHistory(20).floor(5).build());
        List<Event> events = new ArrayList<>();
        for (int m = 0; m < 40; m++) {
            for (int j = 0; j < 1 + m % 2; j++) {
                events.add(ev(m * 60 + j * 10, "start", "host.name", "h1"));
            }
        }
        for (int j = 0; j < 30; j++) {
            events.add(ev(40 * 60 + j, "start", "host.name", "h1"));
        }
        List<Detection> ds = run(d, events);
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.values()).containsEntry("trigger", "baseline").containsEntry("bucket_seconds", 60.0);
        long v = (long) x.values().get("value");
        assertThat(v).isGreaterThan(5).isLessThan(30);
        assertThat(x.count()).isEqualTo(v);
        assertThat(x.firstTime()).isEqualTo(at(40 * 60));
        assertThat(x.evidence()).hasSize((int) Math.min(v, 10));
    }

    @Test
    void rateModeCountsQuietBucketsAsZeros() {
        BaselineDetector d = new BaselineDetector(BaselineConfig.builder("r").groupBy("host.name")
                .ratePer(Duration.ofMinutes(1)).minHistory(5).floor(0).build());
        run(d, List.of(ev(0, "start", "host.name", "h1"), ev(600, "start", "host.name", "h1"),
                ev(601, "start", "host.name", "h1")));
        // buckets 0 (1 event), 1..9 (zeros), 10 (open): 10 samples learned
        assertThat(d.snapshot().path("keys").get(0).get(2).path("n").asLong()).isEqualTo(10);
    }

    @Test
    void nonNumericValuesAreCounted() {
        BaselineDetector d = new BaselineDetector(cpu().build());
        run(d, List.of(ev(0, "stats", "container.name", "web", "container.cpu.pct", "n/a"),
                ev(1, "stats", "container.name", "web", "container.cpu.pct", "12.5%")));
        assertThat(d.stats().counter("not_numeric")).isEqualTo(1);
        assertThat(d.stats().keys()).isEqualTo(1);
    }

    @Test
    void snapshotAndRestoreContinueExactly() {
        List<Event> events = normal("web", 0, 30);
        events.addAll(normal("db", 0.5, 30));
        events.add(stat(31, "web", 90));
        events.add(stat(32, "db", 91));
        events.addAll(normal("web", 33, 5));
        events.sort(java.util.Comparator.comparingLong(Event::timeNanos));
        BaselineConfig cfg = cpu().build();
        BaselineDetector straight = new BaselineDetector(cfg);
        List<Detection> expected = run(straight, events);
        assertThat(expected).hasSize(2);
        for (int cut = 0; cut <= events.size(); cut += 2) {
            BaselineDetector a = new BaselineDetector(cfg);
            List<Detection> got = new ArrayList<>();
            TestEvents.feed(a, events.subList(0, cut), got);
            BaselineDetector b = new BaselineDetector(cfg);
            b.restore(TestEvents.throughText(a.snapshot()));
            got.addAll(run(b, events.subList(cut, events.size())));
            assertThat(TestEvents.json(got)).as("cut at %d", cut).isEqualTo(TestEvents.json(expected));
        }
    }
}
