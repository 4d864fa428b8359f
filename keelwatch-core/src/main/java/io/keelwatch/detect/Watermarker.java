package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reorder buffer: input may be out of order by up to {@code lateness}. Events are held in a priority queue and
 * released in time order once the watermark ({@code max time seen - lateness}) reaches them; then the handler's
 * {@code onWatermark} is called with the new watermark. An event at or before the current watermark is late: it is
 * passed on at once and counted. {@link #flush} releases everything and sends {@code Long.MAX_VALUE}.
 *
 * <p>Ties in time are broken by origin (file, line, item) and then by arrival, so for distinct origins the release
 * order, and hence every detector's result, does not depend on the order the input files were read in. Before
 * that, an event whose time was measured goes before one whose time was estimated ({@code event.time_estimated}:
 * an untimed sample placed at the earliest instant that fits, typically the very event it was placed after).
 */
public final class Watermarker {
    /** The receiving end: the engine. */
    public interface Handler {
        void onEvent(Event e);

        /**
         * An event released with its time and what {@link #accept(Event, Object)} attached to it (null: nothing);
         * the time is given so that a handler with nothing to do for the event need not read it (an event released
         * {@code lateness} after it came in is usually out of the cache).
         */
        default void onEvent(Event e, long time, Object attachment) {
            onEvent(e);
        }

        void onWatermark(long watermarkNanos);
    }

    /** A buffered event, its arrival number and what the caller attached to it (not kept in snapshots). */
    private record Pending(Event event, long seq, Object attachment) {
    }

    private static final Comparator<Pending> ORDER = Watermarker::compare;

    private final long lateness;
    private final Handler handler;
    /**
     * The buffer: events that arrive in order (the usual case) queue up in {@code run} at no cost; the others go
     * to the heap {@code buffer}. Both are in {@link #ORDER}, so the next event is the first of their two heads.
     */
    private final EventRing run = new EventRing();
    private final PriorityQueue<Pending> buffer = new PriorityQueue<>(ORDER);
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long late;
    private long released;

    public Watermarker(Duration lateness, Handler handler) {
        if (lateness == null || lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must be >= 0");
        }
        this.lateness = Durations.nanos(lateness);
        this.handler = handler;
    }

    private static int compare(Pending a, Pending b) {
        return compare(a.event(), a.seq(), b.event(), b.seq());
    }

    private static int compare(Event x, long xSeq, Event y, long ySeq) {
        int c = Long.compare(x.timeNanos(), y.timeNanos());
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(estimated(x), estimated(y));
        if (c != 0) {
            return c;
        }
        c = file(x).compareTo(file(y));
        if (c != 0) {
            return c;
        }
        c = Long.compare(x.origin() == null ? 0 : x.origin().line(), y.origin() == null ? 0 : y.origin().line());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(x.origin() == null ? 0 : x.origin().item(), y.origin() == null ? 0 : y.origin().item());
        return c != 0 ? c : Long.compare(xSeq, ySeq);
    }

    private static boolean estimated(Event e) {
        return Boolean.TRUE.equals(e.field(Fields.EVENT_TIME_ESTIMATED));
    }

    private static String file(Event e) {
        Origin o = e.origin();
        return o == null || o.file() == null ? "" : o.file();
    }

    public void accept(Event e) {
        accept(e, null);
    }

    /**
     * Like {@link #accept(Event)}, with something the handler gets back with the event when it is released
     * ({@link Handler#onEvent(Event, long, Object)}); it is not kept in a snapshot.
     */
    public void accept(Event e, Object attachment) {
        long t = e.timeNanos();
        if (t <= watermark) {
            late++;
            released++;
            handler.onEvent(e, t, attachment);
            return;
        }
        long s = seq++;
        if (run.isEmpty() || t > run.lastTime() || compare(run.lastEvent(), run.lastSeq(), e, s) <= 0) {
            run.add(e, s, attachment);
        } else {
            buffer.add(new Pending(e, s, attachment));
        }
        if (t > maxSeen) {
            maxSeen = t;
            advance(Durations.minus(maxSeen, lateness));
        }
    }

    /**
     * Moves the watermark to {@code w} if that is later (for live use when input is idle: wall clock minus
     * lateness), releasing buffered events up to it.
     */
    public void advance(long w) {
        if (w <= watermark) {
            return;
        }
        while (true) {
            boolean fromRun;
            if (buffer.isEmpty()) {
                if (run.isEmpty()) {
                    break;
                }
                fromRun = true;
            } else if (run.isEmpty()) {
                fromRun = false;
            } else {
                Pending b = buffer.peek();
                fromRun = compare(run.firstEvent(), run.firstSeq(), b.event(), b.seq()) <= 0;
            }
            Event e;
            long t;
            Object attachment;
            if (fromRun) {
                t = run.firstTime();
                if (t > w) {
                    break;
                }
                e = run.firstEvent();
                attachment = run.firstAttachment();
                run.removeFirst();
            } else {
                t = buffer.peek().event().timeNanos();
                if (t > w) {
                    break;
                }
                Pending p = buffer.poll();
                e = p.event();
                attachment = p.attachment();
            }
            released++;
            handler.onEvent(e, t, attachment);
        }
        watermark = w;
        handler.onWatermark(w);
    }

    /** End of input: release everything, then the final watermark {@code Long.MAX_VALUE}. */
    public void flush() {
        advance(Long.MAX_VALUE);
    }

    public long watermark() {
        return watermark;
    }

    /** Events that arrived at or before the watermark (processed out of order). */
    public long lateEvents() {
        return late;
    }

    public long releasedEvents() {
        return released;
    }

    public int buffered() {
        return run.size() + buffer.size();
    }

    public JsonNode snapshot() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq).put("maxSeen", maxSeen).put("watermark", watermark).put("late", late)
                .put("released", released);
        List<Pending> pending = new ArrayList<>(buffer);
        for (int k = 0; k < run.size(); k++) {
            pending.add(new Pending(run.event(k), run.seq(k), null));
        }
        pending.sort(ORDER);
        ArrayNode a = n.putArray("buffer");
        pending.forEach(p -> a.addObject().put("seq", p.seq()).set("event", EventJson.write(p.event())));
        return n;
    }

    public void restore(JsonNode n) {
        seq = n.path("seq").asLong();
        maxSeen = n.path("maxSeen").asLong();
        watermark = n.path("watermark").asLong();
        late = n.path("late").asLong();
        released = n.path("released").asLong();
        buffer.clear();
        run.clear();
        for (JsonNode p : n.path("buffer")) {
            buffer.add(new Pending(EventJson.read(p.get("event")), p.path("seq").asLong(), null));
        }
    }
}
