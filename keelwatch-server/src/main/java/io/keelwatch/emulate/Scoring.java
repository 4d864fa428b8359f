package io.keelwatch.emulate;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges alerts against the labels of a run. Each alert is given to one scenario: the last one that started at or
 * before the alert's time, as long as the alert comes at most 3 s after that scenario's end (alerts of stateful
 * rules come a little after the events that complete them). An attack is detected when one of its alerts has
 * priority medium or above and carries one of its techniques (a parent id also accepts its sub-techniques); a
 * benign look-alike passes when none of its alerts has priority medium or above. This is stricter than scoring
 * by overlapping windows (1 s before to 3 s after each scenario): an alert never counts for two scenarios.
 */
public final class Scoring {
    public static final long AFTER_NANOS = 3_000_000_000L;

    /**
     * One scenario's result.
     *
     * @param detectMillis for a detected attack: from the scenario's start to the first matching alert's event time
     * @param matching     rules whose alerts count (attack: medium+ with a matching technique; benign: every
     *                     medium+ alert, each one a false positive)
     * @param other        rules of the scenario's other alerts (low and info ones, or other techniques)
     */
    public record Row(Scenario scenario, Label label, boolean passed, Long detectMillis, List<String> matching,
                      List<String> other) {
    }

    /** The rows, and the alerts of priority medium or above that belong to no scenario. */
    public record Result(List<Row> rows, List<Alert> outside) {
    }

    private Scoring() {
    }

    /** One row per label whose scenario is known, in label order. */
    public static Result score(List<Scenario> scenarios, List<Label> labels, List<Alert> alerts) {
        Map<String, Scenario> byName = scenarios.stream()
                .collect(Collectors.toMap(Scenario::name, Function.identity(), (a, b) -> a));
        List<Label> sorted = labels.stream().sorted(Comparator.comparingLong(Label::startNs)).toList();
        Map<Label, List<Alert>> owned = new HashMap<>();
        List<Alert> outside = new ArrayList<>();
        for (Alert a : alerts) {
            Label owner = owner(sorted, a.timeNanos());
            if (owner != null) {
                owned.computeIfAbsent(owner, k -> new ArrayList<>()).add(a);
            } else if (a.priority().isAtLeast(Priority.MEDIUM)) {
                outside.add(a);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Label l : labels) {
            Scenario s = byName.get(l.scenario());
            if (s != null) {
                rows.add(row(s, l, owned.getOrDefault(l, List.of())));
            }
        }
        return new Result(rows, outside);
    }

    private static Label owner(List<Label> sorted, long t) {
        Label owner = null;
        for (Label l : sorted) {
            if (l.startNs() > t) {
                break;
            }
            owner = l;
        }
        return owner != null && t <= owner.endNs() + AFTER_NANOS ? owner : null;
    }

    static Row row(Scenario s, Label l, List<Alert> alerts) {
        TreeSet<String> matching = new TreeSet<>();
        TreeSet<String> other = new TreeSet<>();
        Long first = null;
        for (Alert a : alerts) {
            boolean serious = a.priority().isAtLeast(Priority.MEDIUM);
            boolean counts = serious && (!s.malicious() || matches(s.techniques(), a.techniques()));
            if (counts) {
                matching.add(a.rule());
                if (s.malicious() && (first == null || a.timeNanos() < first)) {
                    first = a.timeNanos();
                }
            } else {
                other.add(a.rule());
            }
        }
        other.removeAll(matching);
        boolean passed = s.malicious() ? !matching.isEmpty() : matching.isEmpty();
        Long millis = first == null ? null : (first - l.startNs()) / 1_000_000L;
        return new Row(s, l, passed, millis, List.copyOf(matching), List.copyOf(other));
    }

    /** True when one of {@code techniques} is an expected id or a sub-technique of one. */
    public static boolean matches(List<String> expected, List<String> techniques) {
        for (String e : expected) {
            for (String t : techniques) {
                String u = t.toUpperCase(java.util.Locale.ROOT);
                if (u.equals(e) || u.startsWith(e + ".")) {
                    return true;
                }
            }
        }
        return false;
    }
}
