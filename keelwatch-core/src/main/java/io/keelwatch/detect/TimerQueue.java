package io.keelwatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Deadlines per key with lazy deletion: entries are never removed when state changes; when a deadline is due the
 * owner looks the key up and resolves whatever is due there (stale entries find nothing). Not part of snapshots:
 * owners rebuild it from their state on restore.
 */
final class TimerQueue {
    private record Timer(long deadline, String key) {
    }

    private static final Comparator<Timer> ORDER =
            Comparator.comparingLong(Timer::deadline).thenComparing(Timer::key);
    private final PriorityQueue<Timer> queue = new PriorityQueue<>(ORDER);

    void add(long deadline, String key) {
        queue.add(new Timer(deadline, key));
    }

    /** Removes and returns the keys having a deadline at or before {@code time}, each once, earliest first. */
    List<String> due(long time) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        while (!queue.isEmpty() && queue.peek().deadline() <= time) {
            out.add(queue.poll().key());
        }
        return new ArrayList<>(out);
    }

    void clear() {
        queue.clear();
    }

    int size() {
        return queue.size();
    }
}
