package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded evidence sample: the first {@code ceil(limit/2)} and the last {@code floor(limit/2)} events added, and
 * the total added. Lists are allocated on first use so an idle key costs one small object.
 */
final class Evidence {
    private final int headCap;
    private final int tailCap;
    private ArrayList<Event> head;
    private ArrayDeque<Event> tail;
    private long total;

    Evidence(int limit) {
        this.headCap = (limit + 1) / 2;
        this.tailCap = limit / 2;
    }

    void add(Event e) {
        total++;
        if (head == null || head.size() < headCap) {
            if (headCap == 0) {
                return;
            }
            if (head == null) {
                head = new ArrayList<>(Math.min(headCap, 4));
            }
            head.add(e);
            return;
        }
        if (tailCap == 0) {
            return;
        }
        if (tail == null) {
            tail = new ArrayDeque<>(Math.min(tailCap, 4));
        }
        if (tail.size() == tailCap) {
            tail.removeFirst();
        }
        tail.addLast(e);
    }

    long total() {
        return total;
    }

    boolean isEmpty() {
        return total == 0;
    }

    void clear() {
        head = null;
        tail = null;
        total = 0;
    }

    /** The sample, head then tail. */
    List<Event> events() {
        return events(Long.MIN_VALUE);
    }

    /** The sample restricted to events at or after {@code since}. */
    List<Event> events(long since) {
        List<Event> out = new ArrayList<>(size());
        if (head != null) {
            head.stream().filter(e -> e.timeNanos() >= since).forEach(out::add);
        }
        if (tail != null) {
            tail.stream().filter(e -> e.timeNanos() >= since).forEach(out::add);
        }
        return out;
    }

    int size() {
        return (head == null ? 0 : head.size()) + (tail == null ? 0 : tail.size());
    }

    /** Concatenation of two samples bounded the same way: the first of {@code a}, the last of {@code b}. */
    static List<Event> merge(List<Event> a, List<Event> b, int limit) {
        List<Event> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        if (all.size() <= limit) {
            return all;
        }
        int h = (limit + 1) / 2;
        List<Event> out = new ArrayList<>(all.subList(0, h));
        out.addAll(all.subList(all.size() - (limit - h), all.size()));
        return out;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("total", total);
        ArrayNode h = n.putArray("head");
        if (head != null) {
            head.forEach(e -> h.add(EventJson.write(e)));
        }
        ArrayNode t = n.putArray("tail");
        if (tail != null) {
            tail.forEach(e -> t.add(EventJson.write(e)));
        }
        return n;
    }

    static Evidence fromJson(JsonNode n, int limit) {
        Evidence ev = new Evidence(limit);
        if (n == null || n.isNull()) {
            return ev;
        }
        for (JsonNode e : n.path("head")) {
            if (ev.head == null) {
                ev.head = new ArrayList<>();
            }
            ev.head.add(EventJson.read(e));
        }
        for (JsonNode e : n.path("tail")) {
            if (ev.tail == null) {
                ev.tail = new ArrayDeque<>();
            }
            ev.tail.addLast(EventJson.read(e));
        }
        ev.total = n.path("total").asLong();
        return ev;
    }

    /** Rough retained size, counting each kept event as if only this state held it (raw documents excluded). */
    long estimateBytes() {
        long b = 32;
        if (head != null) {
            b += 40 + 4L * head.size();
            for (Event e : head) {
                b += eventBytes(e);
            }
        }
        if (tail != null) {
            b += 40 + 4L * tail.size();
            for (Event e : tail) {
                b += eventBytes(e);
            }
        }
        return b;
    }

    /** Rough heap size of an event: object, origin, field map and typical values; not the raw document. */
    static long eventBytes(Event e) {
        return 160 + 88L * e.fields().size();
    }
}
