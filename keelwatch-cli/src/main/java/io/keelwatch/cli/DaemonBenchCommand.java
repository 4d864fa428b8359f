package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Override
    public Integer call() throws Exception {
        CompileResult rules = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        Path dir = Files.createTempDirectory("keelwatch-bench");
        Daemon.Settings s = new Daemon.Settings(dir.resolve("bench.db"),
                new HttpSettings("127.0.0.1", 0, "bench", null, null, null, HttpSettings.DEFAULT_MAX_BODY), List.of(),
                Pipeline.Options.live().withLateness(DaemonConfig.Durations.parse(lateness, "--lateness")),
                Processor.Settings.defaults(), null);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        java.util.Queue<Long> responseMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try (Daemon d = Daemon.start(s, rules.ruleSet(), List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + d.port() + "/audit/webhook");
            long total = (long) rate * seconds;
            long intervalNanos = 1_000_000_000L * batch / rate;
            long start = System.nanoTime();
            List<CompletableFuture<?>> inflight = new ArrayList<>();
            long n = 0;
            for (long b = 0; n < total; b++) {
                long due = start + b * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ObjectNode list = JSON.createObjectNode().put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
                list.putObject("metadata");
                ArrayNode items = list.putArray("items");
                long now = System.currentTimeMillis();
                for (int i = 0; i < batch && n < total; i++, n++) {
                    if (n % alertEvery == 0) {
                        String pod = "bench-" + n;
                        sentAt.put(pod, now);
                        items.add(exec(pod, now));
                    } else {
                        items.add(lease(n, now));
                    }
                }
                HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer bench")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(list.toString())).build();
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
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.currentTimeMillis() + 60_000;
            List<AlertStore.StoredAlert> alerts = List.of();
            while (System.currentTimeMillis() < deadline) {
                alerts = d.store().alerts().list(new AlertStore.Query(null, null, "k8s-exec-into-pod", null, 0));
                if (alerts.size() >= sentAt.size()) {
                    break;
                }
                Thread.sleep(200);
            }
            long[] lat = alerts.stream().mapToLong(a -> {
                Long t = sentAt.get(a.json().path("entity").path("orchestrator.resource.name").asText());
                return t == null ? -1 : a.storedAt() - t;
            }).filter(x -> x >= 0).sorted().toArray();
            System.out.printf("rate %d events/s for %d s (sent in %.1f s), batches of %d, lateness %s: %d events, "
                            + "%d alerting, %d alerts stored, %d failed requests%n", rate, seconds, sendSeconds, batch,
                    lateness, total, sentAt.size(), lat.length, failures.get());
            if (lat.length > 0) {
                System.out.printf("event sent -> alert stored: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                        pct(lat, 50), pct(lat, 90), pct(lat, 99), lat[lat.length - 1]);
            }
            long[] resp = responseMillis.stream().mapToLong(Long::longValue).sorted().toArray();
            if (resp.length > 0) {
                System.out.printf("webhook response (accepted = committed to the inbox): p50 %d ms, p99 %d ms%n",
                        pct(resp, 50), pct(resp, 99));
            }
            System.out.printf("store: %s (%d MiB)%n", s.store(), Files.size(s.store()) >> 20);
        }
        return Main.OK;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static ObjectNode base(String id, long now) {
        String ts = Instant.ofEpochMilli(now).toString();
        ObjectNode e = JSON.createObjectNode().put("kind", "Event").put("apiVersion", "audit.k8s.io/v1")
                .put("level", "Metadata").put("auditID", id).put("stage", "ResponseComplete");
        e.put("requestReceivedTimestamp", ts).put("stageTimestamp", ts);
        return e;
    }

    private static ObjectNode exec(String pod, long now) {
        ObjectNode e = base("exec-" + pod, now).put("verb", "create")
                .put("requestURI", "/api/v1/namespaces/default/pods/" + pod + "/exec?command=sh&container=app");
        e.putObject("user").put("username", "dev@example.com").putArray("groups").add("system:authenticated");
        e.putArray("sourceIPs").add("10.0.0.7");
        e.putObject("objectRef").put("resource", "pods").put("namespace", "default").put("name", pod)
                .put("apiVersion", "v1").put("subresource", "exec");
        e.putObject("responseStatus").put("code", 101);
        return e;
    }

    private static ObjectNode lease(long n, long now) {
        String node = "node-" + (n % 50);
        ObjectNode e = base("lease-" + n, now).put("verb", "update")
                .put("requestURI", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node);
        e.putObject("user").put("username", "system:node:" + node).putArray("groups").add("system:nodes");
        e.putArray("sourceIPs").add("10.0.1." + (n % 50));
        e.putObject("objectRef").put("resource", "leases").put("namespace", "kube-node-lease").put("name", node)
                .put("apiGroup", "coordination.k8s.io").put("apiVersion", "v1");
        e.putObject("responseStatus").put("code", 200);
        return e;
    }
}
