package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.K8sAuditReader;
import io.keelwatch.source.ReadContext;
import io.keelwatch.store.AlertStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit webhook over real HTTP against a running daemon on a real store. */
class DaemonWebhookTest {
    static final String TOKEN = "s3cret-token";
    @TempDir
    static Path dir;
    static Daemon daemon;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        daemon = Daemon.start(new Daemon.Settings(dir.resolve("k.db"),
                new HttpSettings("127.0.0.1", 0, TOKEN, null, null, null, 256 * 1024), List.of(),
                Pipeline.Options.live(), Processor.Settings.defaults(), null), TestData.rules(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + daemon.port() + path);
    }

    static HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/audit/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String execEvent(String auditId, String pod) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Request\",\"auditID\":\"" + auditId
                + "\",\"stage\":\"ResponseStarted\",\"requestURI\":\"/api/v1/namespaces/default/pods/" + pod
                + "/exec?command=sh&container=app&stdin=true&tty=true\",\"verb\":\"create\",\"user\":{\"username\":"
                + "\"dev@example.com\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.1.2.3\"],"
                + "\"userAgent\":\"kubectl/v1.30.0\",\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\","
                + "\"name\":\"" + pod + "\",\"apiVersion\":\"v1\",\"subresource\":\"exec\"},\"responseStatus\":"
                + "{\"metadata\":{},\"code\":101},\"requestReceivedTimestamp\":\"2025-05-01T10:00:00.000000Z\","
                + "\"stageTimestamp\":\"2025-05-01T10:00:00.100000Z\"}";
    }

    static long inboxRows() throws Exception {
        return daemon.store().lastInboxId();
    }

    static void awaitProcessed() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (daemon.processor().processedId() < inboxRows() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(daemon.processor().processedId()).isEqualTo(inboxRows());
    }

    static Set<String> storedRules() throws Exception {
        return daemon.store().alerts().list(new AlertStore.Query(null, null, null, null, 0)).stream()
                .map(AlertStore.StoredAlert::rule).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void falcoTracesInApiServerBatchesRaiseTheAlertsABatchScanRaises() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(TestData.FALCO),
                "Falco traces not present under " + TestData.FALCO.toAbsolutePath().normalize() + "; skipped");
        List<JsonNode> events = TestData.falcoEvents();
        assertThat(events).hasSizeGreaterThanOrEqualTo(40);
        for (int i = 0; i < events.size(); i += 10) {
            HttpResponse<String> r = post(TestData.eventList(events.subList(i, Math.min(i + 10, events.size()))), TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        awaitProcessed();
        // the same events read as a file and scanned
        Set<String> expected = new TreeSet<>();
        Pipeline p = new Pipeline(TestData.rules(), Pipeline.Options.live(), (Alert a) -> expected.add(a.rule()));
        for (JsonNode e : events) {
            try (EventStream s = new K8sAuditReader().open(new StringReader(e.toString()),
                    new ReadContext("x", "k8s_audit", Diagnostics.silent()))) {
                Event ev;
                while ((ev = s.next()) != null) {
                    p.accept(ev);
                }
            }
        }
        p.finish();
        assertThat(expected).isNotEmpty();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!storedRules().containsAll(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(storedRules()).containsAll(expected);
        AlertStore.StoredAlert one = daemon.store().alerts().list(new AlertStore.Query(null, null, null, null, 1)).get(0);
        AlertStore.Details d = daemon.store().alerts().details(one.id());
        assertThat(d.evidenceEvents()).isNotEmpty().allSatisfy(ev -> assertThat(ev).isNotNull());
        assertThat(d.alert().json().path("evidence").get(0).path("file").asText()).isEqualTo("audit-webhook");
    }

    @Test
    void aSingleEventAndAJsonArrayAreAcceptedToo() throws Exception {
        assertThat(post(execEvent("a-1", "single-pod"), TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> r = post("[" + execEvent("a-2", "array-pod-1") + "," + execEvent("a-3", "array-pod-2")
                + "]", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"accepted\":2}");
        awaitProcessed();
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> pods = new ArrayList<>();
        while (pods.size() < 3 && System.currentTimeMillis() < deadline) {
            pods.clear();
            for (AlertStore.StoredAlert a : daemon.store().alerts().list(
                    new AlertStore.Query(null, null, "k8s-exec-into-pod", null, 0))) {
                String pod = a.json().path("entity").path("orchestrator.resource.name").asText();
                if (pod.contains("single") || pod.contains("array")) {
                    pods.add(pod);
                }
            }
            Thread.sleep(50);
        }
        assertThat(pods).containsExactlyInAnyOrder("single-pod", "array-pod-1", "array-pod-2");
    }

    @Test
    void credentialsAreRequired() throws Exception {
        long before = inboxRows();
        HttpResponse<String> missing = post(execEvent("b-1", "p"), null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(post(execEvent("b-2", "p"), "wrong").statusCode()).isEqualTo(403);
        assertThat(inboxRows()).isEqualTo(before);
    }

    @Test
    void badBodiesAreRefusedAndNothingOfThemIsStored() throws Exception {
        long before = inboxRows();
        HttpResponse<String> malformed = post("{\"kind\":\"EventList\",\"items\":[", TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(TestData.JSON.readTree(malformed.body()).path("error").asText()).startsWith("malformed JSON");
        // one bad item in the middle of a batch: the whole batch is refused
        HttpResponse<String> badItem = post("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                + execEvent("c-1", "p") + ",{\"kind\":0}," + execEvent("c-2", "p") + "]}", TOKEN);
        assertThat(badItem.statusCode()).isEqualTo(400);
        assertThat(badItem.body()).contains("items[1]");
        assertThat(post("42", TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("", TOKEN).statusCode()).isEqualTo(400);
        String big = "[" + (execEvent("d", "p") + ",").repeat(500) + execEvent("d", "p") + "]";
        assertThat(big.length()).isGreaterThan(256 * 1024);
        HttpResponse<String> tooLarge = post(big, TOKEN);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isEqualTo(before);
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpResponse<String> h = HTTP.send(HttpRequest.newBuilder(uri("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(h.statusCode()).isEqualTo(200);
        JsonNode j = TestData.JSON.readTree(h.body());
        assertThat(j.path("status").asText()).isEqualTo("ok");
        assertThat(j.path("store").asText()).isEqualTo("ok");
        assertThat(j.path("processor").has("lag_records")).isTrue();
        post(execEvent("m-1", "metrics-pod"), TOKEN);
        awaitProcessed();
        Thread.sleep(1200); // stats are taken with snapshots (every second)
        HttpResponse<String> m = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(m.body()).contains("keelwatch_events_total{source=\"k8s_audit\"}")
                .contains("keelwatch_alerts_total{rule=\"k8s-exec-into-pod\",priority=")
                .contains("keelwatch_inbox_lag_records ")
                .contains("keelwatch_event_time_lag_seconds ")
                .contains("keelwatch_pipeline_buffered_events ")
                .contains("keelwatch_webhook_requests_total{code=\"200\"}")
                .containsPattern("keelwatch_store_bytes\\{file=\"database\"\\} [1-9]")
                .contains("keelwatch_store_bytes{file=\"wal\"}")
                .contains("keelwatch_snapshot_bytes ");
    }
}
