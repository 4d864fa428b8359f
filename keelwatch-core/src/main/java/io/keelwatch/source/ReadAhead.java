package io.keelwatch.source;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Lines of one file parsed ahead on other threads, in batches, for {@link LineEventStream}: the reading thread
 * reads the lines and takes the batches back in order, so events, rejections and counts come as they would from
 * one thread. A line the parser gives no event for (it throws or returns null) is left to the reading thread.
 */
final class ReadAhead {
    static final int BATCH = 1024;
    /** Batches under way at most: enough to keep the threads busy, few enough to bound the memory. */
    private static final int DEPTH = 8;

    private final Executor executor;
    private final LineEventStream.LineParser parser;
    private final String file;
    private final ArrayDeque<CompletableFuture<Lines>> queue = new ArrayDeque<>();

    /**
     * A batch of lines: their bytes one after another, each followed by a NUL (so that a parser can read a line in
     * place), numbered from {@code firstLine}; and the event parsed from each (null: left to the reading thread).
     */
    static final class Lines {
        final long firstLine;
        private byte[] bytes = new byte[BATCH * 512];
        private int used;
        private final int[] starts = new int[BATCH];
        /** Each line's length, negated for a line with bytes outside ASCII (which is left to the reading thread). */
        private final int[] lengths = new int[BATCH];
        private int count;
        private Event[] events;

        Lines(long firstLine) {
            this.firstLine = firstLine;
        }

        boolean full() {
            return count == BATCH;
        }

        int size() {
            return count;
        }

        void add(byte[] src, int off, int len, boolean ascii) {
            if (used + len + 1 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len + 1));
            }
            System.arraycopy(src, off, bytes, used, len);
            starts[count] = used;
            lengths[count++] = ascii ? len : -len;
            used += len;
            bytes[used++] = 0;
        }

        /** Line {@code k} as a string. */
        String line(int k) {
            int len = lengths[k];
            return Ascii.text(bytes, starts[k], Math.abs(len), len >= 0);
        }

        /** The event parsed from line {@code k}, or null. */
        Event event(int k) {
            return events[k];
        }
    }

    ReadAhead(Executor executor, LineEventStream.LineParser parser, String file) {
        this.executor = executor;
        this.parser = parser;
        this.file = file;
    }

    boolean full() {
        return queue.size() >= DEPTH;
    }

    void submit(Lines lines) {
        queue.add(CompletableFuture.supplyAsync(() -> parse(lines), executor));
    }

    /** The oldest batch, once parsed; null when none is under way. */
    Lines take() {
        CompletableFuture<Lines> f = queue.poll();
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

    private Lines parse(Lines lines) {
        Event[] events = new Event[lines.count];
        for (int k = 0; k < events.length; k++) {
            int len = lines.lengths[k];
            if (len < 0 || LineEventStream.blank(lines.bytes, lines.starts[k], len)) {
                continue;
            }
            try {
                events[k] = parser.parse(lines.bytes, lines.starts[k], len, Origin.of(file, lines.firstLine + k));
            } catch (RuntimeException e) {
                events[k] = null;      // the reading thread reads it again and reports what is wrong
            }
        }
        lines.events = events;
        return lines;
    }
}
