package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import io.keelwatch.live.DockerEngineSource;
import io.keelwatch.live.DockerdSandbox;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.Processor;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Responses;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response actions against a real Docker engine (the {@code scripts/dockerd-sandbox.sh} sandbox). Two busybox
 * containers: {@code peer} serves HTTP on a user-defined network, {@code suspect} is on that network and a second
 * one. The live daemon sees a reconnaissance command run in {@code suspect}, stores the alert and, configured to,
 * collects evidence and isolates the container on its own; then the actions are taken by hand: isolate again,
 * release, pause, stop. Whether {@code suspect} reaches {@code peer} is checked with {@code wget} run inside it.
 * Skipped only when {@code dockerd} is not installed or the test does not run as root.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerResponseTest {
    @TempDir
    static Path work;
    private static DockerdSandbox sandbox;
    private static DockerContainers docker;
    private static String peerIp;
    private static String suspectId;
    private static String alertId;

    @BeforeAll
    static void containers() throws Exception {
        String why = DockerdSandbox.unavailable();
        Assumptions.assumeTrue(why == null, () -> "real-dockerd test skipped: " + why);
        sandbox = DockerdSandbox.start();
        docker = new DockerContainers(new DockerEngineClient(DockerEndpoint.of(sandbox.dockerHost, Map.of())));
        sandbox.docker("network", "create", "kwresp");
        sandbox.docker("network", "create", "kwresp2");
        String peer = sandbox.docker("run", "-d", "--name", "peer", "--network", "kwresp", "busybox:local",
                "httpd", "-f", "-p", "8080", "-h", "/var/www");
        suspectId = sandbox.docker("run", "-d", "--name", "suspect", "--network", "kwresp", "--network-alias", "sus",
                "busybox:local", "sleep", "600");
        sandbox.docker("network", "connect", "--alias", "sus2", "kwresp2", "suspect");
        peerIp = docker.client().inspect(peer).path("NetworkSettings").path("Networks").path("kwresp")
                .path("IPAddress").asText();
        Reach.await("suspect reaches peer before any action", DockerResponseTest::reaches, 20_000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static boolean reaches() {
        return Reach.http(docker, "suspect", peerIp, 8080);
    }

    private static JsonNode networks() throws Exception {
        return docker.client().inspect("suspect").path("NetworkSettings").path("Networks");
    }

    @Test
    @Order(1)
    void theDaemonsAlertTriggersEvidenceAndIsolationOffTheProcessorThread() throws Exception {
        Path store = work.resolve("keelwatch.db");
        AutoResponse.Config auto = new AutoResponse.Config(List.of(new AutoResponse.Entry("container-recon-exec",
                null, List.of(ResponseAction.ISOLATE, ResponseAction.EVIDENCE))), work, null, Duration.ofSeconds(1),
                false, Duration.ofMinutes(30), sandbox.dockerHost);
        Daemon d = Daemon.start(new Daemon.Settings(store, null, List.of(), Pipeline.Options.live()
                        .withLateness(Duration.ofSeconds(1)), Processor.Settings.defaults(), null),
                RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults()).ruleSet(),
                List.of(new DockerEngineSource(docker.client())), auto);
        try {
            Reach.await("the Docker source follows the engine", () -> offset(d.store()), 30_000);
            sandbox.docker("exec", "suspect", "netstat", "-tuln");
            Reach.await("the recon alert and its two automatic actions", () -> actions(d.store()).size() == 2, 60_000);
        } finally {
            d.close();
        }
        try (Store s = Store.open(store)) {
            List<Responses.Action> acts = s.responses().forAlert(alertId);
            assertThat(acts).extracting(Responses.Action::action).as("evidence is taken before anything changes")
                    .containsExactly("evidence", "isolate");
            assertThat(acts).allSatisfy(a -> {
                assertThat(a.who()).isEqualTo("keelwatch auto-response (rule container-recon-exec)");
                assertThat(a.result().path("outcome").asText()).as(a.result().toString()).isEqualTo("done");
                assertThat(a.result().path("target").asText()).isEqualTo("docker:" + suspectId);
            });
            assertThat(acts.get(1).result().findValuesAsText("name")).containsExactlyInAnyOrder("kwresp", "kwresp2");
            BundleCheck.Opened b = BundleCheck.verify(Path.of(acts.get(0).result().path("path").asText()), work);
            assertThat(b.text("container/inspect.json")).contains(suspectId);
            assertThat(b.text("alert-events.jsonl")).contains("netstat");
            assertThat(b.files()).containsKeys("container/logs.txt", "container/changes.json", "alert.json",
                    "related-alerts.jsonl");
        }
        assertThat(reaches()).as("isolated: suspect no longer reaches peer").isFalse();
        assertThat(networks().size()).isZero();
    }

    private static boolean offset(Store s) {
        try {
            return s.offset("docker:" + sandbox.dockerHost) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Responses.Action> actions(Store s) {
        try {
            List<AlertStore.StoredAlert> a = s.alerts().list(new AlertStore.Query(null, null, "container-recon-exec",
                    null, 0));
            if (a.isEmpty()) {
                return List.of();
            }
            alertId = a.get(0).id();
            return s.responses().forAlert(alertId);
        } catch (Exception e) {
            return List.of();
        }
    }

    private static ActionResult act(Store s, ResponseAction a) throws Exception {
        try (Responder r = new Responder(s, () -> docker, () -> {
            throw new java.io.IOException("no cluster");
        })) {
            return r.respond(alertId, a, Responder.Options.of("tester").stopTimeout(1));
        }
    }

    @Test
    @Order(2)
    void isolateIsIdempotentAndReleaseRestoresTheRecordedNetworks() throws Exception {
        Assumptions.assumeTrue(alertId != null, "needs the alert of the first test");
        try (Store s = Store.open(work.resolve("keelwatch.db"))) {
            ActionResult again = act(s, ResponseAction.ISOLATE);
            assertThat(again.outcome()).as(again.message()).isEqualTo(ActionResult.Outcome.NOOP);
            assertThat(again.message()).contains("already isolated");

            ActionResult rel = act(s, ResponseAction.RELEASE);
            assertThat(rel.outcome()).as(rel.message()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(rel.message()).contains("kwresp", "kwresp2");
            assertThat(reaches()).as("released: suspect reaches peer again").isTrue();
            JsonNode nets = networks();
            assertThat(nets.path("kwresp").path("Aliases").toString()).contains("\"sus\"");
            assertThat(nets.path("kwresp2").path("Aliases").toString()).contains("\"sus2\"");
            assertThat(act(s, ResponseAction.RELEASE).outcome()).isEqualTo(ActionResult.Outcome.NOOP);

            assertThat(act(s, ResponseAction.ISOLATE).outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(reaches()).isFalse();
            assertThat(act(s, ResponseAction.ISOLATE).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
            assertThat(act(s, ResponseAction.RELEASE).outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(reaches()).isTrue();
        }
    }

    @Test
    @Order(3)
    void aFailureHalfWayReconnectsWhatWasDisconnected() throws Exception {
        Assumptions.assumeTrue(alertId != null, "needs the alert of the first test");
        try (Store s = Store.open(work.resolve("keelwatch.db"))) {
            ResponsePlan plan = new DockerResponder(docker, s.responses(), 1).plan(ResponseAction.ISOLATE, "suspect");
            List<String> order = plan.details().path("networks").findValuesAsText("name");
            assertThat(order).containsExactlyInAnyOrder("kwresp", "kwresp2");
            // the second network goes away under the plan: its disconnect request fails
            sandbox.docker("network", "disconnect", order.get(1), "suspect");
            ActionResult r = plan.execute();
            assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
            assertThat(r.message()).contains("/disconnect failed", "the 1 change(s) made before were undone");
            JsonNode nets = networks();
            assertThat(nets.has(order.get(0))).as("reconnected to " + order.get(0)).isTrue();
            assertThat(nets.path(order.get(0)).path("Aliases").toString())
                    .contains(order.get(0).equals("kwresp") ? "\"sus\"" : "\"sus2\"");
            assertThat(reaches()).isEqualTo(order.get(0).equals("kwresp"));
            sandbox.docker("network", "connect", "--alias", order.get(1).equals("kwresp") ? "sus" : "sus2",
                    order.get(1), "suspect");
            assertThat(reaches()).isTrue();
        }
    }

    @Test
    @Order(4)
    void pauseThenStop() throws Exception {
        Assumptions.assumeTrue(alertId != null, "needs the alert of the first test");
        try (Store s = Store.open(work.resolve("keelwatch.db"))) {
            assertThat(act(s, ResponseAction.PAUSE).outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(docker.client().inspect("suspect").path("State").path("Paused").asBoolean()).isTrue();
            assertThat(act(s, ResponseAction.PAUSE).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
            ActionResult rel = act(s, ResponseAction.RELEASE);
            assertThat(rel.message()).isEqualTo("unpaused");
            assertThat(docker.client().inspect("suspect").path("State").path("Paused").asBoolean()).isFalse();

            act(s, ResponseAction.PAUSE);
            ActionResult stop = act(s, ResponseAction.STOP);
            assertThat(stop.outcome()).as(stop.message()).isEqualTo(ActionResult.Outcome.DONE);
            JsonNode state = docker.client().inspect("suspect").path("State");
            assertThat(state.path("Running").asBoolean()).isFalse();
            assertThat(act(s, ResponseAction.STOP).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
            ActionResult pause = act(s, ResponseAction.PAUSE);
            assertThat(pause.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
            assertThat(pause.message()).contains("not running");

            assertThat(s.responses().forAlert(alertId)).extracting(a -> a.action() + ":"
                    + a.result().path("outcome").asText()).containsExactly("evidence:done", "isolate:done",
                    "isolate:noop", "release:done", "release:noop", "isolate:done", "isolate:noop", "release:done",
                    "pause:done", "pause:noop", "release:done", "pause:done", "stop:done", "stop:noop",
                    "pause:failed");
        }
    }
}
