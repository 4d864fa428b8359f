package io.keelwatch.detect;

import io.keelwatch.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the stateful runtime: snapshot/restore at any point is invisible (same detections, in the same
 * order, none raised twice, same stats), and reordering input within the allowed lateness changes nothing.
 */
class DetectorSnapshotProperties {
    private static final Duration LATENESS = Duration.ofSeconds(5);

    @Provide
    Arbitrary<List<Event>> streams() {
        Arbitrary<int[]> step = Combinators.combine(Arbitraries.integers().between(0, 8),
                        Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99),
                        Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 99))
                .as((gap, a, c, p, cpu, u) -> new int[]{gap, a, c, p, cpu, u});
        return step.list().ofMaxSize(250).map(steps -> {
            List<Event> out = new ArrayList<>();
            double t = 0;
            for (int[] s : steps) {
                t += s[0] * 0.25;
                out.add(Scenario.event(t, s[1], s[2], s[3], s[4], s[5]));
            }
            return out;
        });
    }

    @Property(tries = 150)
    void restoringASnapshotIntoAFreshDetectorIsInvisible(@ForAll("streams") List<Event> events,
                                                         @ForAll @IntRange(min = 0, max = 1000) int cutPermille) {
        for (Supplier<StatefulDetector> factory : Scenario.factories()) {
            StatefulDetector straight = factory.get();
            List<Detection> expected = TestEvents.run(straight, events);
            for (int cut : new int[]{events.size() * cutPermille / 1000, events.size() / 2}) {
                StatefulDetector a = factory.get();
                List<Detection> got = new ArrayList<>();
                TestEvents.feed(a, events.subList(0, cut), got);
                StatefulDetector b = factory.get();
                b.restore(TestEvents.throughText(a.snapshot()));
                got.addAll(TestEvents.run(b, events.subList(cut, events.size())));
                assertThat(TestEvents.json(got)).as("%s cut at %d", straight.ruleId(), cut)
                        .isEqualTo(TestEvents.json(expected));
                assertThat(b.stats()).isEqualTo(straight.stats());
            }
        }
    }

    @Property(tries = 60)
    void restoringAWholeEngineIsInvisible(@ForAll("streams") List<Event> events,
                                          @ForAll @IntRange(min = 0, max = 1000) int cutPermille,
                                          @ForAll Suppressor.Mode mode, @ForAll List<Long> delays) {
        List<Event> input = Scenario.jitter(events, delays, LATENESS);
        List<Detection> expected = new ArrayList<>();
        DetectionEngine straight = engine(mode, expected);
        input.forEach(straight::accept);
        straight.finish();
        int cut = input.size() * cutPermille / 1000;
        List<Detection> got = new ArrayList<>();
        DetectionEngine a = engine(mode, got);
        input.subList(0, cut).forEach(a::accept);
        DetectionEngine b = engine(mode, got);
        b.restore(TestEvents.throughText(a.snapshot()));
        input.subList(cut, input.size()).forEach(b::accept);
        b.finish();
        assertThat(TestEvents.json(got)).isEqualTo(TestEvents.json(expected));
        assertThat(b.stats()).isEqualTo(straight.stats());
    }

    @Property(tries = 100)
    void reorderingWithinTheLatenessChangesNoDetection(@ForAll("streams") List<Event> events,
                                                       @ForAll List<Long> delays, @ForAll Suppressor.Mode mode,
                                                       @ForAll boolean suppress) {
        // with room for every fold group: a suppressor that is full closes its oldest group early, and which group
        // is oldest depends on when the detections made at a watermark came (docs/rules.md, "Folding")
        List<Detection> ordered = new ArrayList<>();
        DetectionEngine x = engine(suppress ? mode : null, ordered, 10_000);
        events.forEach(x::accept);
        x.finish();
        List<Detection> shuffled = new ArrayList<>();
        DetectionEngine y = engine(suppress ? mode : null, shuffled, 10_000);
        Scenario.jitter(events, delays, LATENESS).forEach(y::accept);
        y.finish();
        assertThat(y.stats().lateEvents()).isZero();
        assertThat(TestEvents.sortedJson(shuffled)).isEqualTo(TestEvents.sortedJson(ordered));
    }

    private static DetectionEngine engine(Suppressor.Mode mode, List<Detection> out) {
        return engine(mode, out, 5);
    }

    private static DetectionEngine engine(Suppressor.Mode mode, List<Detection> out, int maxGroups) {
        return new DetectionEngine(Scenario.all(), LATENESS,
                mode == null ? null : new Suppressor(Duration.ofSeconds(90), mode, maxGroups, 6), out::add);
    }
}
