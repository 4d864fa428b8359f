package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds repeated detections of one rule for one entity (the detection's rule id and key) inside a suppression
 * window that opens with the group's first detection ({@code [first.time, first.time + window)}). Folding sums
 * {@code count}, widens first/last times and merges evidence (first and last events kept).
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link Mode#HOLD} (batch {@code scan}): nothing is emitted until the window closes (the watermark passes its
 *       end, a later detection of the same entity arrives, or input ends); then one detection: the first one, with
 *       the folded count and times, {@code values.occurrences} and a reason saying how many were folded. A group of
 *       one is emitted unchanged.</li>
 *   <li>{@link Mode#EMIT_FIRST} (live): the first detection is emitted at once, unchanged; if more arrive within the
 *       window, one summary follows when it closes, folding only those later ones (so no event is reported
 *       twice; its time is the first later one's), with {@code values.summary=true}, {@code values.occurrences} (how many were suppressed) and
 *       {@code values.first_time} (the time of the detection it follows up).</li>
 * </ul>
 * At most {@code maxGroups} open groups; when full, the oldest group is closed early ({@code forced_close}).
 */
public final class Suppressor {
    public enum Mode { HOLD, EMIT_FIRST }

    private static final class Group {
        final long firstTime;
        final long windowEnd;
        Detection acc;   // HOLD: all folded; EMIT_FIRST: the suppressed ones, or null
        long n;          // detections in acc

        Group(long firstTime, long windowEnd) {
            this.firstTime = firstTime;
            this.windowEnd = windowEnd;
        }
    }

    private final long window;
    private final Mode mode;
    private final int maxGroups;
    private final int evidenceLimit;
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    private final TimerQueue timers = new TimerQueue();
    private final Counters counters = new Counters("received", "folded", "emitted", "forced_close");

    public Suppressor(Duration window, Mode mode, int maxGroups, int evidenceLimit) {
        if (window == null || window.isNegative() || window.isZero() || maxGroups < 1 || evidenceLimit < 0) {
            throw new IllegalArgumentException("suppression needs a positive window and max groups");
        }
        this.window = Durations.nanos(window);
        this.mode = mode == null ? Mode.HOLD : mode;
        this.maxGroups = maxGroups;
        this.evidenceLimit = evidenceLimit;
    }

    public Suppressor(Duration window, Mode mode) {
        this(window, mode, 100_000, 10);
    }

    public Mode mode() {
        return mode;
    }

    private static String groupKey(Detection d) {
        StringBuilder sb = new StringBuilder(d.ruleId()).append('\u001e');
        d.key().forEach((k, v) -> sb.append(k).append('=').append(v).append(GroupKey.SEP));
        return sb.toString();
    }

    public void accept(Detection d, DetectionSink out) {
        counters.inc("received");
        String gk = groupKey(d);
        Group g = groups.get(gk);
        if (g != null && d.timeNanos() >= g.windowEnd) {
            close(gk, g, out);
            g = null;
        }
        if (g == null) {
            if (groups.size() >= maxGroups) {
                Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
                Map.Entry<String, Group> eldest = it.next();
                counters.inc("forced_close");
                close(eldest.getKey(), eldest.getValue(), out);
            }
            g = new Group(d.timeNanos(), Durations.plus(d.timeNanos(), window));
            groups.put(gk, g);
            timers.add(g.windowEnd, gk);
            if (mode == Mode.EMIT_FIRST) {
                emit(d, out);
            } else {
                g.acc = d;
                g.n = 1;
            }
            return;
        }
        counters.inc("folded");
        g.acc = g.acc == null ? d : fold(g.acc, d);
        g.n++;
    }

    private Detection fold(Detection a, Detection b) {
        return a.with(a.timeNanos(), Evidence.merge(a.evidence(), b.evidence(), evidenceLimit),
                a.count() + b.count(), Math.min(a.firstTime(), b.firstTime()), Math.max(a.lastTime(), b.lastTime()),
                a.values(), a.reason());
    }

    private void close(String gk, Group g, DetectionSink out) {
        groups.remove(gk);
        if (g.acc == null) {
            return;
        }
        if (mode == Mode.HOLD && g.n == 1) {
            emit(g.acc, out);
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>(g.acc.values());
        values.put("occurrences", g.n);
        String span = Durations.text(window);
        String reason;
        if (mode == Mode.EMIT_FIRST) {
            values.put("summary", true);
            values.put("first_time", g.firstTime);
            reason = g.n + " more within " + span + " after the first (" + g.acc.count() + " events): "
                    + g.acc.reason();
        } else {
            reason = g.acc.reason() + " [" + g.n + " detections folded within " + span + ", " + g.acc.count()
                    + " events]";
        }
        emit(g.acc.with(g.acc.timeNanos(), g.acc.evidence(), g.acc.count(), g.acc.firstTime(), g.acc.lastTime(),
                values, reason), out);
    }

    private void emit(Detection d, DetectionSink out) {
        counters.inc("emitted");
        out.accept(d);
    }

    /** Closes the groups whose window ended at or before the watermark, in (window end, entity) order. */
    public void onWatermark(long watermark, DetectionSink out) {
        List<Map.Entry<String, Group>> closing = new ArrayList<>();
        for (String gk : timers.due(watermark)) {
            Group g = groups.get(gk);
            if (g != null && g.windowEnd <= watermark) {
                closing.add(Map.entry(gk, g));
            }
        }
        closing.sort(Comparator.comparingLong((Map.Entry<String, Group> e) -> e.getValue().windowEnd)
                .thenComparing(Map.Entry::getKey));
        closing.forEach(e -> close(e.getKey(), e.getValue(), out));
    }

    /** Groups still open. */
    public int openGroups() {
        return groups.size();
    }

    public Map<String, Long> stats() {
        Map<String, Long> m = counters.asMap();
        m.put("open_groups", (long) groups.size());
        return m;
    }

    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("counters", counters.toJson());
        ArrayNode a = n.putArray("groups");
        groups.forEach((gk, g) -> {
            ObjectNode o = a.addObject().put("key", gk).put("first", g.firstTime).put("end", g.windowEnd)
                    .put("n", g.n);
            if (g.acc != null) {
                o.set("acc", DetectionJson.write(g.acc));
            }
        });
        return n;
    }

    public void restore(JsonNode n) {
        counters.restore(n.get("counters"));
        groups.clear();
        timers.clear();
        for (JsonNode o : n.path("groups")) {
            Group g = new Group(o.path("first").asLong(), o.path("end").asLong());
            g.n = o.path("n").asLong();
            g.acc = o.has("acc") ? DetectionJson.read(o.get("acc")) : null;
            String gk = o.path("key").asText();
            groups.put(gk, g);
            timers.add(g.windowEnd, gk);
        }
    }
}
