package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import io.keelwatch.live.DockerdSandbox;
import io.keelwatch.respond.BundleCheck;
import io.keelwatch.respond.Reach;
import io.keelwatch.respond.TestAlerts;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keelwatch respond} against a real Docker engine (the dockerd sandbox): an alert about a reconnaissance
 * command in container {@code suspect}, stored the way the daemon stores it; {@code suspect} and {@code peer}
 * (serving HTTP) share a user-defined network. Skipped only when dockerd is not installed or not running as root.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RespondCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path work;
    private static DockerdSandbox sandbox;
    private static DockerContainers docker;
    private static String peerIp;
    private static String suspectId;
    private static String alertId;
    private static Path db;

    @BeforeAll
    static void containersAndAlert() throws Exception {
        String why = DockerdSandbox.unavailable();
        Assumptions.assumeTrue(why == null, () -> "real-dockerd test skipped: " + why);
        sandbox = DockerdSandbox.start();
        docker = new DockerContainers(new DockerEngineClient(DockerEndpoint.of(sandbox.dockerHost, Map.of())));
        sandbox.docker("network", "create", "kwcli");
        String peer = sandbox.docker("run", "-d", "--name", "peer", "--network", "kwcli", "busybox:local",
                "httpd", "-f", "-p", "8080", "-h", "/var/www");
        suspectId = sandbox.docker("run", "-d", "--name", "suspect", "--network", "kwcli", "busybox:local",
                "sleep", "600");
        peerIp = docker.client().inspect(peer).path("NetworkSettings").path("Networks").path("kwcli")
                .path("IPAddress").asText();
        db = work.resolve("keelwatch.db");
        try (Store s = Store.open(db)) {
            alertId = TestAlerts.recon(s, suspectId, "suspect", "netstat -tuln");
        }
        Reach.await("suspect reaches peer before any action", RespondCliTest::reaches, 20_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static boolean reaches() {
        return Reach.http(docker, "suspect", peerIp, 8080);
    }

    private static Cli.Result respond(String... args) {
        List<String> a = new ArrayList<>(List.of("respond", alertId.substring(0, 12), "--store", db.toString(),
                "--docker-host", sandbox.dockerHost, "--who", "analyst"));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void dryRunPrintsTheDisconnectRequestAndChangesNothing() {
        Cli.Result r = respond("--action", "isolate", "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("isolate docker:" + suspectId + ": planned", "/disconnect",
                "{\"Container\":\"" + suspectId + "\",\"Force\":false}").containsPattern("POST /v1\\.\\d+/networks/");
        assertThat(reaches()).as("a dry run leaves the container connected").isTrue();
        assertThat(Cli.run("alerts", "show", alertId, "--store", db.toString()).out()).contains("actions:\n  (none)");
    }

    @Test
    @Order(2)
    void isolateCutsThePeerOffAndReleaseReconnectsIt() {
        Cli.Result iso = respond("--action", "isolate");
        assertThat(iso.code()).as(iso.err()).isZero();
        assertThat(iso.out()).contains(": done: disconnected from kwcli");
        assertThat(reaches()).as("isolated").isFalse();

        Cli.Result again = respond("--action", "isolate");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains(": noop: already isolated");

        Cli.Result rel = respond("--action", "release");
        assertThat(rel.code()).as(rel.err()).isZero();
        assertThat(rel.out()).contains(": done: reconnected to kwcli");
        assertThat(reaches()).as("released").isTrue();
    }

    @Test
    @Order(3)
    void evidenceWritesABundleWhoseManifestHashesHold() throws Exception {
        Path out = work.resolve("suspect.tar.gz");
        Cli.Result r = respond("--action", "evidence", "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = JSON.readTree(r.out());
        assertThat(res.path("outcome").asText()).isEqualTo("done");
        assertThat(res.path("sha256").asText()).isEqualTo(BundleCheck.sha256(Files.readAllBytes(out)));
        BundleCheck.Opened b = BundleCheck.verify(out, work);
        assertThat(b.manifest().path("alert_id").asText()).isEqualTo(alertId);
        assertThat(b.manifest().path("created_by").asText()).isEqualTo("analyst");
        assertThat(b.text("container/inspect.json")).contains(suspectId);
        assertThat(b.text("alert.json")).contains("container-recon-exec", "\"action\" : \"isolate\"");
    }

    @Test
    @Order(4)
    void alertsShowListsTheActions() throws Exception {
        Cli.Result text = Cli.run("alerts", "show", alertId.substring(0, 8), "--store", db.toString());
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("actions:").containsPattern("isolate  by analyst: done docker:" + suspectId)
                .containsPattern("isolate  by analyst: noop .* already isolated")
                .contains("release  by analyst: done").contains("evidence  by analyst: done");
        JsonNode shown = JSON.readTree(Cli.run("alerts", "show", alertId, "--store", db.toString(), "-o", "json")
                .out());
        List<String> outcomes = new ArrayList<>();
        shown.path("actions").forEach(a -> outcomes.add(a.path("action").asText() + ":"
                + a.path("result").path("outcome").asText()));
        assertThat(outcomes).containsExactly("isolate:done", "isolate:noop", "release:done", "evidence:done");
    }

    @Test
    @Order(5)
    void theConfigFileGivesTheStoreAndTheEngine() throws Exception {
        Path cfg = work.resolve("keelwatch.yaml");
        Files.writeString(cfg, "daemon:\n  store: " + db + "\n  docker_host: " + sandbox.dockerHost + "\n");
        Cli.Result r = Cli.run("respond", alertId, "--config", cfg.toString(), "--action", "stop", "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("POST /v1\\.\\d+/containers/" + suspectId + "/stop\\?t=10");
        assertThat(docker.client().inspect("suspect").path("State").path("Running").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void exitCodes() {
        assertThat(Cli.run("respond", "ffffffff", "--action", "pause", "--store", db.toString()).code())
                .as("no such alert").isEqualTo(1);
        assertThat(respond("--action", "explode").code()).isEqualTo(2);
        assertThat(respond("--action", "cordon").code()).as("a Kubernetes action on a container").isEqualTo(2);
        assertThat(respond("--action", "pause", "--out", "x.tar.gz").code()).isEqualTo(2);
        assertThat(Cli.run("respond", alertId, "--store", db.toString()).code()).as("no --action").isEqualTo(2);
        Cli.Result down = Cli.run("respond", alertId, "--store", db.toString(), "--action", "pause",
                "--docker-host", "unix://" + work.resolve("no-such.sock"));
        assertThat(down.code()).as("the engine cannot be reached").isEqualTo(1);
        assertThat(down.err()).contains("pause failed");
        assertThat(Cli.run("alerts", "show", alertId, "--store", db.toString()).out())
                .contains("pause  by ").contains(": failed docker:" + suspectId + " - cannot connect to unix://");
    }
}
