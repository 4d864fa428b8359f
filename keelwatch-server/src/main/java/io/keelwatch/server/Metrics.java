package io.keelwatch.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.engine.PipelineStats;
import io.keelwatch.server.output.OutputWorker;
import io.keelwatch.server.output.Outputs;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** {@code /metrics} in the Prometheus text format, and {@code /healthz}. */
public final class Metrics {
    private final Store store;
    private final Processor processor;
    private final Supplier<List<SourceRunner>> sources;
    private final Supplier<Outputs> outputs;
    private final Map<Integer, LongAdder> webhookRequests = new ConcurrentHashMap<>();
    private final LongAdder webhookEvents = new LongAdder();

    public Metrics(Store store, Processor processor, Supplier<List<SourceRunner>> sources, Supplier<Outputs> outputs) {
        this.store = store;
        this.processor = processor;
        this.sources = sources;
        this.outputs = outputs;
    }

    void webhookRequest(int status) {
        webhookRequests.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    void webhookEvents(int n) {
        webhookEvents.add(n);
    }

    private long lastInboxId() {
        try {
            return store.lastInboxId();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Seconds between now and the latest event time processed; NaN before any event. */
    private double eventTimeLag() {
        long t = processor.lastEventTime();
        return t == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() * 1e6 - t) / 1e9;
    }

    public ObjectNode health() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        boolean storeOk = store.healthy();
        boolean procOk = processor.running();
        o.put("status", storeOk && procOk ? "ok" : "failing");
        o.put("store", storeOk ? "ok" : "failing");
        ObjectNode p = o.putObject("processor");
        p.put("running", procOk);
        long last = lastInboxId();
        p.put("inbox_last_id", last).put("read_id", processor.readId()).put("snapshot_id", processor.processedId())
                .put("lag_records", Math.max(0, last - processor.readId()));
        double lag = eventTimeLag();
        if (Double.isNaN(lag)) {
            p.putNull("event_time_lag_seconds");
        } else {
            p.put("event_time_lag_seconds", Math.round(lag * 1000) / 1000.0);
        }
        if (processor.lastError() != null) {
            p.put("last_error", processor.lastError());
        }
        ArrayNode s = o.putArray("sources");
        for (SourceRunner r : sources.get()) {
            ObjectNode x = s.addObject().put("name", r.name()).put("up", r.up()).put("restarts", r.restarts());
            if (r.lastError() != null) {
                x.put("last_error", r.lastError());
            }
        }
        ArrayNode out = o.putArray("outputs");
        Outputs os = outputs.get();
        if (os != null) {
            for (OutputWorker w : os.workers()) {
                out.addObject().put("name", w.name()).put("queued", w.queued()).put("sent", w.sent())
                        .put("failed", w.failed());
            }
        }
        return o;
    }

    public String render() {
        StringBuilder sb = new StringBuilder(4096);
        help(sb, "keelwatch_events_total", "counter", "Events read from inbox records, by source type.");
        processor.diagnostics().readCounts().forEach((k, v) -> line(sb, "keelwatch_events_total", v, "source", k));
        help(sb, "keelwatch_rejected_records_total", "counter", "Records or parts of records rejected, by source type.");
        processor.diagnostics().rejectedCounts().forEach((k, v) ->
                line(sb, "keelwatch_rejected_records_total", v, "source", k));
        help(sb, "keelwatch_alerts_total", "counter", "Alerts stored since start, by rule and priority.");
        processor.alertCounts().forEach((k, v) -> {
            String[] rp = k.split("\u0000", 2);
            line(sb, "keelwatch_alerts_total", v, "rule", rp[0], "priority", rp[1]);
        });
        long last = lastInboxId();
        help(sb, "keelwatch_inbox_lag_records", "gauge", "Inbox records not processed yet.");
        line(sb, "keelwatch_inbox_lag_records", Math.max(0, last - processor.readId()));
        help(sb, "keelwatch_inbox_unsnapshotted_records", "gauge",
                "Inbox records processed but not yet covered by a committed detector snapshot.");
        line(sb, "keelwatch_inbox_unsnapshotted_records", Math.max(0, processor.readId() - processor.processedId()));
        help(sb, "keelwatch_inbox_last_id", "gauge", "Highest inbox record id.");
        line(sb, "keelwatch_inbox_last_id", last);
        help(sb, "keelwatch_event_time_lag_seconds", "gauge", "Now minus the latest event time processed.");
        line(sb, "keelwatch_event_time_lag_seconds", eventTimeLag());
        help(sb, "keelwatch_webhook_requests_total", "counter", "Audit webhook requests by HTTP status.");
        webhookRequests.forEach((k, v) -> line(sb, "keelwatch_webhook_requests_total", v.sum(), "code", k.toString()));
        help(sb, "keelwatch_webhook_events_total", "counter", "Audit events accepted by the webhook.");
        line(sb, "keelwatch_webhook_events_total", webhookEvents.sum());
        pipeline(sb, processor.stats());
        help(sb, "keelwatch_store_bytes", "gauge", "Size of the store's database file and of its write-ahead log.");
        line(sb, "keelwatch_store_bytes", fileSize(store.file()), "file", "database");
        line(sb, "keelwatch_store_bytes", fileSize(store.file().resolveSibling(store.file().getFileName() + "-wal")),
                "file", "wal");
        help(sb, "keelwatch_snapshot_bytes", "gauge", "Size of the last committed detector state snapshot.");
        line(sb, "keelwatch_snapshot_bytes", processor.snapshotBytes());
        help(sb, "keelwatch_inventory_containers", "gauge", "Containers known to the inventory.");
        line(sb, "keelwatch_inventory_containers", processor.inventorySize());
        help(sb, "keelwatch_source_up", "gauge", "1 while a live source is running.");
        for (SourceRunner r : sources.get()) {
            line(sb, "keelwatch_source_up", r.up() ? 1 : 0, "source", r.name());
        }
        outputs(sb);
        return sb.toString();
    }

    private static void pipeline(StringBuilder sb, PipelineStats st) {
        if (st == null) {
            return;
        }
        help(sb, "keelwatch_pipeline_buffered_events", "gauge", "Events in the reorder buffer.");
        line(sb, "keelwatch_pipeline_buffered_events", st.buffered());
        help(sb, "keelwatch_pipeline_late_events_total", "counter", "Events that arrived behind the watermark.");
        line(sb, "keelwatch_pipeline_late_events_total", st.lateEvents());
        help(sb, "keelwatch_pipeline_alerts_pending", "gauge", "Folded alerts held for time order.");
        line(sb, "keelwatch_pipeline_alerts_pending", st.alertsPending());
        help(sb, "keelwatch_pipeline_suppression", "gauge", "Alert folding counters (open_groups is state size).");
        st.suppression().forEach((k, v) -> line(sb, "keelwatch_pipeline_suppression", v, "counter", k));
        help(sb, "keelwatch_detector_keys", "gauge", "Keys held by each stateful rule's detector.");
        for (DetectorStats d : st.detectors()) {
            line(sb, "keelwatch_detector_keys", d.keys(), "rule", d.ruleId(), "kind", d.kind());
        }
        help(sb, "keelwatch_detector_errors_total", "counter", "Exceptions thrown by a rule's detector.");
        st.errors().forEach((k, v) -> line(sb, "keelwatch_detector_errors_total", v, "rule", k));
    }

    private void outputs(StringBuilder sb) {
        Outputs os = outputs.get();
        if (os == null) {
            return;
        }
        help(sb, "keelwatch_output_queue_size", "gauge", "Alerts in an output's memory queue.");
        os.workers().forEach(w -> line(sb, "keelwatch_output_queue_size", w.queued(), "output", w.name()));
        help(sb, "keelwatch_output_spool_size", "gauge", "Alerts waiting in an output's disk spool.");
        os.workers().forEach(w -> line(sb, "keelwatch_output_spool_size", w.spoolSize(), "output", w.name()));
        help(sb, "keelwatch_output_spooled_total", "counter", "Alerts put in the spool because the queue was full.");
        os.workers().forEach(w -> line(sb, "keelwatch_output_spooled_total", w.spooled(), "output", w.name()));
        help(sb, "keelwatch_output_sent_total", "counter", "Alerts delivered.");
        os.workers().forEach(w -> line(sb, "keelwatch_output_sent_total", w.sent(), "output", w.name()));
        help(sb, "keelwatch_output_failed_total", "counter", "Alerts given up on (refused or out of retries).");
        os.workers().forEach(w -> line(sb, "keelwatch_output_failed_total", w.failed(), "output", w.name()));
        help(sb, "keelwatch_output_retries_total", "counter", "Failed sends retried.");
        os.workers().forEach(w -> line(sb, "keelwatch_output_retries_total", w.retries(), "output", w.name()));
    }

    private static long fileSize(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            return 0;   // no log right now (checkpointed and removed) or not readable
        }
    }

    private static void help(StringBuilder sb, String name, String type, String text) {
        sb.append("# HELP ").append(name).append(' ').append(text).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder sb, String name, double value, String... labels) {
        sb.append(name);
        if (labels.length > 0) {
            sb.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                sb.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            sb.append('}');
        }
        sb.append(' ');
        if (Double.isNaN(value)) {
            sb.append("NaN");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            sb.append((long) value);
        } else {
            sb.append(value);
        }
        sb.append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
