package io.keelwatch.detect;

import io.keelwatch.event.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static io.keelwatch.detect.TestEvents.action;
import static io.keelwatch.detect.TestEvents.ev;

/** One detector of every kind configured for the mission's behaviours, and a mixed event stream exercising them. */
final class Scenario {
    private Scenario() {
    }

    static ThresholdDetector inspectSweep() {
        return new ThresholdDetector(ThresholdConfig.builder("inspect-sweep").filter(action("inspect"))
                .groupBy("user.name").distinct("container.id").window(Duration.ofSeconds(30)).atLeast(4)
                .limits(StateLimits.of(Duration.ofHours(1), 1)).build());
    }

    static ThresholdDetector portScan() {
        return new ThresholdDetector(ThresholdConfig.builder("port-scan")
                .filter(e -> "rejected".equals(e.string("network.connection.state")))
                .groupBy("container.id").distinct("destination.port").window(Duration.ofSeconds(60)).atLeast(3)
                .rearm(ThresholdConfig.Rearm.BELOW).build());
    }

    static SequenceDetector createdNotStarted() {
        return new SequenceDetector(SequenceConfig.builder("created-not-started").by("container.id")
                .match("created", action("create")).absent("started", action("start"))
                .maxspan(Duration.ofSeconds(15)).build());
    }

    static SequenceDetector execThenDestroy() {
        return new SequenceDetector(SequenceConfig.builder("exec-then-destroy").by("container.id")
                .match("start", action("start")).match("exec", action("exec_start"))
                .absent("inspect", action("inspect")).match("destroy", action("destroy"))
                .maxspan(Duration.ofSeconds(40)).build());
    }

    static LifetimeDetector shortLived() {
        return new LifetimeDetector(LifetimeConfig.builder("short-lived").entity("container.id")
                .start(action("create")).end(action("destroy")).maxLifetime(Duration.ofSeconds(20))
                .require("ran", action("start")).limits(StateLimits.of(Duration.ofMinutes(5), 3)).build());
    }

    static LifetimeDetector ephemeralBurst() {
        return new LifetimeDetector(LifetimeConfig.builder("ephemeral-burst").entity("container.id")
                .start(action("create")).end(action("destroy", "die")).maxLifetime(Duration.ofSeconds(20))
                .burst(3, Duration.ofSeconds(60), "host.name").build());
    }

    static FirstSeenDetector newEgress() {
        return new FirstSeenDetector(FirstSeenConfig.builder("new-egress").filter(action("flow"))
                .groupBy("container.image.name").values("destination.ip", "destination.port")
                .learning(Duration.ofSeconds(60), FirstSeenConfig.LearningScope.PER_KEY).maxValuesPerKey(8)
                .limits(StateLimits.of(Duration.ofSeconds(40), 2)).build());
    }

    static BaselineDetector cpu() {
        return new BaselineDetector(BaselineConfig.builder("cpu-anomaly").filter(action("stats"))
                .groupBy("container.image.name").value("container.cpu.pct").minHistory(8).k(3).floor(50)
                .maxAge(Duration.ofSeconds(10)).limits(StateLimits.of(Duration.ofSeconds(15), 10)).build());
    }

    static BaselineDetector startRate() {
        return new BaselineDetector(BaselineConfig.builder("start-rate").filter(action("start"))
                .groupBy("host.name").ratePer(Duration.ofSeconds(20)).minHistory(4).k(3).floor(2).build());
    }

    /** Factories of every detector above, by name. */
    static List<Supplier<StatefulDetector>> factories() {
        return List.of(Scenario::inspectSweep, Scenario::portScan, Scenario::createdNotStarted,
                Scenario::execThenDestroy, Scenario::shortLived, Scenario::ephemeralBurst, Scenario::newEgress,
                Scenario::cpu, Scenario::startRate);
    }

    static List<StatefulDetector> all() {
        List<StatefulDetector> out = new ArrayList<>();
        factories().forEach(f -> out.add(f.get()));
        return out;
    }

    private static final String[] ACTIONS = {"create", "start", "exec_start", "die", "destroy", "inspect", "flow",
            "stats", "flow", "stats"};

    /** One event of the random stream, from small integers (so property tests can shrink them). */
    static Event event(double seconds, int action, int container, int port, int cpu, int user) {
        String a = ACTIONS[Math.floorMod(action, ACTIONS.length)];
        String id = "c" + Math.floorMod(container, 5);
        String image = Math.floorMod(container, 2) == 0 ? "web" : "worker";
        return switch (a) {
            case "flow" -> ev(seconds, a, "container.id", id, "container.image.name", image,
                    "destination.ip", "10.0.0." + Math.floorMod(port, 3), "destination.port", 8000L + Math.floorMod(port, 9),
                    "network.connection.state", Math.floorMod(port, 3) != 0 ? "rejected" : "established");
            case "stats" -> ev(seconds, a, "container.id", id, "container.image.name", image,
                    "container.cpu.pct", (double) Math.floorMod(cpu, 100) / (Math.floorMod(cpu, 7) == 0 ? 1 : 10));
            case "inspect" -> ev(seconds, a, "container.id", id, "user.name", "u" + Math.floorMod(user, 2));
            default -> ev(seconds, a, "container.id", id, "host.name", "h" + Math.floorMod(user, 2),
                    "container.image.name", image);
        };
    }

    /** A reproducible random stream of n events with gaps of 0..3 s. */
    static List<Event> randomStream(long seed, int n) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) * (r.nextBoolean() ? 1 : 0.25);
            out.add(event(t, r.nextInt(100), r.nextInt(100), r.nextInt(100), r.nextInt(1000), r.nextInt(100)));
        }
        return out;
    }

    /** The same events in an arrival order where each is at most {@code lateness} behind the newest one. */
    static List<Event> jitter(List<Event> ordered, List<Long> delays, Duration lateness) {
        long max = Math.max(1, lateness.toNanos());
        List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            long d = Math.floorMod(i < delays.size() ? delays.get(i) : 0L, max);   // 0 <= d < lateness
            keyed.add(new long[]{ordered.get(i).timeNanos() + d, i});
        }
        keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        List<Event> out = new ArrayList<>();
        keyed.forEach(k -> out.add(ordered.get((int) k[1])));
        return out;
    }
}
