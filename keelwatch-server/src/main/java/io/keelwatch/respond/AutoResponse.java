package io.keelwatch.respond;

import io.keelwatch.alert.Priority;
import io.keelwatch.store.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Automatic response in the daemon, off unless configured: each newly stored alert that matches a configured entry
 * (its rule id, or a minimum priority, or both) gets that entry's actions. The processor only queues the work
 * ({@link #submit} never blocks: when the bounded queue is full the work is dropped and logged); one thread of its
 * own takes the actions through a {@link Responder}, which records every result in the store.
 */
public final class AutoResponse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoResponse.class);
    public static final String WHO = "keelwatch auto-response";
    private static final Set<String> ENTRY_KEYS = Set.of("rule", "min_priority", "action", "actions");
    private static final Set<String> KEYS = Set.of("auto", "evidence_dir", "kubeconfig", "stop_timeout", "export",
            "window");

    /** One configured entry: alerts of {@code rule} (null: any) at or above {@code minPriority} (null: any). */
    public record Entry(String rule, Priority minPriority, List<ResponseAction> actions) {
        public boolean matches(String alertRule, String priority) {
            return (rule == null || rule.equals(alertRule)) && (minPriority == null
                    || Priority.of(priority).severity() >= minPriority.severity());
        }

        String describe() {
            return rule != null ? "rule " + rule : "priority " + minPriority.label() + "+";
        }
    }

    /** The {@code response:} settings; {@code dockerHost} comes from the daemon's own Docker settings. */
    public record Config(List<Entry> auto, Path evidenceDir, Path kubeconfig, Duration stopTimeout, boolean export,
                         Duration window, String dockerHost) {
        public Config {
            auto = List.copyOf(auto);
        }

        public static Config off() {
            return new Config(List.of(), null, null, Duration.ofSeconds(10), false, Duration.ofMinutes(30), null);
        }

        public boolean enabled() {
            return !auto.isEmpty();
        }

        public Config withDockerHost(String host) {
            return new Config(auto, evidenceDir, kubeconfig, stopTimeout, export, window, host);
        }

        /** The actions for an alert, each once, evidence first (before anything changes), and why. */
        public Map<ResponseAction, String> actionsFor(String rule, String priority) {
            Map<ResponseAction, String> out = new LinkedHashMap<>();
            for (Entry e : auto) {
                if (e.matches(rule, priority) && e.actions().contains(ResponseAction.EVIDENCE)) {
                    out.putIfAbsent(ResponseAction.EVIDENCE, e.describe());
                }
            }
            for (Entry e : auto) {
                if (e.matches(rule, priority)) {
                    e.actions().forEach(a -> out.putIfAbsent(a, e.describe()));
                }
            }
            return out;
        }

        /**
         * Parses the {@code response:} mapping; {@code parse} turns a duration text into a Duration and
         * {@code path} a path text into a Path (relative to the config file). Throws IllegalArgumentException.
         */
        public static Config parse(Map<?, ?> m, java.util.function.BiFunction<Object, String, Duration> duration,
                                   java.util.function.Function<Object, Path> path) {
            for (Object k : m.keySet()) {
                if (!KEYS.contains(String.valueOf(k))) {
                    throw new IllegalArgumentException("response: unknown key '" + k + "' (expected one of "
                            + new java.util.TreeSet<>(KEYS) + ")");
                }
            }
            List<Entry> entries = new ArrayList<>();
            Object auto = m.get("auto");
            if (auto != null && !(auto instanceof List<?>)) {
                throw new IllegalArgumentException("response.auto must be a list");
            }
            for (Object o : auto == null ? List.of() : (List<?>) auto) {
                if (!(o instanceof Map<?, ?> e)) {
                    throw new IllegalArgumentException("response.auto: each entry must be a mapping");
                }
                entries.add(entry(e));
            }
            Object export = m.get("export");
            if (export != null && !(export instanceof Boolean)) {
                throw new IllegalArgumentException("response.export must be true or false");
            }
            Config d = off();
            Duration stop = m.get("stop_timeout") == null ? d.stopTimeout()
                    : duration.apply(m.get("stop_timeout"), "response.stop_timeout");
            Duration window = m.get("window") == null ? d.window() : duration.apply(m.get("window"), "response.window");
            return new Config(entries, path.apply(m.get("evidence_dir")), path.apply(m.get("kubeconfig")), stop,
                    Boolean.TRUE.equals(export), window, null);
        }

        private static Entry entry(Map<?, ?> e) {
            for (Object k : e.keySet()) {
                if (!ENTRY_KEYS.contains(String.valueOf(k))) {
                    throw new IllegalArgumentException("response.auto: unknown key '" + k
                            + "' (expected rule, min_priority, action or actions)");
                }
            }
            String rule = e.get("rule") == null ? null : e.get("rule").toString();
            Priority min = null;
            if (e.get("min_priority") != null) {
                min = Priority.parse(e.get("min_priority").toString()).orElseThrow(() -> new IllegalArgumentException(
                        "response.auto: min_priority must be critical, high, medium, low or info"));
            }
            if (rule == null && min == null) {
                throw new IllegalArgumentException("response.auto: an entry needs a rule or a min_priority");
            }
            List<Object> names = new ArrayList<>();
            if (e.get("action") != null) {
                names.add(e.get("action"));
            }
            if (e.get("actions") instanceof List<?> l) {
                names.addAll(l);
            } else if (e.get("actions") != null) {
                throw new IllegalArgumentException("response.auto: actions must be a list");
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException("response.auto: an entry needs an action (or actions)");
            }
            List<ResponseAction> actions = new ArrayList<>();
            for (Object n : names) {
                ResponseAction a = ResponseAction.parse(String.valueOf(n)).orElseThrow(() -> new IllegalArgumentException(
                        "response.auto: unknown action '" + n + "' (expected one of " + ResponseAction.labels() + ")"));
                if (a == ResponseAction.RELEASE) {
                    throw new IllegalArgumentException("response.auto: release is not an automatic action");
                }
                actions.add(a);
            }
            return new Entry(rule, min, actions);
        }
    }

    private final Config config;
    private final Responder responder;
    private final ThreadPoolExecutor worker;

    public AutoResponse(Config config, Responder responder) {
        this.config = config;
        this.responder = responder;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "keelwatch-response");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the configured actions for newly stored alerts; returns at once. */
    public void submit(List<AlertStore.StoredAlert> alerts) {
        for (AlertStore.StoredAlert a : alerts) {
            config.actionsFor(a.rule(), a.priority()).forEach((action, why) -> {
                try {
                    worker.execute(() -> run(a.id(), action, why));
                } catch (RejectedExecutionException e) {
                    LOG.warn("automatic {} for alert {} dropped: the response queue is full or closed", action.label(),
                            a.id());
                }
            });
        }
    }

    private void run(String alertId, ResponseAction action, String why) {
        Responder.Options o = Responder.Options.of(WHO + " (" + why + ")")
                .out(null, config.evidenceDir()).evidence(config.export(), config.window())
                .stopTimeout((int) config.stopTimeout().toSeconds());
        try {
            ActionResult r = responder.respond(alertId, action, o);
            if (r.ok()) {
                LOG.info("automatic {} for alert {}: {} ({})", action.label(), alertId, r.message(), r.target());
            } else {
                LOG.warn("automatic {} for alert {} failed: {}", action.label(), alertId, r.message());
            }
        } catch (Exception e) {
            LOG.warn("automatic {} for alert {} not taken: {}", action.label(), alertId, ResponsePlan.message(e));
        }
    }

    /** Finishes the actions already started or queued (up to 60 s), then closes the responder. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("automatic response still busy after 60 s; {} queued actions not taken",
                        worker.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
        responder.close();
    }
}
