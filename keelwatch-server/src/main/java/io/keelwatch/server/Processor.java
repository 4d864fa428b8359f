package io.keelwatch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.engine.PipelineStats;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The single thread between the inbox and the alerts: reads inbox records in id order, in batches, decodes them
 * ({@link RecordDecoder}), runs the events through the {@link Pipeline}, and commits.
 *
 * <p>Commits: every batch that produced alerts commits them at once (low latency); every
 * {@link Settings#snapshotRecords} records or {@link Settings#snapshotInterval} (stretched to ten times the last
 * snapshot's cost when state is large) the pipeline snapshot is taken and committed with the last inbox id it
 * accounts for, by the {@link Snapshots} after that batch's alerts (on stop, with them); see {@link Committer}.
 * On start the snapshot is restored and reading continues after that id. After a crash, the records
 * past the last snapshot are processed again and give the same alerts with the same ids, which the store ignores;
 * outputs only get alerts that were newly inserted, after their commit. So no accepted record is lost and no alert
 * is stored or sent twice.
 */
public final class Processor implements AutoCloseable {
    /** The name of the pipeline's row in the store's detector state table. */
    public static final String STATE_NAME = "pipeline";
    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLOW_STEP_NANOS = 500_000_000L;
    private static final Set<String> INVENTORY_TYPES = Set.of("docker_events", "docker_inspect", "dockerd_log");

    /**
     * @param batchSize        inbox records read at a time
     * @param snapshotRecords  records after which a snapshot is due
     * @param snapshotInterval time after which a snapshot is due (when anything changed)
     * @param advanceOnIdle    when the inbox is empty, move event time to the wall clock minus the lateness
     * @param idleWait         longest wait for new records when the inbox is empty
     */
    public record Settings(int batchSize, int snapshotRecords, Duration snapshotInterval, boolean advanceOnIdle,
                           Duration idleWait) {
        public static Settings defaults() {
            return new Settings(1000, 50_000, Duration.ofSeconds(5), true, Duration.ofMillis(200));
        }
    }

    private final Store store;
    private final CompiledRuleSet rules;
    private final Pipeline.Options options;
    private final Settings settings;
    private final Diagnostics diagnostics;
    private final RecordDecoder decoder;
    private final EvidenceCache evidence;
    private final Snapshots snapshots;
    private final Committer committer;
    private Pipeline pipeline;
    private Prefetcher prefetcher;
    private Thread thread;
    private volatile boolean running;
    private volatile long lastRead;
    private volatile long lastEventTime = Long.MIN_VALUE;
    private volatile PipelineStats stats;
    private volatile String lastError;

    public Processor(Store store, CompiledRuleSet rules, Pipeline.Options options, Settings settings,
                     Consumer<List<AlertStore.StoredAlert>> afterCommit) {
        this.store = store;
        this.rules = rules;
        this.options = options;
        this.settings = settings;
        this.diagnostics = new Diagnostics(r -> LOG.warn("rejected {}", r));
        this.decoder = new RecordDecoder(Sources.defaults(), diagnostics, new Inventory());
        this.evidence = new EvidenceCache(10_000, store, decoder);
        this.snapshots = new Snapshots(store, STATE_NAME, settings.snapshotRecords(), settings.snapshotInterval());
        this.committer = new Committer(store, STATE_NAME, evidence, snapshots, afterCommit == null ? a -> { }
                : afterCommit);
    }

    /** Restores the saved state (pipeline snapshot, inventory) and positions after the processed records. */
    public void restore() throws IOException {
        Store.State s = store.state(STATE_NAME);
        pipeline = new Pipeline(rules, options, committer::add);
        if (s.snapshot() != null) {
            try {
                pipeline.restore(JSON.readTree(s.snapshot()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot restore the detector state ({}); starting with empty state after inbox record {}",
                        e.getMessage(), s.processedId());
                pipeline = new Pipeline(rules, options, committer::add);
            }
        }
        for (Store.InboxRow row : store.inboxOfTypes(INVENTORY_TYPES, s.processedId(), 50_000)) {
            decoder.learnOnly(row);
        }
        lastRead = s.processedId();
        snapshots.restored(s.processedId());
        stats = pipeline.stats();
    }

    /** Restores and starts the processing thread. */
    public synchronized void start() throws IOException {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        restore();
        running = true;
        prefetcher = new Prefetcher(store, decoder, settings.batchSize(), lastRead, settings.idleWait().toMillis());
        thread = new Thread(this::loop, "keelwatch-processor");
        thread.start();
    }

    private void loop() {
        long backoff = 100;
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                step();   // waits for the prefetcher at most the idle wait
                backoff = 100;
            } catch (IOException | RuntimeException e) {
                lastError = e.toString();
                LOG.error("processing failed, retrying in {} ms: {}", backoff, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Processes one batch and commits what is due; true when more records may be waiting. With the thread running,
     * the batch comes decoded from the {@link Prefetcher} (waiting at most the idle wait for one); otherwise it is
     * read and decoded here.
     */
    boolean step() throws IOException {
        if (prefetcher != null) {
            Prefetcher.Batch b;
            try {
                b = prefetcher.poll(settings.idleWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (b == null) {
                process(List.of(), List.of(), 0, 0);
                return false;
            }
            process(b.rows(), b.events(), b.readNanos(), b.decodeNanos());
            return prefetcher.ready();
        }
        long t0 = System.nanoTime();
        List<Store.InboxRow> rows = store.inbox(lastRead, settings.batchSize());
        long t1 = System.nanoTime();
        List<Event> events = decoder.decodeAll(rows);
        process(rows, events, t1 - t0, System.nanoTime() - t1);
        return rows.size() == settings.batchSize();
    }

    private void process(List<Store.InboxRow> rows, List<Event> events, long readNanos, long decodeNanos)
            throws IOException {
        long t2 = System.nanoTime();
        for (Event e : events) {
            evidence.remember(e);
            try {
                pipeline.accept(e);
            } catch (RuntimeException ex) {
                diagnostics.reject(e.source(), e.origin(), "detection failed: " + ex);
            }
            if (e.timeNanos() > lastEventTime) {
                lastEventTime = e.timeNanos();
            }
        }
        if (!rows.isEmpty()) {
            lastRead = rows.get(rows.size() - 1).id();
            snapshots.read(rows.size());
        }
        if (rows.isEmpty() && settings.advanceOnIdle()) {
            pipeline.advanceWatermark(System.currentTimeMillis() * 1_000_000L - options.lateness().toNanos());
        }
        long t3 = System.nanoTime();
        commit(false);
        long t4 = System.nanoTime();
        if (readNanos + decodeNanos + (t4 - t2) > SLOW_STEP_NANOS) {
            LOG.warn("slow processing step: {} records, {} events; read {} ms, decode {} ms, detect {} ms, commit {} ms "
                    + "(last snapshot {} bytes)", rows.size(), events.size(), readNanos / 1_000_000,
                    decodeNanos / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, snapshots.bytes());
        }
    }

    /** Commits through the {@link Committer}; the statistics follow each snapshot. */
    private void commit(boolean force) throws IOException {
        if (committer.commit(pipeline, lastRead, force)) {
            stats = pipeline.stats();
        }
    }

    /** Processes everything in the inbox now and commits with a snapshot (tests, tools; not with the thread). */
    public void drain() throws IOException {
        while (step()) {
            // more
        }
        commit(true);
    }

    /** End of input (tests, one-shot runs): releases what the pipeline holds, then commits. */
    void finishInput() throws IOException {
        pipeline.finish();
        commit(true);
    }

    /** Stops the thread and commits the state (the pipeline is not finished: a restart continues it). */
    @Override
    public void close() throws IOException {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t != null) {
            Threads.join(t, 30_000);
        }
        stopPrefetcher();
        try {
            if (pipeline != null && (t == null || !t.isAlive())) {
                commit(true);
            }
        } finally {
            snapshots.close();
        }
    }

    /** Stops the thread without committing anything more (a crash, for tests). */
    void halt() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
            running = false;
        }
        if (t != null) {
            t.join(30_000);
        }
        stopPrefetcher();
        snapshots.close();
    }

    private void stopPrefetcher() {
        Prefetcher p = prefetcher;
        if (p != null) {
            p.close();
        }
    }

    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Alerts stored since start, by rule and priority ("rule\0priority"). */
    public Map<String, Long> alertCounts() {
        return committer.alertCounts();
    }

    /** The last inbox id whose effects are committed with a snapshot. */
    public long processedId() {
        return snapshots.processedId();
    }

    /** The last inbox id read and fed to the pipeline (its alerts are committed; its state maybe not yet). */
    public long readId() {
        return lastRead;
    }

    /** The latest event time seen (ns), or Long.MIN_VALUE before any event. */
    public long lastEventTime() {
        return lastEventTime;
    }

    /** The pipeline's statistics as of the last snapshot. */
    public PipelineStats stats() {
        return stats;
    }

    public long snapshotBytes() {
        return snapshots.bytes();
    }

    public int inventorySize() {
        return decoder.inventory().size();
    }

    public boolean running() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    /** The last processing error, or null. */
    public String lastError() {
        return lastError != null ? lastError : snapshots.lastError();
    }
}
