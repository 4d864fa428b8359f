package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.detect.Detection;
import io.keelwatch.detect.DetectionSink;
import io.keelwatch.detect.Suppressor;
import io.keelwatch.detect.Watermarker;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRule;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.stateful.StatefulKinds;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Events in, alerts out, on event time. Single-threaded; call {@link #finish()} at the end of input.
 *
 * <p>Events → reorder buffer (bounded lateness, {@link Options#lateness()}; later events are processed at once and
 * counted late) → the rule set: stateless rules (each match a detection) and the stateful rules' detectors
 * ({@code kind: threshold, sequence, lifetime, first_seen, baseline}) → suppression: detections of one rule about
 * one entity within {@link Options#suppression()} fold into one alert with a count (stateless matches fold when
 * their summary and workload are the same) → alerts. In {@link Suppressor.Mode#HOLD} mode (batch, the default)
 * alerts come out in event-time order, the same for any order of the input files; {@link Suppressor.Mode#EMIT_FIRST}
 * (live) emits the first alert of a group at once and a summary of the rest when its window closes.
 *
 * <p>{@link #snapshot()} captures everything (reorder buffer, detectors, open folds, alerts not yet released);
 * {@link #restore} into a pipeline built from the same rules and options continues as if never stopped.
 */
public final class Pipeline {
    /** Longest {@code unless.within} a rule may use: ordered output waits this long past the suppression window. */
    static final Duration MAX_PATIENCE = StatefulKinds.MAX_WITHIN;
    private static final int VERSION = 1;
    /**
     * Input moves the watermark with nearly every event; the detectors, folding and ordered release see it at most
     * once per this much event time (an explicit {@link #advanceWatermark} and the end of input always reach them).
     * What they produce does not depend on how often they see it ({@link io.keelwatch.detect.StatefulDetector});
     * only when: a live alert that waits for a watermark may come up to this much event time later.
     */
    static final long TICK_NANOS = 1_000_000_000L;

    /**
     * @param lateness    how far out of time order input may be
     * @param suppression window for folding repeated detections of one rule about one entity
     * @param mode        HOLD (batch: one folded alert per group, time-ordered output) or EMIT_FIRST (live)
     * @param maxEvidence evidence events kept per folded alert
     */
    public record Options(Duration lateness, Duration suppression, Suppressor.Mode mode, int maxEvidence) {
        public Options {
            if (lateness == null || lateness.isNegative() || suppression == null || suppression.isNegative()
                    || suppression.isZero() || maxEvidence < 1) {
                throw new IllegalArgumentException("need lateness >= 0, a positive suppression window and evidence >= 1");
            }
            mode = mode == null ? Suppressor.Mode.HOLD : mode;
        }

        /** Batch scans: 5 s lateness, 60 s held folding, 10 evidence events. */
        public static Options batch() {
            return new Options(Duration.ofSeconds(5), Duration.ofSeconds(60), Suppressor.Mode.HOLD, 10);
        }

        /** Live input: like {@link #batch()} but the first alert of a group is emitted at once. */
        public static Options live() {
            return batch().withMode(Suppressor.Mode.EMIT_FIRST);
        }

        public Options withLateness(Duration d) {
            return new Options(d, suppression, mode, maxEvidence);
        }

        public Options withSuppression(Duration d) {
            return new Options(lateness, d, mode, maxEvidence);
        }

        public Options withMode(Suppressor.Mode m) {
            return new Options(lateness, suppression, m, maxEvidence);
        }
    }

    private final CompiledRuleSet rules;
    private final Options options;
    private final Consumer<Alert> out;
    private final RuleDispatch dispatch;
    /** The steps a detection goes through, as sinks made once (not once per event). */
    private final DetectionSink detectedSink;
    private final DetectionSink foldedSink;
    private final java.util.function.Consumer<Detection> emitSink;
    private final Watermarker watermarker;
    private final Suppressor suppressor;
    private final OrderedRelease ordered;
    private final long holdBack;
    /** The watermark of the last tick, and whether the next watermark must tick (an explicit advance). */
    private long lastTick = Long.MIN_VALUE;
    private boolean tickNow;
    private long eventsIn;
    private long detections;
    private long alertsOut;

    public Pipeline(CompiledRuleSet rules, Consumer<Alert> out) {
        this(rules, Options.batch(), out);
    }

    public Pipeline(CompiledRuleSet rules, Options options, Consumer<Alert> out) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        this.detectedSink = this::detected;
        this.foldedSink = this::folded;
        this.emitSink = this::emit;
        this.dispatch = new RuleDispatch(rules);
        this.suppressor = new Suppressor(options.suppression(), options.mode(), 100_000, options.maxEvidence());
        this.ordered = options.mode() == Suppressor.Mode.HOLD ? new OrderedRelease() : null;
        this.holdBack = options.suppression().plus(MAX_PATIENCE).toNanos();
        this.watermarker = new Watermarker(options.lateness(), new Watermarker.Handler() {
            @Override
            public void onEvent(Event e) {
                onEvent(e, e.timeNanos(), null);
            }

            @Override
            public void onEvent(Event e, long time, Object prepared) {
                dispatch.onEvent(e, time, prepared, detectedSink);
            }

            @Override
            public void onWatermark(long w) {
                long since = w - lastTick;   // w > lastTick; negative only when it overflowed (a long while)
                if (tickNow || w == Long.MAX_VALUE || since < 0 || since >= TICK_NANOS) {
                    lastTick = w;
                    tick(w);
                }
            }
        });
    }

    public Options options() {
        return options;
    }

    public void accept(Event e) {
        eventsIn++;
        watermarker.accept(e);
    }

    /**
     * What the pipeline needs to know of an event besides the event: the rules that pass for it
     * ({@link CompiledRuleSet#matches}) and which stateful detectors it concerns otherwise. A pure function of the
     * event, safe on any thread: {@link ParallelScan} finds it on other threads, and a one-thread scan while the
     * event is still in the cache, rather than when the reorder buffer lets it go. Give it to
     * {@link #accept(Event, Object)}.
     */
    public Object prepare(Event e) {
        return dispatch.prepare(e);
    }

    /** Like {@link #accept(Event)}, with what {@link #prepare} found for the event. */
    public void accept(Event e, Object prepared) {
        eventsIn++;
        watermarker.accept(e, prepared);
    }

    /** Moves event time forward without input (live use when sources are idle: wall clock minus lateness). */
    public void advanceWatermark(long watermarkNanos) {
        tickNow = true;
        try {
            watermarker.advance(watermarkNanos);
        } finally {
            tickNow = false;
        }
    }

    /** End of input: releases buffered events, fires what can be decided, closes folds, emits what is held. */
    public void finish() {
        watermarker.flush();
        if (ordered != null) {
            ordered.release(Long.MAX_VALUE, emitSink);
        }
    }

    private void tick(long w) {
        dispatch.onWatermark(w, detectedSink);
        suppressor.onWatermark(w, foldedSink);
        if (ordered != null) {
            ordered.release(w == Long.MAX_VALUE ? Long.MAX_VALUE
                    : w < Long.MIN_VALUE + holdBack ? Long.MIN_VALUE : w - holdBack, emitSink);
        }
    }

    private void detected(Detection d) {
        detections++;
        suppressor.accept(d, foldedSink);
    }

    private void folded(Detection d) {
        if (ordered != null) {
            ordered.add(d);
        } else {
            emit(d);
        }
    }

    private void emit(Detection d) {
        CompiledRule r = rules.compiled(d.ruleId()).orElseThrow();
        alertsOut++;
        out.accept(AlertFactory.alert(r, d, dispatch.isStateful(d)));
    }

    public PipelineStats stats() {
        return new PipelineStats(eventsIn, watermarker.lateEvents(), watermarker.buffered(),
                watermarker.watermark(), dispatch.statelessMatches(), detections, alertsOut,
                ordered == null ? 0 : ordered.size(), rules.suppressions(), suppressor.stats(),
                dispatch.detectorStats(), dispatch.bytesPerKey(), dispatch.errors(), dispatch.firstErrors());
    }

    /** All state as JSON (reorder buffer, detectors by rule id, open folds, held alerts, counters). */
    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", VERSION);
        n.put("mode", options.mode().name());
        n.put("events", eventsIn).put("detections", detections).put("alerts", alertsOut)
                .put("stateless", dispatch.statelessMatches());
        n.set("reorder", watermarker.snapshot());
        ObjectNode ds = n.putObject("detectors");
        dispatch.snapshot().forEach(ds::set);
        n.set("suppressor", suppressor.snapshot());
        if (ordered != null) {
            n.set("pending", ordered.snapshot());
        }
        return n;
    }

    /** Restores a {@link #snapshot()} taken from a pipeline with the same rules and options; call before input. */
    public void restore(JsonNode n) {
        if (n.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("unsupported pipeline snapshot version " + n.path("version"));
        }
        if (!options.mode().name().equals(n.path("mode").asText())) {
            throw new IllegalArgumentException("snapshot was taken in " + n.path("mode").asText() + " mode, this "
                    + "pipeline runs in " + options.mode() + " mode");
        }
        Map<String, JsonNode> states = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("detectors").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            states.put(e.getKey(), e.getValue());
        }
        dispatch.restore(states);
        watermarker.restore(n.path("reorder"));
        suppressor.restore(n.path("suppressor"));
        if (ordered != null) {
            ordered.restore(n.path("pending"));
        }
        eventsIn = n.path("events").asLong();
        detections = n.path("detections").asLong();
        alertsOut = n.path("alerts").asLong();
        dispatch.restoreCounters(n.path("stateless").asLong());
    }
}
