package io.keelwatch.cli;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.DaemonConfig;
import io.keelwatch.server.HttpSettings;
import io.keelwatch.server.Processor;
import io.keelwatch.store.AlertStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code keelwatch bench-daemon} (hidden): starts the daemon on a temporary store and loopback port, POSTs audit
 * EventLists to the webhook at a fixed rate (as the API server would), and measures, for the events that raise an
 * alert, the time from sending the event to the alert's commit in the store. Not a test: a measurement.
 */
@Command(name = "bench-daemon", hidden = true, mixinStandardHelpOptions = true,
        description = "Measure audit webhook event -> stored alert latency at a given event rate.")
final class DaemonBenchCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "1000", description = "Events per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "How long to send (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--batch", defaultValue = "100", description = "Events per EventList (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--alert-every", defaultValue = "100",
            description = "One event in N is an exec into a new pod (an alert); the rest are node lease updates.")
    int alertEvery;

    @Option(names = "--lateness", defaultValue = "500ms", description = "Pipeline reorder window (default ${DEFAULT-VALUE}).")
    String lateness;

    @Option(names = "--warmup", defaultValue = "10",
            description = "Seconds sent at the same rate first and not measured (JIT warm-up; default ${DEFAULT-VALUE}).")
    int warmup;

    /** The events sent in one phase: per alerting pod, when its event was sent. */
    private record Sent(Map<String, Long> sentAt, java.util.Queue<Long> responseMillis, AtomicInteger failures,
                        long events, double seconds) {
    }

    @Option(names = "--keep-store", description = "Keep the temporary store (its path is printed); deleted by default.")
    boolean keepStore;

    @Override
    public Integer call() throws Exception {
        CompileResult rules = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        Path dir = Files.createTempDirectory("keelwatch-bench");
        Daemon.Settings s = new Daemon.Settings(dir.resolve("bench.db"),
                new HttpSettings("127.0.0.1", 0, "bench", null, null, null, HttpSettings.DEFAULT_MAX_BODY), List.of(),
                Pipeline.Options.live().withLateness(DaemonConfig.Durations.parse(lateness, "--lateness")),
                Processor.Settings.defaults(), null);
        Path wal = dir.resolve("bench.db-wal");
        java.util.concurrent.atomic.AtomicLong maxWal = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ScheduledExecutorService walWatch = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-wal-size");
                    t.setDaemon(true);
                    return t;
                });
        walWatch.scheduleAtFixedRate(() -> {
            try {
                maxWal.accumulateAndGet(Files.exists(wal) ? Files.size(wal) : 0, Math::max);
            } catch (java.io.IOException ignored) {
                // the log went away between the two calls
            }
        }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        try (Daemon d = Daemon.start(s, rules.ruleSet(), List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + d.port() + "/audit/webhook");
            if (warmup > 0) {
                Sent w = send(http, uri, "warm", warmup);
                awaitAlerts(d, w.sentAt().size());
                System.err.printf("warm-up: %d events in %.1f s, not measured%n", w.events(), w.seconds());
            }
            int before = execAlerts(d).size();
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() : -1;
            long jit0 = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            Sent m = send(http, uri, "bench", seconds);
            List<AlertStore.StoredAlert> alerts = awaitAlerts(d, before + m.sentAt().size());
            long cpu = os instanceof com.sun.management.OperatingSystemMXBean o ? o.getProcessCpuTime() - cpu0 : -1;
            long jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
            long[] lat = alerts.stream().mapToLong(a -> {
                Long t = m.sentAt().get(a.json().path("entity").path("orchestrator.resource.name").asText());
                return t == null ? -1 : a.storedAt() - t;
            }).filter(x -> x >= 0).sorted().toArray();
            System.out.printf("rate %d events/s for %d s (sent in %.1f s), batches of %d, lateness %s: %d events, "
                            + "%d alerting, %d alerts stored, %d failed requests%n", rate, seconds, m.seconds(), batch,
                    lateness, m.events(), m.sentAt().size(), lat.length, m.failures().get());
            if (lat.length > 0) {
                System.out.printf("event sent -> alert stored: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                        pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1]);
            }
            long[] resp = m.responseMillis().stream().mapToLong(Long::longValue).sorted().toArray();
            if (resp.length > 0) {
                System.out.printf("webhook response (accepted = committed to the inbox): p50 %d ms, p99 %d ms%n",
                        pct(resp, 50), pct(resp, 99));
            }
            if (cpu >= 0) {
                int cores = Runtime.getRuntime().availableProcessors();
                System.out.printf("CPU of this JVM (daemon and sender) while measured: %.1f s of %.1f s on %d cores "
                                + "(%.0f%%), of which JIT compilation %.1f s%n", cpu / 1e9, m.seconds() * cores, cores,
                        100 * cpu / 1e9 / (m.seconds() * cores), jit / 1e3);
            }
            System.out.printf("store: %d MiB, write-ahead log at most %d MiB%s%n", Files.size(s.store()) >> 20,
                    maxWal.get() >> 20, keepStore ? " (" + s.store() + ")" : "");
        } finally {
            walWatch.shutdownNow();
            if (!keepStore) {
                try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        return Main.OK;
    }

    /** POSTs EventLists at the rate for {@code secs} seconds; pods named {@code PHASE-N} alert. */
    private Sent send(HttpClient http, URI uri, String phase, int secs) throws InterruptedException {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        java.util.Queue<Long> responseMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long total = (long) rate * secs;
        long intervalNanos = 1_000_000_000L * batch / rate;
        long start = System.nanoTime();
        List<CompletableFuture<?>> inflight = new ArrayList<>();
        long n = 0;
        StringBuilder body = new StringBuilder(batch * 700);
        for (long b = 0; n < total; b++) {
            long due = start + b * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            body.setLength(0);
            body.append("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[");
            long now = System.currentTimeMillis();
            String ts = Instant.ofEpochMilli(now).toString();
            for (int i = 0; i < batch && n < total; i++, n++) {
                if (i > 0) {
                    body.append(',');
                }
                if (n % alertEvery == 0) {
                    String pod = phase + "-" + n;
                    sentAt.put(pod, now);
                    exec(body, pod, ts);
                } else {
                    lease(body, n, ts);
                }
            }
            body.append("]}");
            HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            long t0 = System.nanoTime();
            inflight.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                responseMillis.add((System.nanoTime() - t0) / 1_000_000);
                if (r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }));
            inflight.removeIf(CompletableFuture::isDone);
        }
        CompletableFuture.allOf(inflight.toArray(new CompletableFuture[0])).join();
        return new Sent(sentAt, responseMillis, failures, total, (System.nanoTime() - start) / 1e9);
    }

    /** The exec alerts stored so far. */
    private static List<AlertStore.StoredAlert> execAlerts(Daemon d) throws java.io.IOException {
        return d.store().alerts().list(new AlertStore.Query(null, null, "k8s-exec-into-pod", null, 0));
    }

    /** The exec alerts once there are {@code expected} of them (or after a minute). */
    private static List<AlertStore.StoredAlert> awaitAlerts(Daemon d, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        List<AlertStore.StoredAlert> alerts = List.of();
        while (System.currentTimeMillis() < deadline) {
            alerts = execAlerts(d);
            if (alerts.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        return alerts;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void base(StringBuilder b, String id, String ts) {
        b.append("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"")
                .append(id).append("\",\"stage\":\"ResponseComplete\",\"requestReceivedTimestamp\":\"").append(ts)
                .append("\",\"stageTimestamp\":\"").append(ts).append('"');
    }

    /** {@code kubectl exec} into a pod (names and ids are plain ASCII: no escaping needed). */
    private static void exec(StringBuilder b, String pod, String ts) {
        base(b, "exec-" + pod, ts);
        b.append(",\"verb\":\"create\",\"requestURI\":\"/api/v1/namespaces/default/pods/").append(pod)
                .append("/exec?command=sh&container=app\",\"user\":{\"username\":\"dev@example.com\",\"groups\":"
                        + "[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.0.7\"],\"objectRef\":{\"resource\":\"pods\","
                        + "\"namespace\":\"default\",\"name\":\"").append(pod)
                .append("\",\"apiVersion\":\"v1\",\"subresource\":\"exec\"},\"responseStatus\":{\"code\":101}}");
    }

    /** A kubelet's node lease update. */
    private static void lease(StringBuilder b, long n, String ts) {
        String node = "node-" + (n % 50);
        base(b, "lease-" + n, ts);
        b.append(",\"verb\":\"update\",\"requestURI\":\"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/"
                + "leases/").append(node).append("\",\"user\":{\"username\":\"system:node:").append(node)
                .append("\",\"groups\":[\"system:nodes\"]},\"sourceIPs\":[\"10.0.1.").append(n % 50)
                .append("\"],\"objectRef\":{\"resource\":\"leases\",\"namespace\":\"kube-node-lease\",\"name\":\"")
                .append(node).append("\",\"apiGroup\":\"coordination.k8s.io\",\"apiVersion\":\"v1\"},"
                        + "\"responseStatus\":{\"code\":200}}");
    }
}
