package io.keelwatch.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keelwatch.detect.TestEvents.at;
import static io.keelwatch.detect.TestEvents.ev;
import static org.assertj.core.api.Assertions.assertThat;

class SuppressorTest {

    private static Detection det(String rule, String entity, double t, long count) {
        return new Detection(rule, at(t), Map.of("container.id", entity), List.of(ev(t, "x", "container.id", entity)),
                count, at(t), at(t), Map.of("count", count), "reason " + entity);
    }

    @Test
    void holdFoldsRepeatsIntoOneWhenTheWindowCloses() {
        Suppressor s = new Suppressor(Duration.ofMinutes(5), Suppressor.Mode.HOLD, 100, 4);
        List<Detection> out = new ArrayList<>();
        s.accept(det("r", "c1", 0, 5), out::add);
        s.accept(det("r", "c1", 10, 5), out::add);
        s.accept(det("r", "c2", 20, 5), out::add);
        s.accept(det("other", "c1", 30, 5), out::add);
        s.accept(det("r", "c1", 200, 7), out::add);
        assertThat(out).isEmpty();
        s.onWatermark(at(299), out::add);
        assertThat(out).isEmpty();
        s.onWatermark(at(300), out::add);
        assertThat(out).hasSize(1);
        Detection x = out.get(0);
        assertThat(x.count()).isEqualTo(17);
        assertThat(x.timeNanos()).isEqualTo(at(0));
        assertThat(x.firstTime()).isEqualTo(at(0));
        assertThat(x.lastTime()).isEqualTo(at(200));
        assertThat(x.values()).containsEntry("occurrences", 3L).containsEntry("count", 5L);
        assertThat(x.evidence()).hasSize(3);
        assertThat(x.reason()).isEqualTo("reason c1 [3 detections folded within 5m, 17 events]");
        s.onWatermark(Long.MAX_VALUE, out::add);
        assertThat(out).hasSize(3);
        assertThat(out.get(1).key()).containsEntry("container.id", "c2");
        assertThat(out.get(1).reason()).isEqualTo("reason c2");
        assertThat(out.get(1).values()).isEqualTo(Map.of("count", 5L));
        assertThat(out.get(2).ruleId()).isEqualTo("other");
    }

    @Test
    void aDetectionAfterTheWindowStartsANewGroup() {
        Suppressor s = new Suppressor(Duration.ofMinutes(1), Suppressor.Mode.HOLD);
        List<Detection> out = new ArrayList<>();
        s.accept(det("r", "c1", 0, 1), out::add);
        s.accept(det("r", "c1", 60, 1), out::add);
        assertThat(out).extracting(Detection::timeNanos).containsExactly(at(0));
        s.onWatermark(Long.MAX_VALUE, out::add);
        assertThat(out).extracting(Detection::timeNanos).containsExactly(at(0), at(60));
    }

    @Test
    void emitFirstSendsTheFirstAtOnceAndASummaryOfTheRest() {
        Suppressor s = new Suppressor(Duration.ofMinutes(5), Suppressor.Mode.EMIT_FIRST);
        List<Detection> out = new ArrayList<>();
        s.accept(det("r", "c1", 0, 5), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).values()).doesNotContainKey("summary");
        s.accept(det("r", "c1", 10, 5), out::add);
        s.accept(det("r", "c1", 20, 6), out::add);
        s.accept(det("r", "c2", 20, 1), out::add);
        assertThat(out).hasSize(2);
        s.onWatermark(at(400), out::add);
        assertThat(out).hasSize(3);
        Detection summary = out.get(2);
        assertThat(summary.values()).containsEntry("summary", true).containsEntry("occurrences", 2L)
                .containsEntry("first_time", at(0));
        assertThat(summary.count()).isEqualTo(11);
        assertThat(summary.firstTime()).isEqualTo(at(10));
        assertThat(summary.reason()).startsWith("2 more within 5m after the first (11 events)");
    }

    @Test
    void tooManyOpenGroupsCloseTheOldestEarly() {
        Suppressor s = new Suppressor(Duration.ofMinutes(5), Suppressor.Mode.HOLD, 2, 10);
        List<Detection> out = new ArrayList<>();
        s.accept(det("r", "c1", 0, 1), out::add);
        s.accept(det("r", "c2", 1, 1), out::add);
        s.accept(det("r", "c3", 2, 1), out::add);
        assertThat(out).extracting(d -> d.key().get("container.id")).containsExactly("c1");
        assertThat(s.stats()).containsEntry("forced_close", 1L).containsEntry("open_groups", 2L);
    }

    @Test
    void snapshotAndRestoreKeepOpenGroups() {
        for (Suppressor.Mode mode : Suppressor.Mode.values()) {
            List<Detection> input = List.of(det("r", "c1", 0, 1), det("r", "c2", 5, 2), det("r", "c1", 10, 3),
                    det("r", "c1", 70, 4), det("r", "c2", 80, 5), det("r", "c2", 200, 6));
            Suppressor straight = new Suppressor(Duration.ofMinutes(1), mode);
            List<Detection> expected = new ArrayList<>();
            input.forEach(d -> {
                straight.accept(d, expected::add);
                straight.onWatermark(d.timeNanos(), expected::add);
            });
            straight.onWatermark(Long.MAX_VALUE, expected::add);
            for (int cut = 0; cut <= input.size(); cut++) {
                Suppressor a = new Suppressor(Duration.ofMinutes(1), mode);
                List<Detection> got = new ArrayList<>();
                for (Detection d : input.subList(0, cut)) {
                    a.accept(d, got::add);
                    a.onWatermark(d.timeNanos(), got::add);
                }
                Suppressor b = new Suppressor(Duration.ofMinutes(1), mode);
                b.restore(TestEvents.throughText(a.snapshot()));
                for (Detection d : input.subList(cut, input.size())) {
                    b.accept(d, got::add);
                    b.onWatermark(d.timeNanos(), got::add);
                }
                b.onWatermark(Long.MAX_VALUE, got::add);
                assertThat(TestEvents.json(got)).as("%s cut %d", mode, cut).isEqualTo(TestEvents.json(expected));
                assertThat(b.stats()).isEqualTo(straight.stats());
            }
        }
    }
}
