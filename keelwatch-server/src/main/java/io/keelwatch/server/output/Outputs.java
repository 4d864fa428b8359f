package io.keelwatch.server.output;

import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** All configured outputs: the processor hands them each committed batch of new alerts. */
public final class Outputs implements AutoCloseable {
    private final List<OutputWorker> workers;

    private Outputs(List<OutputWorker> workers) {
        this.workers = List.copyOf(workers);
    }

    /** Opens the sinks and starts one worker per output; spooled alerts of earlier runs are sent again. */
    public static Outputs start(List<OutputSpec> specs, Spool spool, OutputWorker.Retry retry) throws IOException {
        List<OutputWorker> ws = new ArrayList<>();
        try {
            for (OutputSpec s : specs) {
                ws.add(new OutputWorker(s.open(), spool, s.queue(), s.minPriority(), retry).start());
            }
        } catch (IOException | RuntimeException e) {
            ws.forEach(OutputWorker::close);
            throw e;
        }
        return new Outputs(ws);
    }

    public static Outputs of(List<OutputWorker> workers) {
        return new Outputs(workers);
    }

    public void publish(List<AlertStore.StoredAlert> alerts) {
        for (AlertStore.StoredAlert a : alerts) {
            for (OutputWorker w : workers) {
                w.offer(a.json());
            }
        }
    }

    public List<OutputWorker> workers() {
        return workers;
    }

    @Override
    public void close() {
        workers.forEach(OutputWorker::close);
    }
}
