package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.keelwatch.alert.Priority;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OutputsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    static ObjectNode alert(String id, String priority) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id).put("status", "open").put("time", "2025-05-01T10:00:00.100000000Z")
                .put("rule", "k8s-exec-into-pod").put("title", "Exec into a pod").put("priority", priority);
        a.putArray("techniques").add("T1609");
        a.putArray("tactics").add("execution");
        a.putNull("strategy");
        a.put("source", "k8s_audit");
        a.putObject("entity").put("orchestrator.resource.name", "web-1").put("user.name", "dev");
        a.put("summary", "dev ran sh in pod default/web-1 <container app>");
        a.putArray("evidence").addObject().put("file", "audit-webhook").put("line", 3);
        a.putArray("response");
        a.put("count", 1).put("first_time", "2025-05-01T10:00:00.100000000Z")
                .put("last_time", "2025-05-01T10:00:00.100000000Z");
        a.putArray("tags");
        return a;
    }

    @Test
    void ocsfDetectionFinding() {
        JsonNode f = Ocsf.finding(alert("abc", "high"), "1.0");
        assertThat(f.path("class_uid").asInt()).isEqualTo(2004);
        assertThat(f.path("type_uid").asInt()).isEqualTo(200401);
        assertThat(f.path("severity_id").asInt()).isEqualTo(4);
        assertThat(f.path("time").asLong()).isEqualTo(1746093600100L);
        assertThat(f.path("finding_info").path("uid").asText()).isEqualTo("abc");
        assertThat(f.path("finding_info").path("title").asText()).isEqualTo("Exec into a pod");
        assertThat(f.path("attacks").get(0).path("technique").path("uid").asText()).isEqualTo("T1609");
        assertThat(f.path("attacks").get(0).path("technique").path("name").asText())
                .isEqualTo("Container Administration Command");
        assertThat(f.path("attacks").get(0).path("tactic").path("uid").asText()).isEqualTo("TA0002");
        assertThat(f.path("metadata").path("product").path("name").asText()).isEqualTo("Keelwatch");
        assertThat(Ocsf.severityId("critical")).isEqualTo(5);
        assertThat(Ocsf.severityId("info")).isEqualTo(1);
    }

    @Test
    void slackMessageHasTextAndBlocks() {
        JsonNode m = SlackMessage.of(alert("abc", "critical"));
        assertThat(m.path("text").asText()).startsWith("[CRITICAL] Exec into a pod");
        assertThat(m.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        assertThat(m.path("blocks").get(1).path("text").path("text").asText()).contains("&lt;container app&gt;");
    }

    @Test
    void syslogIsRfc5424OverUdp() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            SyslogSink s = new SyslogSink(false, "127.0.0.1", server.getLocalPort(), 16);
            s.send(alert("abc", "high"));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            server.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertThat(msg).matches("<131>1 2025-05-01T10:00:00\\.100Z \\S+ keelwatch - alert \\[keelwatch@32473 "
                    + "id=\"abc\" rule=\"k8s-exec-into-pod\" priority=\"high\" source=\"k8s_audit\" "
                    + "techniques=\"T1609\" count=\"1\"\\] dev ran sh .*");
            s.close();
        }
    }

    @Test
    void fileRotatesBySizeAndKeepsN() throws Exception {
        Path f = dir.resolve("alerts.jsonl");
        FileSink s = new FileSink(f, 2048, 2, Format.OCSF);
        for (int i = 0; i < 30; i++) {
            s.send(alert("id" + i, "low"));
        }
        s.close();
        assertThat(Files.size(f)).isLessThanOrEqualTo(2048);
        assertThat(dir.resolve("alerts.jsonl.1")).exists();
        assertThat(dir.resolve("alerts.jsonl.2")).exists();
        assertThat(dir.resolve("alerts.jsonl.3")).doesNotExist();
        String last = Files.readAllLines(f).get(Files.readAllLines(f).size() - 1);
        assertThat(JSON.readTree(last).path("finding_info").path("uid").asText()).isEqualTo("id29");
    }

    @Test
    void aFailingWebhookIsRetriedAndAFullQueueSpillsToTheSpoolWithoutBlocking() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> received = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS); // the receiver hangs until the test lets it go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = n <= 2 ? 503 : 200; // the first two attempts fail
            if (status == 200) {
                received.add(JSON.readTree(body).path("id").asText());
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.start();
        try (Store store = Store.open(dir.resolve("k.db"))) {
            WebhookSink sink = new WebhookSink(URI("http://127.0.0.1:" + http.getAddress().getPort() + "/hook"),
                    Map.of(), Format.ALERT);
            OutputWorker w = new OutputWorker(sink, store.spool(), 2, Priority.LOW,
                    new OutputWorker.Retry(5, Duration.ofMillis(20), Duration.ofMillis(100))).start();
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                w.offer(alert("a" + i, "high"));
            }
            w.offer(alert("filtered", "info")); // below min priority
            // offering never waits for the slow webhook (a generous bound: the point is "not blocked for 10 s")
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(w.spooled()).isGreaterThanOrEqualTo(7);
            gate.countDown();
            long deadline = System.currentTimeMillis() + 20_000;
            while (received.size() < 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            try {
                assertThat(received).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
                // an item leaves the spool just after its delivery: wait for the last removal
                while (w.spoolSize() > 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(w.retries()).isGreaterThanOrEqualTo(2);
                assertThat(w.spoolSize()).isZero();
                assertThat(w.failed()).isZero();
            } finally {
                w.close();
            }
        } finally {
            http.stop(0);
        }
    }

    @Test
    void whatIsQueuedAtCloseIsSpooledAndSentByTheNextRun() throws Exception {
        try (Store store = Store.open(dir.resolve("k.db"))) {
            AlertSink broken = new AlertSink() {
                public String name() {
                    return "webhook:broken";
                }

                public void send(JsonNode alert) throws IOException {
                    throw new IOException("connection refused");
                }
            };
            OutputWorker w = new OutputWorker(broken, store.spool(), 100, null,
                    new OutputWorker.Retry(1000, Duration.ofMillis(50), Duration.ofMillis(50))).start();
            w.offer(alert("x1", "high"));
            w.offer(alert("x2", "high"));
            Thread.sleep(200);
            w.close();
            assertThat(store.spool().size("webhook:broken")).isEqualTo(2);
            List<String> got = new CopyOnWriteArrayList<>();
            AlertSink ok = new AlertSink() {
                public String name() {
                    return "webhook:broken";
                }

                public void send(JsonNode alert) {
                    got.add(alert.path("id").asText());
                }
            };
            OutputWorker w2 = new OutputWorker(ok, store.spool(), 100, null, OutputWorker.Retry.defaults()).start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (got.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            w2.close();
            assertThat(got).containsExactlyInAnyOrder("x1", "x2");
            assertThat(store.spool().size("webhook:broken")).isZero();
        }
    }

    @Test
    void commandLineSpecs() {
        assertThat(OutputSpec.parse("stdout").format()).isEqualTo(Format.ALERT);
        assertThat(OutputSpec.parse("stdout/ocsf").format()).isEqualTo(Format.OCSF);
        OutputSpec w = OutputSpec.parse("webhook/ocsf:https://siem.example:8443/in");
        assertThat(w.type()).isEqualTo("webhook");
        assertThat(w.target()).isEqualTo("https://siem.example:8443/in");
        assertThat(OutputSpec.parse("syslog:tcp://127.0.0.1:6514").target()).isEqualTo("tcp://127.0.0.1:6514");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputSpec.parse("pager:x"))
                .hasMessageContaining("unknown output type");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputSpec.parse("file"))
                .hasMessageContaining("needs a path");
    }

    private static java.net.URI URI(String s) {
        return java.net.URI.create(s);
    }
}
