package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.keelwatch.detect.TestEvents.at;
import static io.keelwatch.detect.TestEvents.ev;
import static org.assertj.core.api.Assertions.assertThat;

class WatermarkerTest {
    private final List<String> log = new ArrayList<>();

    private Watermarker marker(Duration lateness) {
        return new Watermarker(lateness, new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                log.add("e" + (e.timeNanos() - at(0)) / TestEvents.S);
            }

            @Override
            public void onWatermark(long w) {
                log.add(w == Long.MAX_VALUE ? "w+inf" : "w" + (w - at(0)) / TestEvents.S);
            }
        });
    }

    @Test
    void releasesInTimeOrderOnceTheWatermarkPasses() {
        Watermarker w = marker(Duration.ofSeconds(5));
        for (double t : new double[]{3, 1, 2, 7, 6, 12, 9}) {
            w.accept(ev(t, "x"));
        }
        assertThat(log).containsExactly("w-2", "e1", "e2", "w2", "e3", "e6", "e7", "w7");
        assertThat(w.buffered()).isEqualTo(2);
        w.flush();
        assertThat(log).endsWith("e9", "e12", "w+inf");
        assertThat(w.lateEvents()).isZero();
    }

    @Test
    void eventsAtOrBeforeTheWatermarkArePassedOnAtOnceAndCountedLate() {
        Watermarker w = marker(Duration.ofSeconds(2));
        w.accept(ev(10, "x"));
        w.accept(ev(1, "late"));
        w.accept(ev(8, "x"));
        assertThat(log).containsExactly("w8", "e1", "e8");
        assertThat(w.lateEvents()).isEqualTo(2);
    }

    @Test
    void zeroLatenessReleasesEachEventImmediately() {
        Watermarker w = marker(Duration.ZERO);
        w.accept(ev(1, "x"));
        w.accept(ev(2, "x"));
        assertThat(log).containsExactly("e1", "w1", "e2", "w2");
    }

    @Test
    void tiesAreBrokenByOriginNotArrival() {
        List<String> order = new ArrayList<>();
        Watermarker w = new Watermarker(Duration.ofSeconds(1), new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                order.add(e.origin().toString());
            }

            @Override
            public void onWatermark(long wm) {
            }
        });
        w.accept(Event.builder("s").time(at(1)).origin(Origin.of("b.log", 1)).build());
        w.accept(Event.builder("s").time(at(1)).origin(Origin.of("a.log", 9)).build());
        w.accept(Event.builder("s").time(at(1)).origin(Origin.of("a.log", 2)).build());
        w.flush();
        assertThat(order).containsExactly("a.log:2", "a.log:9", "b.log:1");
    }

    @Test
    void mostlyOrderedInputWithStragglersIsReleasedSorted() {
        List<Event> released = new ArrayList<>();
        Watermarker w = new Watermarker(Duration.ofMillis(50), new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                released.add(e);
            }

            @Override
            public void onWatermark(long wm) {
            }
        });
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        List<Event> in = new ArrayList<>();
        long t = at(1);
        for (int i = 0; i < 5000; i++) {
            t += rnd.nextInt(3) * 1_000_000L;
            // one in ten arrives up to 20 ms early or late (within the lateness); ties go by file and line
            long jitter = rnd.nextInt(10) == 0 ? (rnd.nextInt(41) - 20) * 1_000_000L : 0;
            Event e = Event.builder("s").time(t + jitter).origin(Origin.of(rnd.nextBoolean() ? "a" : "b", i + 1)).build();
            in.add(e);
            w.accept(e);
        }
        w.flush();
        assertThat(w.lateEvents()).isZero();
        List<Event> sorted = new ArrayList<>(in);
        sorted.sort(java.util.Comparator.comparingLong(Event::timeNanos)
                .thenComparing(e -> e.origin().file()).thenComparingLong(e -> e.origin().line()));
        assertThat(released).containsExactlyElementsOf(sorted);
    }

    @Test
    void anExternalWatermarkReleasesIdleInput() {
        Watermarker w = marker(Duration.ofSeconds(30));
        w.accept(ev(1, "x"));
        w.advance(at(5));
        w.advance(at(4));
        assertThat(log).containsExactly("w-29", "e1", "w5");
    }

    @Test
    void snapshotKeepsTheBufferedEvents() {
        Watermarker a = marker(Duration.ofSeconds(5));
        for (double t : new double[]{3, 1, 8, 5}) {
            a.accept(ev(t, "x"));
        }
        assertThat(log).containsExactly("w-2", "e1", "e3", "w3");
        log.clear();
        Watermarker b = marker(Duration.ofSeconds(5));
        b.restore(TestEvents.throughText(a.snapshot()));
        b.accept(ev(4, "x"));
        b.accept(ev(2.5, "late"));
        b.flush();
        assertThat(log).containsExactly("e2", "e4", "e5", "e8", "w+inf");
        assertThat(b.lateEvents()).isEqualTo(1);
        assertThat(b.watermark()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Thousands of buffered events (the in-order run grows and wraps around while events are released) with
     * stragglers among them come out in time order, ties in arrival order, each once, with its attachment.
     */
    @Test
    void manyBufferedEventsComeOutInOrderWithTheirAttachments() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        List<Object[]> out = new ArrayList<>();
        Watermarker w = new Watermarker(Duration.ofSeconds(50), new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                onEvent(e, e.timeNanos(), null);
            }

            @Override
            public void onEvent(Event e, long time, Object attachment) {
                out.add(new Object[]{e, attachment, time});
            }

            @Override
            public void onWatermark(long wm) {
            }
        });
        List<Event> sent = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < 20_000; i++) {
            t += rnd.nextInt(10) == 0 ? 0 : 0.01;                     // some equal times
            double time = rnd.nextInt(50) == 0 ? t - rnd.nextDouble() * 20 : t;   // some stragglers
            Event e = ev(time, "x");
            sent.add(e);
            w.accept(e, i);
        }
        w.flush();
        assertThat(out).hasSize(sent.size());
        for (int k = 1; k < out.size(); k++) {
            Event a = (Event) out.get(k - 1)[0];
            Event b = (Event) out.get(k)[0];
            assertThat(a.timeNanos()).isLessThanOrEqualTo(b.timeNanos());
            if (a.timeNanos() == b.timeNanos()) {
                assertThat((Integer) out.get(k - 1)[1]).isLessThan((Integer) out.get(k)[1]);
            }
        }
        for (Object[] o : out) {
            assertThat(o[0]).isSameAs(sent.get((Integer) o[1]));
            assertThat((Long) o[2]).as("the time given with the event").isEqualTo(((Event) o[0]).timeNanos());
        }
    }
}
