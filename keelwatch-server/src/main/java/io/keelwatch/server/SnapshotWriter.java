package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the processor's pipeline snapshots on a thread of its own: the processor takes the snapshot (a tree that
 * shares nothing with the live state) between two batches and goes on detecting while this thread turns it into
 * text and commits it with the inbox position it accounts for. One write at a time; the processor skips a due
 * snapshot while the last one is still being written.
 *
 * <p>Safe because every alert is committed by the processor before the snapshot of the state that produced it is
 * handed over: a crash before this commit restarts from the older snapshot and produces the same alerts again,
 * which the store ignores.
 */
final class SnapshotWriter implements AutoCloseable {
    /** A finished write: the inbox position now committed, the snapshot's size and the write's time. */
    record Done(long processedId, int bytes, long millis) {
    }

    private final Store store;
    private final String name;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keelwatch-snapshot");
        t.setDaemon(true);
        return t;
    });
    private Future<Done> inFlight;

    SnapshotWriter(Store store, String name) {
        this.store = store;
        this.name = name;
    }

    /** True while a write is under way. */
    boolean busy() {
        return inFlight != null && !inFlight.isDone();
    }

    /** Hands a snapshot over; call only when not {@link #busy()}. */
    void submit(long processedId, JsonNode snapshot) {
        if (busy()) {
            throw new IllegalStateException("a snapshot is still being written");
        }
        inFlight = thread.submit(() -> {
            long t0 = System.currentTimeMillis();
            String text = snapshot.toString();
            store.alerts().commit(List.of(), name, new Store.State(processedId, text));
            return new Done(processedId, text.length(), System.currentTimeMillis() - t0);
        });
    }

    /** The finished write not yet collected, or null (none, or still under way); a failed write throws. */
    Done poll() throws IOException {
        if (inFlight == null || !inFlight.isDone()) {
            return null;
        }
        return collect();
    }

    /** Waits for the write under way; its result, or null when there was none. */
    Done await() throws IOException {
        return inFlight == null ? null : collect();
    }

    private Done collect() throws IOException {
        Future<Done> f = inFlight;
        inFlight = null;
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a snapshot", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("writing a snapshot failed: " + c, c);
        }
    }

    /** Lets a write under way finish (its outcome is not reported) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
