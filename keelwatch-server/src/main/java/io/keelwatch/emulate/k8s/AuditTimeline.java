package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Scenario;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The API server's clock and audit log while scenarios play: requests are appended as {@code audit.k8s.io/v1}
 * Events with microsecond timestamps (received, then done after the request's latency; the next request comes 40 to
 * 400 ms later), and each scenario's span becomes a {@link Label}: from its first request's
 * {@code requestReceivedTimestamp} to 1 ms after its last {@code stageTimestamp}. Everything random (ids, jitter,
 * generated names) comes from one seeded generator, so a seed and a start time give the same log.
 */
final class AuditTimeline {
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Random rng;
    private Instant now;
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();
    private Scenario scenario;
    private int first;

    AuditTimeline(long seed, Instant start) {
        this.rng = new Random(seed);
        this.now = start.truncatedTo(ChronoUnit.MICROS);
    }

    Instant now() {
        return now;
    }

    void pause(double seconds) {
        now = now.plusNanos(Math.round(seconds * 1_000_000) * 1000L);
    }

    /** A random integer in [lo, hi]. */
    int between(int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    /** A random version-4 UUID, as the API server gives audit events and objects. */
    String uid() {
        long hi = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (rng.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** A random suffix of the kind the API server appends to a generateName. */
    String suffix(int n) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    String resourceVersion() {
        return String.valueOf(between(4_100_000, 4_900_000));
    }

    static String micros(Instant t) {
        return MICROS.format(t);
    }

    static String seconds(Instant t) {
        return SECONDS.format(t);
    }

    void begin(Scenario s) {
        if (scenario != null) {
            throw new IllegalStateException("scenario " + scenario.name() + " not ended");
        }
        scenario = s;
        first = events.size();
    }

    void end() {
        List<ObjectNode> evs = events.subList(first, events.size());
        if (evs.isEmpty()) {
            throw new IllegalStateException("scenario " + scenario.name() + " wrote no events");
        }
        long start = evs.stream().mapToLong(e -> nanos(e.get("requestReceivedTimestamp"))).min().orElseThrow();
        long stop = evs.stream().mapToLong(e -> nanos(e.get("stageTimestamp"))).max().orElseThrow();
        labels.add(Label.of(scenario, start, stop + 1_000_000));
        scenario = null;
    }

    private static long nanos(JsonNode stamp) {
        Instant t = Instant.parse(stamp.asText());
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    List<ObjectNode> events() {
        return events;
    }

    List<Label> labels() {
        return labels;
    }

    /** A request by {@code who}; set what it needs and {@link Call#send()} it. */
    Call call(String verb, String uri, Actor who) {
        return new Call(verb, uri, who);
    }

    /** One request as the audit log records it. Defaults: 200, 12 ms, ResponseComplete (ResponseStarted for watch). */
    final class Call {
        private final String verb;
        private final String uri;
        private final Actor who;
        private ObjectNode ref;
        private ObjectNode status = K8sObjects.statusOk(200);
        private double latencyMs = 12;
        private String stage;
        private ObjectNode request;
        private ObjectNode response;
        private ObjectNode annotations;
        private String level = "RequestResponse";

        private Call(String verb, String uri, Actor who) {
            this.verb = verb;
            this.uri = uri;
            this.who = who;
            this.annotations = who.authz();
        }

        Call ref(ObjectNode r) {
            ref = r;
            return this;
        }

        Call status(ObjectNode s) {
            status = s;
            return this;
        }

        Call latency(double ms) {
            latencyMs = ms;
            return this;
        }

        /** A long-running upgrade (exec, attach, port-forward): its record is ResponseStarted with 101. */
        Call upgraded() {
            stage = "ResponseStarted";
            status = K8sObjects.statusOk(101);
            return this;
        }

        Call request(ObjectNode o) {
            request = o;
            return this;
        }

        Call response(ObjectNode o) {
            response = o;
            return this;
        }

        Call annotations(ObjectNode a) {
            annotations = a;
            return this;
        }

        /** Metadata level: no request or response bodies (as audit policies log secrets). */
        Call metadataOnly() {
            level = "Metadata";
            return this;
        }

        ObjectNode send() {
            Instant received = now;
            Instant done = received.plusNanos((Math.round(latencyMs * 1000) + between(0, 900)) * 1000L);
            ObjectNode ev = Json.obj("kind", "Event", "apiVersion", "audit.k8s.io/v1", "level", level,
                    "auditID", uid(), "stage", stage != null ? stage : verb.equals("watch") ? "ResponseStarted"
                            : "ResponseComplete",
                    "requestURI", uri, "verb", verb, "user", who.user(), "sourceIPs", Json.arr(who.ip()),
                    "userAgent", who.userAgent(), "objectRef", ref, "responseStatus", status);
            if (request != null && level.equals("RequestResponse")) {
                ev.set("requestObject", request);
            }
            if (response != null && level.equals("RequestResponse")) {
                ev.set("responseObject", response);
            }
            ev.put("requestReceivedTimestamp", micros(received));
            ev.put("stageTimestamp", micros(done));
            if (annotations != null && !annotations.isEmpty()) {
                ev.set("annotations", annotations);
            }
            events.add(ev);
            now = done.plusMillis(between(40, 400));
            return ev;
        }
    }
}
