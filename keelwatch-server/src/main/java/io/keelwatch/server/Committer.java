package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The processor's commit step: the alerts the pipeline gave since the last commit, with their evidence events, go
 * to the store in one transaction, and a pipeline snapshot when one is due ({@link Snapshots}): taken here, and
 * written on another thread after these alerts are committed, or with them when forced (stop, end of input).
 * Newly inserted alerts are counted and handed to the outputs after their commit.
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

    private final Store store;
    private final String stateName;
    private final EvidenceCache evidence;
    private final Snapshots snapshots;
    private final Consumer<List<AlertStore.StoredAlert>> afterCommit;
    private final List<Alert> pending = new ArrayList<>();
    private final Map<String, LongAdder> alertCounts = new ConcurrentHashMap<>();

    Committer(Store store, String stateName, EvidenceCache evidence, Snapshots snapshots,
              Consumer<List<AlertStore.StoredAlert>> afterCommit) {
        this.store = store;
        this.stateName = stateName;
        this.evidence = evidence;
        this.snapshots = snapshots;
        this.afterCommit = afterCommit;
    }

    /** The pipeline's alert sink. */
    void add(Alert a) {
        pending.add(a);
    }

    /**
     * Commits what is pending, and a snapshot of {@code pipeline} accounting for the inbox records up to
     * {@code lastRead} when due; true when a snapshot was taken.
     */
    boolean commit(Pipeline pipeline, long lastRead, boolean force) throws IOException {
        boolean snapshot = snapshots.due(force);
        if (pending.isEmpty() && !snapshot) {
            return false;
        }
        List<AlertStore.NewAlert> alerts = new ArrayList<>(pending.size());
        for (Alert a : pending) {
            alerts.add(new AlertStore.NewAlert(a, evidence.events(a.evidence())));
        }
        JsonNode tree = null;
        long took = 0;
        if (snapshot) {
            long t0 = System.currentTimeMillis();
            tree = pipeline.snapshot();
            took = System.currentTimeMillis() - t0;
        }
        Store.State state = snapshot && force ? snapshots.now(lastRead, tree, took) : null;
        List<AlertStore.StoredAlert> inserted = alerts.isEmpty() && state == null ? List.of()
                : store.alerts().commit(alerts, stateName, state);
        pending.clear();
        if (state != null) {
            snapshots.committed(state);
        } else if (snapshot) {
            snapshots.writeLater(lastRead, tree, took);
        }
        for (AlertStore.StoredAlert a : inserted) {
            alertCounts.computeIfAbsent(a.rule() + "\u0000" + a.priority(), k -> new LongAdder()).increment();
        }
        if (!inserted.isEmpty()) {
            try {
                afterCommit.accept(inserted);
            } catch (RuntimeException e) {
                LOG.error("handing alerts to the outputs failed: {}", e.toString());
            }
        }
        return snapshot;
    }

    /** Alerts stored since start, by rule and priority ("rule\0priority"). */
    Map<String, Long> alertCounts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        alertCounts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
