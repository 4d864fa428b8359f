package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.HttpSettings;
import io.keelwatch.server.Processor;
import io.keelwatch.store.AlertStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulated events posted to a running daemon's audit webhook over real HTTP, with its store and rules. */
class AuditWebhookPosterTest {
    static final String TOKEN = "emulate-token";
    @TempDir
    static Path dir;
    static Daemon daemon;

    @BeforeAll
    static void start() throws Exception {
        CompileResult rules = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        assertThat(rules.errors()).isEmpty();
        daemon = Daemon.start(new Daemon.Settings(dir.resolve("k.db"),
                new HttpSettings("127.0.0.1", 0, TOKEN, null, null, null, 1024 * 1024), List.of(),
                Pipeline.Options.live(), Processor.Settings.defaults(), null), rules.ruleSet(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    static URI webhook() {
        return URI.create("http://127.0.0.1:" + daemon.port() + "/audit/webhook");
    }

    static Set<String> storedRules() throws Exception {
        return daemon.store().alerts().list(new AlertStore.Query(null, null, null, null, 0)).stream()
                .map(AlertStore.StoredAlert::rule).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theDaemonTakesEveryBatchAndStoresTheAlertsOfTheAttacks() throws Exception {
        long before = daemon.store().lastInboxId();
        K8sEmulator.Run run = new K8sEmulator(21, Instant.now()).run(List.of("all"));
        int posted = new AuditWebhookPoster(webhook(), TOKEN, 25).post(run.events());
        assertThat(posted).isEqualTo(run.events().size());
        assertThat(daemon.store().lastInboxId() - before).isEqualTo(run.events().size());
        Set<String> expected = K8sEmulator.scenarios().stream().flatMap(s -> s.expectedRules().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(storedRules().containsAll(expected) && churnIn("staging") != null)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(storedRules()).containsAll(expected);
        AlertStore.StoredAlert churn = churnIn("staging");
        assertThat(churn).isNotNull();
        assertThat(churn.json().path("entity").path("user.name").asText()).isEqualTo("dave");
        assertThat(churn.json().path("evidence").get(0).path("file").asText()).isEqualTo("audit-webhook");
    }

    static AlertStore.StoredAlert churnIn(String namespace) throws IOException {
        return daemon.store().alerts().list(new AlertStore.Query(null, null, "k8s-pod-churn-burst", null, 0)).stream()
                .filter(a -> a.json().path("entity").path("orchestrator.namespace").asText().equals(namespace))
                .findFirst().orElse(null);
    }

    @Test
    void missingAndWrongTokensAreReportedWithTheStatusAndNothingIsStored() throws Exception {
        long before = daemon.store().lastInboxId();
        List<ObjectNode> events = new K8sEmulator(22, Instant.now()).run(List.of("exec-recon")).events();
        assertThatThrownBy(() -> new AuditWebhookPoster(webhook(), null, 10).post(events))
                .isInstanceOf(IOException.class).hasMessageContaining("401").hasMessageContaining("missing credentials");
        assertThatThrownBy(() -> new AuditWebhookPoster(webhook(), "wrong", 10).post(events))
                .isInstanceOf(IOException.class).hasMessageContaining("403");
        assertThat(daemon.store().lastInboxId()).isEqualTo(before);
    }

    @Test
    void batchesAreEventListsAsTheApiServerSendsThem() throws Exception {
        List<ObjectNode> events = new K8sEmulator(23, Instant.now()).run(List.of("exec-recon")).events();
        var list = new ObjectMapper().readTree(AuditWebhookPoster.eventList(events));
        assertThat(list.path("kind").asText()).isEqualTo("EventList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
        assertThat(list.path("items")).hasSize(events.size());
        assertThatThrownBy(() -> new AuditWebhookPoster(webhook(), TOKEN, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditWebhookPoster(URI.create("ftp://x/"), TOKEN, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
