package io.keelwatch.server;

import io.keelwatch.event.Event;
import io.keelwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads inbox records and decodes them on a thread of its own, a few batches ahead of the processor, so that
 * parsing one batch overlaps detecting and committing the one before (two cores: twice the work per second). The
 * queue is short (back-pressure: the reader waits when detection is behind) and batches come out in inbox order.
 * It wakes when records are appended and otherwise looks again after the idle wait.
 */
final class Prefetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);

    /** Decoded records: the rows (for positions) and their events; {@code readNanos}, {@code decodeNanos} spent. */
    record Batch(List<Store.InboxRow> rows, List<Event> events, long readNanos, long decodeNanos) {
    }

    private final Store store;
    private final RecordDecoder decoder;
    private final int batchSize;
    private final long idleMillis;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private long after;

    Prefetcher(Store store, RecordDecoder decoder, int batchSize, long afterId, long idleMillis) {
        this.store = store;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.after = afterId;
        this.idleMillis = idleMillis;
        store.onAppend(wake::release);
        this.thread = new Thread(this::loop, "keelwatch-decoder");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        long backoff = 100;
        while (running) {
            try {
                long t0 = System.nanoTime();
                List<Store.InboxRow> rows = store.inbox(after, batchSize);
                long t1 = System.nanoTime();
                if (rows.isEmpty()) {
                    wake.tryAcquire(idleMillis, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                List<Event> events = decoder.decodeAll(rows);
                long t2 = System.nanoTime();
                after = rows.get(rows.size() - 1).id();
                while (running && !queue.offer(new Batch(rows, events, t1 - t0, t2 - t1), 200, TimeUnit.MILLISECONDS)) {
                    // the processor is behind: wait for room
                }
                backoff = 100;
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("reading the inbox failed, retrying in {} ms: {}", backoff, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /** The next decoded batch, or null when none came within {@code timeoutMillis}. */
    Batch poll(long timeoutMillis) throws InterruptedException {
        return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** True when a batch is ready now. */
    boolean ready() {
        return !queue.isEmpty();
    }

    @Override
    public void close() {
        running = false;
        Threads.stop(thread, 10_000);
    }
}
