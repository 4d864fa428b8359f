package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * When the processor's pipeline snapshots are due, and their writing on a thread of its own. A snapshot is due
 * after {@code everyRecords} records or {@code interval} (stretched to ten times the last snapshot's cost when the
 * state is large). The processor takes it (a tree that shares nothing with the live state) between two batches and
 * goes on detecting while this thread turns it into text and commits it with the inbox position it accounts for.
 * One write at a time: a due snapshot waits while the last one is still being written; a failed write makes the
 * next one due at once.
 *
 * <p>Safe because every alert is committed by the processor before the snapshot of the state that produced it is
 * handed over: a crash before this commit restarts from the older snapshot and produces the same alerts again,
 * which the store ignores.
 */
final class Snapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    /** A finished write: the inbox position now committed, the snapshot's size and the write's time. */
    private record Done(long processedId, int bytes, long millis) {
    }

    private final Store store;
    private final String name;
    private final int everyRecords;
    private final long intervalMillis;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keelwatch-snapshot");
        t.setDaemon(true);
        return t;
    });
    private Future<Done> inFlight;
    private long sinceLast;
    private long lastAt = System.currentTimeMillis();
    private long costMillis;
    private volatile long processedId;
    private volatile long bytes;
    private volatile String lastError;

    Snapshots(Store store, String name, int everyRecords, Duration interval) {
        this.store = store;
        this.name = name;
        this.everyRecords = everyRecords;
        this.intervalMillis = interval.toMillis();
    }

    /** Starts counting after a restored snapshot that accounts for the records up to {@code id}. */
    void restored(long id) {
        processedId = id;
        sinceLast = 0;
        lastAt = System.currentTimeMillis();
    }

    /** Counts records processed since the last snapshot. */
    void read(int records) {
        sinceLast += records;
    }

    /** Whether a snapshot is to be taken now (always when forced); takes in a finished write first. */
    boolean due(boolean force) {
        collect(false);
        if (force) {
            return true;
        }
        if (inFlight != null) {
            return false;   // the last one is still being written: next time
        }
        long interval = Math.max(intervalMillis, 10 * costMillis);
        return sinceLast >= everyRecords || (sinceLast > 0 && System.currentTimeMillis() - lastAt >= interval);
    }

    /** A snapshot was taken, in {@code millis}; counting starts again. */
    private void taken(long millis) {
        sinceLast = 0;
        lastAt = System.currentTimeMillis();
        costMillis = millis;
    }

    /** Hands a snapshot taken in {@code millis} over to be written once the alerts before it are committed. */
    void writeLater(long id, JsonNode snapshot, long millis) {
        taken(millis);
        inFlight = thread.submit(() -> {
            long t0 = System.currentTimeMillis();
            String text = snapshot.toString();
            store.alerts().commit(List.of(), name, new Store.State(id, text));
            return new Done(id, text.length(), System.currentTimeMillis() - t0);
        });
    }

    /** For a snapshot the caller commits itself (with its alerts): waits for a write under way; the state to commit. */
    Store.State now(long id, JsonNode snapshot, long millis) {
        taken(millis);
        collect(true);
        String text = snapshot.toString();
        bytes = text.length();
        return new Store.State(id, text);
    }

    /** The caller committed {@link #now}'s state. */
    void committed(Store.State state) {
        processedId = state.processedId();
    }

    private void collect(boolean wait) {
        Future<Done> f = inFlight;
        if (f == null || (!wait && !f.isDone())) {
            return;
        }
        inFlight = null;
        try {
            Done d = f.get();
            processedId = d.processedId();
            bytes = d.bytes();
            costMillis += d.millis();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            lastError = e.getCause().toString();
            LOG.error("writing the detector state failed; taking it again: {}", lastError);
            sinceLast = Math.max(sinceLast, everyRecords);
        }
    }

    /** The last inbox id whose effects are committed with a snapshot. */
    long processedId() {
        return processedId;
    }

    /** The last snapshot's size in characters. */
    long bytes() {
        return bytes;
    }

    /** The last failed write's error, or null. */
    String lastError() {
        return lastError;
    }

    /** Lets a write under way finish (its outcome is not reported) and stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
