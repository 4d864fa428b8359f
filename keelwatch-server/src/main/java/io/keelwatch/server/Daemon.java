package io.keelwatch.server;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import io.keelwatch.live.LiveSource;
import io.keelwatch.respond.AutoResponse;
import io.keelwatch.respond.KubernetesResponder;
import io.keelwatch.respond.Responder;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.server.output.OutputSpec;
import io.keelwatch.server.output.OutputWorker;
import io.keelwatch.server.output.Outputs;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live daemon: the store, the outputs, the processor, the HTTP server and the live sources, started in that
 * order and stopped in the reverse one (sources first, so nothing new arrives; the processor commits its state; the
 * outputs spool what they still hold; the store closes last).
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * @param store     the SQLite file
     * @param http      the listener (null: no HTTP server)
     * @param outputs   where alerts go
     * @param options   pipeline options (live: emit-first suppression)
     * @param processor processor tuning
     * @param retention how long alerts and processed inbox rows are kept (null: for ever)
     */
    public record Settings(Path store, HttpSettings http, List<OutputSpec> outputs, Pipeline.Options options,
                           Processor.Settings processor, Duration retention) {
    }

    private final Store store;
    private final Outputs outputs;
    private final Processor processor;
    private final HttpApi http;
    private final List<SourceRunner> sources = new ArrayList<>();
    private final ScheduledExecutorService housekeeping;
    private final AutoResponse auto;
    private boolean closed;

    private Daemon(Store store, Outputs outputs, Processor processor, HttpApi http,
                   ScheduledExecutorService housekeeping, AutoResponse auto) {
        this.auto = auto;
        this.store = store;
        this.outputs = outputs;
        this.processor = processor;
        this.http = http;
        this.housekeeping = housekeeping;
    }

    /** Starts everything without automatic response. */
    public static Daemon start(Settings s, CompiledRuleSet rules, List<LiveSource> liveSources) throws IOException {
        return start(s, rules, liveSources, AutoResponse.Config.off());
    }

    /**
     * Starts everything; with {@code response} enabled, newly stored alerts are also handed to the automatic
     * response (queued, taken off the processor thread). On failure, what was started is stopped again and the
     * error is thrown.
     */
    public static Daemon start(Settings s, CompiledRuleSet rules, List<LiveSource> liveSources,
                               AutoResponse.Config response) throws IOException {
        Store store = Store.open(s.store());
        Outputs outputs = null;
        Processor processor = null;
        HttpApi http = null;
        AutoResponse auto = null;
        try {
            outputs = Outputs.start(s.outputs(), store.spool(), OutputWorker.Retry.defaults());
            Outputs out = outputs;
            Consumer<List<AlertStore.StoredAlert>> after = out::publish;
            if (response.enabled()) {
                AutoResponse ar = new AutoResponse(response, new Responder(store, () -> new DockerContainers(
                        new DockerEngineClient(DockerEndpoint.of(response.dockerHost(), System.getenv()))),
                        () -> KubernetesResponder.connect(response.kubeconfig())));
                auto = ar;
                after = inserted -> {
                    out.publish(inserted);
                    ar.submit(inserted);
                };
                LOG.info("automatic response on: {} entries", response.auto().size());
            }
            processor = new Processor(store, rules, s.options(), s.processor(), after);
            processor.start();
            List<SourceRunner> runners = new ArrayList<>();
            Metrics metrics = new Metrics(store, processor, () -> runners, () -> out);
            if (s.http() != null) {
                http = new HttpApi(s.http(), store, metrics).start();
            }
            ScheduledExecutorService hk = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keelwatch-housekeeping");
                t.setDaemon(true);
                return t;
            });
            Daemon d = new Daemon(store, outputs, processor, http, hk, auto);
            if (s.retention() != null) {
                hk.scheduleAtFixedRate(() -> d.prune(s.retention()), 1, 3600, TimeUnit.SECONDS);
            }
            for (LiveSource src : liveSources) {
                SourceRunner r = new SourceRunner(src, store).start();
                runners.add(r);
                d.sources.add(r);
                LOG.info("source {} started", src.name());
            }
            return d;
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (processor != null) {
                processor.close();
            }
            if (auto != null) {
                auto.close();
            }
            if (outputs != null) {
                outputs.close();
            }
            store.close();
            throw e;
        }
    }

    private void prune(Duration retention) {
        try {
            Store.Pruned p = store.prune(retention, Processor.STATE_NAME);
            if (p.alerts() + p.inboxRows() + p.spooled() > 0) {
                LOG.info("retention {}: removed {} alerts, {} inbox records, {} spooled output items",
                        retention, p.alerts(), p.inboxRows(), p.spooled());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("retention failed: {}", e.toString());
        }
    }

    public Store store() {
        return store;
    }

    /** The automatic response, or null when it is off. */
    public AutoResponse autoResponse() {
        return auto;
    }

    public Processor processor() {
        return processor;
    }

    /** The HTTP port bound, or -1 without an HTTP server. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        sources.forEach(SourceRunner::close);
        if (http != null) {
            http.close();
        }
        housekeeping.shutdownNow();
        try {
            processor.close();
        } finally {
            if (auto != null) {
                auto.close();
            }
            outputs.close();
            store.close();
        }
        LOG.info("stopped; state committed");
    }
}
