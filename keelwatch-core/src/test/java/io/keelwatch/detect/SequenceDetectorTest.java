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

class SequenceDetectorTest {

    /** created, then destroyed within 60 s, with no exec in between. */
    private static SequenceConfig createdDestroyedNoExec() {
        return SequenceConfig.builder("ephemeral-no-exec").by("container.id")
                .match("created", action("create")).absent("exec", action("exec_start"))
                .match("destroyed", action("destroy")).maxspan(Duration.ofSeconds(60)).build();
    }

    /** A container started and not stopped within 30 s. */
    private static SequenceConfig startedNotStopped() {
        return SequenceConfig.builder("no-stop").by("container.id").match("started", action("start"))
                .absent("stopped", action("die", "kill", "stop")).maxspan(Duration.ofSeconds(30)).build();
    }

    @Test
    void matchesStepsInOrderPerKeyWithinMaxspan() {
        SequenceDetector d = new SequenceDetector(createdDestroyedNoExec());
        List<Detection> ds = run(d, List.of(ev(0, "create", "container.id", "c1"),
                ev(1, "create", "container.id", "c2"), ev(2, "start", "container.id", "c1"),
                ev(3, "destroy", "container.id", "c1")));
        assertThat(ds).hasSize(1);
        Detection x = ds.get(0);
        assertThat(x.key()).containsEntry("container.id", "c1");
        assertThat(x.timeNanos()).isEqualTo(at(3));
        assertThat(x.firstTime()).isEqualTo(at(0));
        assertThat(x.evidence()).extracting(Event::action).containsExactly("create", "destroy");
        assertThat(x.values()).containsEntry("steps", List.of("created", "destroyed"))
                .containsEntry("span_seconds", 3.0);
        assertThat(x.reason()).isEqualTo("created → destroyed for container.id=c1 within 3s, with no exec");
    }

    @Test
    void anAbsentEventInBetweenCancels() {
        SequenceDetector d = new SequenceDetector(createdDestroyedNoExec());
        List<Detection> ds = run(d, List.of(ev(0, "create", "container.id", "c1"),
                ev(1, "exec_start", "container.id", "c1"), ev(3, "destroy", "container.id", "c1")));
        assertThat(ds).isEmpty();
        assertThat(d.stats().counter("cancelled")).isEqualTo(1);
        assertThat(d.stats().keys()).isZero();
    }

    @Test
    void beyondMaxspanTheSequenceExpires() {
        SequenceDetector d = new SequenceDetector(createdDestroyedNoExec());
        List<Detection> ds = run(d, List.of(ev(0, "create", "container.id", "c1"),
                ev(61, "destroy", "container.id", "c1")));
        assertThat(ds).isEmpty();
        assertThat(d.stats().counter("expired")).isEqualTo(1);
        SequenceDetector exact = new SequenceDetector(createdDestroyedNoExec());
        assertThat(run(exact, List.of(ev(0, "create", "container.id", "c1"),
                ev(60, "destroy", "container.id", "c1")))).hasSize(1);
    }

    @Test
    void trailingAbsenceFiresWhenTheWatermarkPassesItsEnd() {
        SequenceDetector d = new SequenceDetector(startedNotStopped());
        List<Detection> out = new ArrayList<>();
        d.onEvent(ev(0, "start", "container.id", "c1"), out::add);
        d.onEvent(ev(1, "start", "container.id", "c2"), out::add);
        d.onEvent(ev(5, "die", "container.id", "c2"), out::add);
        d.onWatermark(at(29), out::add);
        assertThat(out).isEmpty();
        d.onWatermark(at(30), out::add);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).timeNanos()).isEqualTo(at(30));
        assertThat(out.get(0).key()).containsEntry("container.id", "c1");
        assertThat(out.get(0).values()).containsEntry("absent", List.of("stopped"));
        assertThat(out.get(0).reason()).contains("started → (none) for container.id=c1 within 30s, with no stopped");
        d.onWatermark(at(100), out::add);
        assertThat(out).hasSize(1);
    }

    @Test
    void trailingAbsenceAlsoResolvesOnTheKeysNextEvent() {
        SequenceDetector d = new SequenceDetector(startedNotStopped());
        List<Detection> out = new ArrayList<>();
        d.onEvent(ev(0, "start", "container.id", "c1"), out::add);
        d.onEvent(ev(45, "die", "container.id", "c1"), out::add);   // too late to cancel
        assertThat(out).extracting(Detection::timeNanos).containsExactly(at(30));
    }

    @Test
    void anAbsentEventAtTheDeadlineStillCancels() {
        SequenceDetector d = new SequenceDetector(startedNotStopped());
        assertThat(run(d, List.of(ev(0, "start", "container.id", "c1"), ev(30, "die", "container.id", "c1"))))
                .isEmpty();
    }

    @Test
    void endOfInputDoesNotFireUndecidedAbsences() {
        SequenceDetector d = new SequenceDetector(startedNotStopped());
        List<Detection> ds = run(d, List.of(ev(0, "start", "container.id", "c1"),
                ev(40, "start", "container.id", "c2"), ev(50, "create", "container.id", "c3")));
        assertThat(ds).extracting(x -> x.key().get("container.id")).containsExactly("c1");
    }

    @Test
    void aLaterStartReplacesThePartialMatchAtTheSameStage() {
        SequenceDetector d = new SequenceDetector(SequenceConfig.builder("r").by("container.id")
                .match("a", action("create")).match("b", action("start")).match("c", action("destroy"))
                .maxspan(Duration.ofSeconds(60)).build());
        List<Detection> ds = run(d, List.of(ev(0, "create", "container.id", "c1"),
                ev(1, "create", "container.id", "c1"), ev(2, "start", "container.id", "c1"),
                ev(3, "destroy", "container.id", "c1")));
        assertThat(ds).hasSize(1);
        assertThat(ds.get(0).firstTime()).isEqualTo(at(1));
        assertThat(d.stats().counter("replaced")).isEqualTo(1);
    }

    @Test
    void aClosingEventThatAlsoMatchesTheAbsentStepCompletes() {
        SequenceDetector d = new SequenceDetector(SequenceConfig.builder("r").by("container.id")
                .match("a", action("create")).absent("x", action("destroy", "exec_start"))
                .match("b", action("destroy")).maxspan(Duration.ofSeconds(60)).build());
        assertThat(run(d, List.of(ev(0, "create", "container.id", "c1"), ev(1, "destroy", "container.id", "c1"))))
                .hasSize(1);
    }

    @Test
    void lateEventsDoNotAdvanceAPartialMatch() {
        SequenceDetector d = new SequenceDetector(createdDestroyedNoExec());
        List<Detection> out = new ArrayList<>();
        d.onEvent(ev(10, "create", "container.id", "c1"), out::add);
        d.onEvent(ev(5, "destroy", "container.id", "c1"), out::add);
        assertThat(out).isEmpty();
    }

    @Test
    void maxKeysBoundsPartialMatches() {
        SequenceDetector d = new SequenceDetector(SequenceConfig.builder("r").by("container.id")
                .match("a", action("create")).match("b", action("destroy")).maxspan(Duration.ofSeconds(60))
                .limits(StateLimits.of(Duration.ofHours(1), 3)).build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(ev(i, "create", "container.id", "c" + i));
        }
        events.add(ev(20, "destroy", "container.id", "c0"));
        events.add(ev(21, "destroy", "container.id", "c9"));
        assertThat(run(d, events)).extracting(x -> x.key().get("container.id")).containsExactly("c9");
        assertThat(d.stats().evictions("max_keys")).isEqualTo(7);
    }

    @Test
    void snapshotAndRestoreContinueExactly() {
        List<Event> events = List.of(ev(0, "start", "container.id", "c1"), ev(1, "start", "container.id", "c2"),
                ev(2, "die", "container.id", "c2"), ev(3, "start", "container.id", "c3"),
                ev(31, "start", "container.id", "c2"), ev(40, "create", "container.id", "c9"),
                ev(70, "create", "container.id", "c9"));
        SequenceDetector straight = new SequenceDetector(startedNotStopped());
        List<Detection> expected = run(straight, events);
        assertThat(expected).hasSize(3);
        for (int cut = 0; cut <= events.size(); cut++) {
            SequenceDetector a = new SequenceDetector(startedNotStopped());
            List<Detection> got = new ArrayList<>();
            TestEvents.feed(a, events.subList(0, cut), got);
            SequenceDetector b = new SequenceDetector(startedNotStopped());
            b.restore(TestEvents.throughText(a.snapshot()));
            got.addAll(run(b, events.subList(cut, events.size())));
            assertThat(TestEvents.json(got)).as("cut at %d", cut).isEqualTo(TestEvents.json(expected));
        }
    }
}
