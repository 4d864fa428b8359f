package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Places samples that carry no time of their own ({@code docker stats} lines, {@code conntrack -L} lines) on the
 * time line, from the lifetimes of the containers they name as Docker events of the same scan show them.
 *
 * <p>A sample is a run of lines until a container repeats. A sample happened while every container it lists was
 * alive, and after every container that an earlier sample listed but this one does not had gone. The clock
 * gives each sample the earliest time that fits those bounds and comes after the previous sample. Without any
 * lifetime to go by, events keep the file's fallback time. Events placed this way keep
 * {@code event.time_estimated=true}.
 */
public final class SampleClock {
    /** When containers were first and last seen, by full id, 12-character id and name. */
    public static final class Lifetimes {
        private final Map<String, long[]> spans = new HashMap<>();

        public void observe(Event e) {
            if (!"docker_events".equals(e.source())) {
                return;
            }
            String id = e.string(Fields.CONTAINER_ID);
            String name = e.string(Fields.CONTAINER_NAME);
            String action = e.action();
            if (id == null && name == null) {
                return;
            }
            boolean end = "die".equals(action) || "destroy".equals(action) || "stop".equals(action)
                    || "kill".equals(action);
            for (String k : keys(id, name)) {
                long[] s = spans.computeIfAbsent(k, x -> new long[]{Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE});
                s[0] = Math.min(s[0], e.timeNanos());
                s[1] = Math.max(s[1], e.timeNanos());
                if (end) {
                    s[2] = Math.min(s[2], e.timeNanos());
                }
            }
        }

        long start(String key) {
            long[] s = spans.get(key);
            return s == null ? Long.MIN_VALUE : s[0];
        }

        /** First end (die/stop) seen, else Long.MAX_VALUE. */
        long end(String key) {
            long[] s = spans.get(key);
            return s == null ? Long.MAX_VALUE : s[2];
        }

        public boolean isEmpty() {
            return spans.isEmpty();
        }

        static Set<String> keys(String id, String name) {
            Set<String> k = new LinkedHashSet<>();
            if (id != null) {
                k.add("id:" + (id.length() > 12 ? id.substring(0, 12) : id));
            }
            if (name != null) {
                k.add("name:" + (name.startsWith("/") ? name.substring(1) : name));
            }
            return k;
        }
    }

    private SampleClock() {
    }

    /** Wraps a stream whose events are untimed so that each gets a time from the lifetimes. */
    public static EventStream align(EventStream in, Lifetimes lifetimes) {
        return new EventStream() {
            private final Set<String> current = new HashSet<>();
            private final Set<String> seenBefore = new HashSet<>();
            private long sampleTime = Long.MIN_VALUE;
            private long previous = Long.MIN_VALUE;

            @Override
            public Event next() throws IOException {
                Event e = in.next();
                if (e == null) {
                    return null;
                }
                if (!Boolean.TRUE.equals(e.field("event.time_estimated"))) {
                    return e;
                }
                Set<String> keys = Lifetimes.keys(e.string(Fields.CONTAINER_ID), e.string(Fields.CONTAINER_NAME));
                String key = keys.isEmpty() ? null : keys.iterator().next();
                if (key == null) {
                    return sampleTime == Long.MIN_VALUE ? e : e.withTime(sampleTime);
                }
                if (current.contains(key) || sampleTime == Long.MIN_VALUE) {
                    startSample();
                }
                current.add(key);
                long lower = sampleTime;
                for (String k : keys) {
                    lower = Math.max(lower, lifetimes.start(k));
                }
                // containers listed earlier but missing from this sample have gone before it
                if (lower > sampleTime) {
                    sampleTime = lower;
                }
                return sampleTime == Long.MIN_VALUE ? e : e.withTime(sampleTime);
            }

            private void startSample() {
                long lower = previous == Long.MIN_VALUE ? Long.MIN_VALUE : previous + 1;
                Set<String> gone = new HashSet<>(seenBefore);
                gone.removeAll(current);
                seenBefore.addAll(current);
                // the previous sample's set is complete now: anything listed before it but not in it had ended
                for (String k : gone) {
                    long end = lifetimes.end(k);
                    if (end != Long.MAX_VALUE) {
                        lower = Math.max(lower, end);
                    }
                }
                current.clear();
                if (sampleTime != Long.MIN_VALUE) {
                    previous = sampleTime;
                    lower = Math.max(lower, previous + 1);
                }
                sampleTime = lower;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
