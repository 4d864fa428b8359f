package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Lines of one file parsed ahead on other threads, in batches, for {@link LineEventStream}: the reading thread
 * reads the lines and takes the batches back in order, so events, rejections and counts come as they would from
 * one thread. A line the parser gives no event for (it throws or returns null) is left to the reading thread.
 */
final class ReadAhead {
    static final int BATCH = 256;
    /** Batches under way at most: enough to keep the threads busy, few enough to bound the memory. */
    private static final int DEPTH = 8;

    private final Executor executor;
    private final LineEventStream.LineParser parser;
    private final String file;
    private final ArrayDeque<CompletableFuture<Batch>> queue = new ArrayDeque<>();

    /** Lines numbered from {@code firstLine}, and the event parsed from each (null: left to the reading thread). */
    record Batch(List<String> lines, long firstLine, Event[] events) {
    }

    ReadAhead(Executor executor, LineEventStream.LineParser parser, String file) {
        this.executor = executor;
        this.parser = parser;
        this.file = file;
    }

    boolean full() {
        return queue.size() >= DEPTH;
    }

    void submit(List<String> lines, long firstLine) {
        queue.add(CompletableFuture.supplyAsync(() -> parse(lines, firstLine), executor));
    }

    /** The oldest batch, once parsed; null when none is under way. */
    Batch take() {
        CompletableFuture<Batch> f = queue.poll();
        if (f == null) {
            return null;
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("parsing ahead failed", e.getCause());
        }
    }

    private Batch parse(List<String> lines, long firstLine) {
        Event[] events = new Event[lines.size()];
        for (int k = 0; k < events.length; k++) {
            String line = lines.get(k);
            if (line.isBlank()) {
                continue;
            }
            try {
                events[k] = parser.parse(line, Origin.of(file, firstLine + k));
            } catch (RuntimeException e) {
                events[k] = null;      // the reading thread reads it again and reports what is wrong
            }
        }
        return new Batch(lines, firstLine, events);
    }
}
