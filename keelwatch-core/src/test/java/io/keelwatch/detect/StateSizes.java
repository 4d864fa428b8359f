package io.keelwatch.detect;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static io.keelwatch.detect.TestEvents.action;

/**
 * Rough heap cost per tracked key of each detector kind, measured by filling N keys and comparing used heap
 * (total - free after repeated {@code System.gc()}) before and after, next to the detectors' own
 * {@link StatefulDetector#estimatedBytesPerKey()}. Events the state retains as evidence are part of both figures
 * (here nothing else holds them). Not a test: run
 * {@code main [keys]} by hand or from a benchmark. Numbers vary with the JVM, heap and GC.
 */
public final class StateSizes {
    /** One measurement. */
    public record Result(String name, int keys, long measuredBytesPerKey, long estimatedBytesPerKey) {
    }

    private StateSizes() {
    }

    /** Feeds {@code keys} keys (each key's events from {@code eventsForKey}) into a fresh detector and measures. */
    public static Result measure(String name, Supplier<StatefulDetector> factory, IntFunction<List<Event>> eventsForKey,
                                 int keys) {
        StatefulDetector d = factory.get();
        DetectionSink ignore = x -> {
        };
        long before = usedHeap();
        for (int i = 0; i < keys; i++) {
            for (Event e : eventsForKey.apply(i)) {
                d.onEvent(e, ignore);
            }
        }
        long after = usedHeap();
        long tracked = Math.max(1, d.stats().keys());
        Result r = new Result(name, (int) tracked, Math.max(0, after - before) / tracked, d.estimatedBytesPerKey());
        java.lang.ref.Reference.reachabilityFence(d);
        return r;
    }

    /** Used heap after several GC rounds (the smallest reading). */
    public static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    private static Event event(long i, int sub, String action, Object... kv) {
        var b = Event.builder("docker_events").time(TestEvents.T0 + i * 1_000_000L + sub).put("event.action", action);
        for (int k = 0; k + 1 < kv.length; k += 2) {
            b.put((String) kv[k], kv[k + 1]);
        }
        return b.origin(Origin.of("sizes.jsonl", i * 16 + sub)).build();
    }

    /** Measures every kind with typical state per key. */
    public static List<Result> measureAll(int keys) {
        StateLimits big = StateLimits.of(Duration.ofDays(30), keys * 2);
        List<Result> out = new ArrayList<>();
        out.add(measure("threshold count (1 event/key)", () -> new ThresholdDetector(ThresholdConfig.builder("t")
                        .filter(action("inspect")).groupBy("user.name").window(Duration.ofMinutes(1)).atLeast(1000)
                        .limits(big).build()),
                i -> List.of(event(i, 0, "inspect", "user.name", "user-" + i)), keys));
        out.add(measure("threshold distinct (5 ports/key)", () -> new ThresholdDetector(ThresholdConfig.builder("t")
                        .groupBy("container.id").distinct("destination.port").window(Duration.ofMinutes(1))
                        .atLeast(1000).limits(big).build()),
                i -> portEvents(i, 5), keys));
        out.add(measure("threshold distinct, no evidence", () -> new ThresholdDetector(ThresholdConfig.builder("t")
                        .groupBy("container.id").distinct("destination.port").window(Duration.ofMinutes(1))
                        .atLeast(1000).evidence(0).limits(big).build()),
                i -> portEvents(i, 5), keys));
        out.add(measure("sequence (1 partial/key)", () -> new SequenceDetector(SequenceConfig.builder("s")
                        .by("container.id").match("c", action("create")).match("d", action("destroy"))
                        .maxspan(Duration.ofDays(1)).limits(big).build()),
                i -> List.of(event(i, 0, "create", "container.id", "c" + i)), keys));
        out.add(measure("lifetime (create+start/key)", () -> new LifetimeDetector(LifetimeConfig.builder("l")
                        .start(action("create")).end(action("destroy")).maxLifetime(Duration.ofDays(1)).limits(big)
                        .build()),
                i -> List.of(event(i, 0, "create", "container.id", "c" + i),
                        event(i, 1, "start", "container.id", "c" + i)), keys));
        out.add(measure("first_seen (5 values/key)", () -> new FirstSeenDetector(FirstSeenConfig.builder("f")
                        .groupBy("container.image.name").values("destination.ip", "destination.port")
                        .learning(Duration.ofDays(1), FirstSeenConfig.LearningScope.PER_KEY).limits(big).build()),
                i -> {
                    List<Event> l = new ArrayList<>();
                    for (int v = 0; v < 5; v++) {
                        l.add(event(i, v, "flow", "container.image.name", "image-" + i, "destination.ip",
                                "10.1." + (i % 250) + "." + v, "destination.port", 443L));
                    }
                    return l;
                }, keys));
        out.add(measure("baseline value (10 samples/key)", () -> new BaselineDetector(BaselineConfig.builder("b")
                        .groupBy("container.name").value("container.cpu.pct").limits(big).build()),
                i -> {
                    List<Event> l = new ArrayList<>();
                    for (int v = 0; v < 10; v++) {
                        l.add(event(i, v, "stats", "container.name", "ctr-" + i, "container.cpu.pct", 1.0 + v));
                    }
                    return l;
                }, keys));
        out.add(measure("baseline rate (3 events/key)", () -> new BaselineDetector(BaselineConfig.builder("b")
                        .groupBy("host.name").ratePer(Duration.ofMinutes(1)).limits(big).build()),
                i -> List.of(event(i, 0, "start", "host.name", "host-" + i), event(i, 1, "start", "host.name",
                        "host-" + i), event(i, 2, "start", "host.name", "host-" + i)), keys));
        return out;
    }

    private static List<Event> portEvents(long i, int n) {
        List<Event> l = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            l.add(event(i, p, "flow", "container.id", "c" + i, "destination.port", 8000L + p));
        }
        return l;
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        System.out.printf(Locale.ROOT, "%-36s %8s %14s %14s%n", "detector", "keys", "measured B/key",
                "estimate B/key");
        for (Result r : measureAll(keys)) {
            System.out.printf(Locale.ROOT, "%-36s %8d %14d %14d%n", r.name(), r.keys(), r.measuredBytesPerKey(),
                    r.estimatedBytesPerKey());
        }
    }
}
