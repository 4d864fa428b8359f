package io.keelwatch.engine;

import io.keelwatch.event.Event;
import io.keelwatch.source.EventStream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Feeds a stream into a {@link Pipeline} on several threads, with the same alerts as one thread. The work splits
 * in three stages joined by bounded queues of batches: one thread reads (parses, merges the files in time order,
 * enriches), {@code threads - 1} threads find the rules each event passes ({@link Pipeline#prepare}: a pure
 * function of the event), and the calling thread hands the events, in the order read, to the pipeline (reorder
 * buffer, stateful detectors, folding). The pipeline sees the same events in the same order either way, so
 * stateful rules and the alerts' order are unchanged. With one thread everything runs on the calling thread.
 * Readers of JSON lines can also parse lines ahead of the reading thread ({@link #parsePool}).
 */
public final class ParallelScan {
    static final int BATCH = 512;
    private static final int QUEUED = 16;

    private ParallelScan() {
    }

    /**
     * Reads {@code in} to its end into {@code pipeline} (not finished: call {@link Pipeline#finish()} after);
     * {@code each} sees every event on the calling thread, after the pipeline. Returns the number of events.
     */
    public static long run(EventStream in, Pipeline pipeline, int threads, Consumer<Event> each) throws IOException {
        if (threads <= 1) {
            long n = 0;
            Event e;
            while ((e = in.next()) != null) {
                // prepared now, while the event is in the cache, rather than when the reorder buffer lets it go
                pipeline.accept(e, pipeline.prepare(e));
                each.accept(e);
                n++;
            }
            return n;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "keelwatch-scan");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<CompletableFuture<Batch>> queue = new ArrayBlockingQueue<>(QUEUED);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> read(in, pipeline, queue, pool), pool);
        long n = 0;
        try {
            while (true) {
                Batch b = queue.take().get();
                if (b.events.isEmpty()) {
                    break;
                }
                for (int i = 0; i < b.events.size(); i++) {
                    Event e = b.events.get(i);
                    pipeline.accept(e, b.prepared.get(i));
                    each.accept(e);
                }
                n += b.events.size();
            }
            reader.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("scan interrupted");
        } catch (ExecutionException ex) {
            throw rethrow(ex.getCause());
        } finally {
            pool.shutdownNow();
        }
        return n;
    }

    /**
     * The threads on which readers parse lines ahead of the reading thread for a scan with {@code threads} threads
     * ({@code io.keelwatch.source.Inputs#open} with {@link ParsePool#executor()}); closing it stops them. As many
     * as {@code threads}: parsing is the largest part of the work, and a parsing thread waits when the others lag.
     * None up to two threads: the reading thread then parses each line in the same pass that finds its end, and
     * on two cores that beat handing the lines to other threads (the same rate with the built-in pack, +17% with
     * 20 times the rules); from three threads on (more cores than this was measured on), the reading thread alone
     * would bound the scan at about the rate of a one-thread scan, so lines are parsed ahead.
     */
    public static ParsePool parsePool(int threads) {
        return new ParsePool(threads <= 2 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "keelwatch-parse");
            t.setDaemon(true);
            return t;
        }));
    }

    /** See {@link #parsePool}. */
    public static final class ParsePool implements AutoCloseable {
        private final ExecutorService executor;

        private ParsePool(ExecutorService executor) {
            this.executor = executor;
        }

        /** The threads, or null for a one-thread scan (then lines are parsed where they are read). */
        public ExecutorService executor() {
            return executor;
        }

        @Override
        public void close() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    private record Batch(List<Event> events, List<Object> prepared) {
    }

    /** The reading stage: batches of events, each matched on the pool; an empty batch ends the queue. */
    private static void read(EventStream in, Pipeline pipeline, BlockingQueue<CompletableFuture<Batch>> queue,
                             ExecutorService pool) {
        try {
            List<Event> batch = new ArrayList<>(BATCH);
            Event e;
            while ((e = nextOrThrow(in)) != null) {
                batch.add(e);
                if (batch.size() == BATCH) {
                    List<Event> full = batch;
                    queue.put(CompletableFuture.supplyAsync(() -> prepare(full, pipeline), pool));
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                List<Event> last = batch;
                queue.put(CompletableFuture.supplyAsync(() -> prepare(last, pipeline), pool));
            }
            queue.put(CompletableFuture.completedFuture(new Batch(List.of(), List.of())));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            try {
                queue.put(CompletableFuture.failedFuture(ex));
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Event nextOrThrow(EventStream in) {
        try {
            return in.next();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Batch prepare(List<Event> events, Pipeline pipeline) {
        List<Object> m = new ArrayList<>(events.size());
        for (Event e : events) {
            m.add(pipeline.prepare(e));
        }
        return new Batch(events, m);
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IOException(t);
    }
}
