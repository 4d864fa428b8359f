package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stateful runtime: events → {@link Watermarker} (reorder within the allowed lateness) → every detector →
 * optional {@link Suppressor} → the sink. Single-threaded. A detector that throws is reported in {@link #errors()}
 * (per rule, with the first message) and the event goes on to the other detectors.
 */
public final class DetectionEngine {
    /** Engine accounting: watermark, reordering, per-detector stats and suppression counters. */
    public record Stats(long watermark, long lateEvents, int buffered, List<DetectorStats> detectors,
                        Map<String, Long> suppressor) {
    }

    private final List<StatefulDetector> detectors;
    private final Suppressor suppressor;
    private final DetectionSink out;
    private final DetectionSink toSuppressor;
    private final Watermarker watermarker;
    private final Map<String, Long> errorCounts = new LinkedHashMap<>();
    private final Map<String, String> firstErrors = new LinkedHashMap<>();

    /**
     * @param detectors  the rules' detectors
     * @param lateness   how far out of order input may be (e.g. 5 s); later events are processed but counted late
     * @param suppressor folding of repeated detections, or null to pass detections straight through
     * @param out        receives detections (folded ones when a suppressor is given)
     */
    public DetectionEngine(List<StatefulDetector> detectors, Duration lateness, Suppressor suppressor,
                           DetectionSink out) {
        this.detectors = List.copyOf(detectors);
        this.suppressor = suppressor;
        this.out = out;
        this.toSuppressor = suppressor == null ? out : d -> suppressor.accept(d, out);
        this.watermarker = new Watermarker(lateness, new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                dispatch(e);
            }

            @Override
            public void onWatermark(long w) {
                tick(w);
            }
        });
    }

    public void accept(Event e) {
        watermarker.accept(e);
    }

    /** Advances the watermark without input (live use: wall clock minus lateness when sources are idle). */
    public void advanceWatermark(long watermarkNanos) {
        watermarker.advance(watermarkNanos);
    }

    /** End of input: releases buffered events, fires what can be decided, closes suppression windows. */
    public void finish() {
        watermarker.flush();
    }

    private void dispatch(Event e) {
        for (StatefulDetector d : detectors) {
            try {
                d.onEvent(e, toSuppressor);
            } catch (RuntimeException ex) {
                error(d, ex);
            }
        }
    }

    private void tick(long w) {
        for (StatefulDetector d : detectors) {
            try {
                d.onWatermark(w, toSuppressor);
            } catch (RuntimeException ex) {
                error(d, ex);
            }
        }
        if (suppressor != null) {
            suppressor.onWatermark(w, out);
        }
    }

    private void error(StatefulDetector d, RuntimeException ex) {
        errorCounts.merge(d.ruleId(), 1L, Long::sum);
        firstErrors.putIfAbsent(d.ruleId(), ex.toString());
    }

    /** Rule id → number of exceptions its detector threw. */
    public Map<String, Long> errors() {
        return Map.copyOf(errorCounts);
    }

    /** Rule id → the first exception message. */
    public Map<String, String> firstErrors() {
        return Map.copyOf(firstErrors);
    }

    public List<StatefulDetector> detectors() {
        return detectors;
    }

    public Stats stats() {
        List<DetectorStats> ds = new ArrayList<>();
        detectors.forEach(d -> ds.add(d.stats()));
        return new Stats(watermarker.watermark(), watermarker.lateEvents(), watermarker.buffered(), ds,
                suppressor == null ? Map.of() : suppressor.stats());
    }

    /** Everything: reorder buffer, every detector (by position and rule id), suppression groups. */
    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("watermarker", watermarker.snapshot());
        ArrayNode a = n.putArray("detectors");
        detectors.forEach(d -> a.add(d.snapshot()));
        if (suppressor != null) {
            n.set("suppressor", suppressor.snapshot());
        }
        return n;
    }

    /** Restores a snapshot taken from an engine built with the same rules in the same order. */
    public void restore(JsonNode n) {
        JsonNode ds = n.path("detectors");
        if (ds.size() != detectors.size()) {
            throw new IllegalArgumentException("snapshot has " + ds.size() + " detectors, engine has "
                    + detectors.size());
        }
        for (int i = 0; i < detectors.size(); i++) {
            detectors.get(i).restore(ds.get(i));
        }
        watermarker.restore(n.path("watermarker"));
        if (suppressor != null && n.has("suppressor")) {
            suppressor.restore(n.get("suppressor"));
        }
    }
}
