package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.alert.Priority;
import io.keelwatch.store.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers alerts to one sink from its own thread, so that a slow or failing receiver never holds up intake:
 * {@link #offer} only puts the alert in a bounded queue, or, when the queue is full, in the store's spool. The
 * worker sends queued alerts first, then spooled ones. A failed send is retried with exponential backoff
 * ({@code initialBackoff} doubling up to {@code maxBackoff}) up to {@code maxAttempts} times, then dropped and
 * counted as failed; a permanent refusal is dropped at once. On close, what is still queued goes to the spool,
 * and the next start sends it.
 */
public final class OutputWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Retry settings. */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static Retry defaults() {
            return new Retry(10, Duration.ofSeconds(1), Duration.ofMinutes(2));
        }
    }

    private final AlertSink sink;
    private final Spool spool;
    private final Priority minPriority;
    private final Retry retry;
    private final BlockingQueue<String> queue;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean spoolMayHaveItems = true;

    public OutputWorker(AlertSink sink, Spool spool, int capacity, Priority minPriority, Retry retry) {
        this.sink = sink;
        this.spool = spool;
        this.minPriority = minPriority;
        this.retry = retry;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::loop, "keelwatch-output-" + sink.name());
        this.thread.setDaemon(true);
    }

    public OutputWorker start() {
        thread.start();
        return this;
    }

    public String name() {
        return sink.name();
    }

    /** Takes an alert (stored alert JSON) for delivery; never blocks on the receiver. */
    public void offer(JsonNode alert) {
        if (minPriority != null) {
            Priority p = Priority.parse(alert.path("priority").asText()).orElse(Priority.INFO);
            if (!p.isAtLeast(minPriority)) {
                return;
            }
        }
        String s = alert.toString();
        if (queue.offer(s)) {
            return;
        }
        toSpool(List.of(s));
    }

    private void toSpool(List<String> items) {
        if (spool == null) {
            failed.addAndGet(items.size());
            LOG.warn("{}: queue full and no spool: {} alert(s) dropped", sink.name(), items.size());
            return;
        }
        try {
            spool.add(sink.name(), items);
            spooled.addAndGet(items.size());
            spoolMayHaveItems = true;
        } catch (IOException e) {
            failed.addAndGet(items.size());
            LOG.error("{}: cannot spool {} alert(s): {}", sink.name(), items.size(), e.getMessage());
        }
    }

    private void loop() {
        while (!stopping) {
            try {
                String item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item != null) {
                    if (!deliver(item)) {
                        toSpool(List.of(item)); // stopping while retrying: keep it for the next start
                    }
                } else if (spoolMayHaveItems && spool != null) {
                    drainSpool();
                }
            } catch (InterruptedException e) {
                if (stopping) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // the spool (the store) failed: back off so a closed or broken store is not hammered
                if (loopBackoffMs == 0 || loopBackoffMs >= 5_000) {
                    LOG.error("{}: {}", sink.name(), e.toString());
                }
                loopBackoffMs = Math.min(10_000, Math.max(200, loopBackoffMs * 2));
                try {
                    Thread.sleep(loopBackoffMs);
                } catch (InterruptedException ie) {
                    if (stopping) {
                        return;
                    }
                }
                continue;
            }
            loopBackoffMs = 0;
        }
    }

    private long loopBackoffMs;

    private void drainSpool() throws IOException {
        List<Spool.Item> items = spool.peek(sink.name(), 100);
        if (items.isEmpty()) {
            spoolMayHaveItems = false;
            return;
        }
        for (Spool.Item it : items) {
            if (stopping || !queue.isEmpty()) {
                return;
            }
            if (!deliver(it.payload())) {
                return; // stopping: it stays spooled
            }
            spool.remove(it.id());
        }
    }

    /** Sends with retries; false only when stopping interrupted the retries (the item is not done). */
    private boolean deliver(String item) {
        JsonNode alert;
        try {
            alert = JSON.readTree(item);
        } catch (IOException e) {
            failed.incrementAndGet();
            return true;
        }
        long backoff = retry.initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                sink.send(alert);
                sent.incrementAndGet();
                return true;
            } catch (AlertSink.Rejected e) {
                failed.incrementAndGet();
                LOG.warn("{}: alert {} refused, dropped: {}", sink.name(), alert.path("id").asText(), e.getMessage());
                return true;
            } catch (IOException | RuntimeException e) {
                if (attempt >= retry.maxAttempts()) {
                    failed.incrementAndGet();
                    LOG.error("{}: alert {} dropped after {} attempts: {}", sink.name(), alert.path("id").asText(),
                            attempt, e.toString());
                    return true;
                }
                retries.incrementAndGet();
                LOG.warn("{}: send failed (attempt {}), retrying in {} ms: {}", sink.name(), attempt, backoff,
                        e.toString());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (stopping) {
                    return false;
                }
            }
            backoff = Math.min(backoff * 2, retry.maxBackoff().toMillis());
        }
    }

    public int queued() {
        return queue.size();
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Alerts put in the spool since start. */
    public long spooled() {
        return spooled.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Alerts waiting in the spool now (a store query). */
    public long spoolSize() {
        try {
            return spool == null ? 0 : spool.size(sink.name());
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops the worker; alerts still queued go to the spool. */
    @Override
    public void close() {
        stopping = true;
        io.keelwatch.server.Threads.stop(thread, 10_000);
        List<String> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            toSpool(rest);
        }
        try {
            sink.close();
        } catch (Exception e) {
            LOG.warn("{}: close: {}", sink.name(), e.toString());
        }
    }
}
