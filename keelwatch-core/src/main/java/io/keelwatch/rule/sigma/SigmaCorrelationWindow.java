package io.keelwatch.rule.sigma;

import io.keelwatch.event.Event;
import io.keelwatch.rule.compile.Values;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events one group of a correlation holds within its timespan, and the correlation's measure over them: the
 * number of events (event_count), of distinct values (value_count), the sum or average of a numeric field
 * (value_sum, value_avg), the share in percent of one value among all events (value_percentile), the number of
 * distinct referenced rules seen (temporal) or how many of them were seen in the order listed (temporal_ordered).
 */
final class SigmaCorrelationWindow {
    /** One matching event (or nested detection) of referenced rule number {@code member}. */
    record Entry(long time, int member, Object value, Event event) {
    }

    final Map<String, String> key;
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long start = Long.MIN_VALUE;
    long lastSeen;

    SigmaCorrelationWindow(Map<String, String> key) {
        this.key = new LinkedHashMap<>(key);
    }

    /** Drops entries older than {@code now - span}. */
    void expire(long now, long span) {
        while (!entries.isEmpty() && entries.peekFirst().time() < now - span) {
            entries.pollFirst();
        }
    }

    /** The measure for {@code type}; for value_percentile the share of {@code value}. */
    double measure(String type, Object value) {
        return switch (type) {
            case "event_count" -> entries.size();
            case "value_count" -> distinct().size();
            case "value_sum" -> sum();
            case "value_avg" -> entries.isEmpty() ? 0 : sum() / numbers();
            case "value_percentile" -> share(value);
            case "temporal" -> members().size();
            default -> ordered();
        };
    }

    Set<String> distinct() {
        Set<String> out = new HashSet<>();
        for (Entry e : entries) {
            String t = Values.text(e.value());
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private double sum() {
        double s = 0;
        for (Entry e : entries) {
            Double d = Values.number(e.value());
            s += d == null ? 0 : d;
        }
        return s;
    }

    private int numbers() {
        int n = 0;
        for (Entry e : entries) {
            n += Values.number(e.value()) == null ? 0 : 1;
        }
        return Math.max(1, n);
    }

    private double share(Object value) {
        String v = Values.text(value);
        if (v == null || entries.isEmpty()) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        entries.forEach(e -> counts.merge(String.valueOf(Values.text(e.value())), 1, Integer::sum));
        return 100.0 * counts.getOrDefault(v, 0) / entries.size();
    }

    private Set<Integer> members() {
        Set<Integer> out = new HashSet<>();
        entries.forEach(e -> out.add(e.member()));
        return out;
    }

    /** How many referenced rules were seen in the listed order (a chain of increasing time). */
    private int ordered() {
        int next = 0;
        for (Entry e : entries) {
            if (e.member() == next) {
                next++;
            }
        }
        return next;
    }

    /** Up to {@code max} evidence events: the first and the last ones. */
    List<Event> evidence(int max) {
        List<Entry> all = new ArrayList<>(entries);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i < max / 2 || i >= all.size() - (max - max / 2)) {
                if (all.get(i).event() != null) {
                    out.add(all.get(i).event());
                }
            }
        }
        return out;
    }
}
