package io.keelwatch.source;

import io.keelwatch.event.Origin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts events read and records rejected, per source type, and passes each rejection to a listener (the CLI
 * prints it to stderr with file, line and reason). Thread-safe.
 */
public final class Diagnostics {
    /** A rejected record. */
    public record Rejection(String sourceType, Origin origin, String reason) {
        @Override
        public String toString() {
            return origin + ": " + sourceType + ": " + reason;
        }
    }

    private final Map<String, LongAdder> read = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private final LongAdder fileErrors = new LongAdder();
    private final Consumer<Rejection> listener;

    public Diagnostics(Consumer<Rejection> listener) {
        this.listener = listener == null ? r -> { } : listener;
    }

    public static Diagnostics silent() {
        return new Diagnostics(null);
    }

    public void accepted(String sourceType) {
        acceptedCounter(sourceType).increment();
    }

    /** The counter {@link #accepted} adds to, for a reader to keep at hand. */
    LongAdder acceptedCounter(String sourceType) {
        return read.computeIfAbsent(sourceType, k -> new LongAdder());
    }

    public void reject(String sourceType, Origin origin, String reason) {
        rejected.computeIfAbsent(sourceType, k -> new LongAdder()).increment();
        listener.accept(new Rejection(sourceType, origin, reason));
    }

    /** A whole file could not be read (unknown format, I/O error). Counted as a rejection of source "file". */
    public void fileError(String file, String reason) {
        fileErrors.increment();
        reject("file", Origin.of(file, 0), reason);
    }

    public Map<String, Long> readCounts() {
        return snapshot(read);
    }

    public Map<String, Long> rejectedCounts() {
        return snapshot(rejected);
    }

    public long totalRead() {
        return read.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long totalRejected() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long fileErrors() {
        return fileErrors.sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** One-line summary such as {@code read: docker_events=120 k8s_audit=47; rejected: k8s_audit=1}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("read:");
        Map<String, Long> r = readCounts();
        if (r.isEmpty()) {
            sb.append(" nothing");
        }
        r.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        sb.append("; rejected:");
        Map<String, Long> x = rejectedCounts();
        if (x.isEmpty()) {
            sb.append(" none");
        }
        x.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
