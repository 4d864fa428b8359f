package io.keelwatch.cli;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.keelwatch.respond.MockApiLog;
import io.keelwatch.respond.TestAlerts;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keelwatch respond} for a pod alert, with a kubeconfig file pointing at the fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class RespondKubernetesCliTest {
    static {
        MockApiLog.quiet();
    }

    KubernetesClient client;

    @TempDir
    Path dir;
    private Path db;
    private Path kubeconfig;
    private String alert;

    @BeforeEach
    void setUp() throws Exception {
        client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .withNamespace("shop").endMetadata().withNewSpec().withNodeName("node-a").addNewContainer()
                .withName("app").withImage("nginx").endContainer().endSpec().build()).create();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: tester, user: {token: secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester}}]
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));
        db = dir.resolve("keelwatch.db");
        try (Store s = Store.open(db)) {
            alert = TestAlerts.podExec(s, "shop", "web-1");
        }
    }

    private Cli.Result respond(String... args) {
        List<String> a = new ArrayList<>(List.of("respond", alert, "--store", db.toString(), "--kubeconfig",
                kubeconfig.toString()));
        a.addAll(List.of(args));
        return Cli.run(a.toArray(String[]::new));
    }

    @Test
    void dryRunPrintsThePolicyThenIsolateCreatesIt() {
        Cli.Result dry = respond("--action", "isolate", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("isolate pod:shop/web-1: planned",
                "POST /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies", "kind: \"NetworkPolicy\"",
                "PATCH /api/v1/namespaces/shop/pods/web-1 (Content-Type: application/merge-patch+json)");
        assertThat(client.network().v1().networkPolicies().inNamespace("shop").list().getItems()).isEmpty();

        Cli.Result iso = respond("--action", "isolate");
        assertThat(iso.code()).as(iso.err()).isZero();
        assertThat(client.network().v1().networkPolicies().inNamespace("shop").withName("keelwatch-quarantine-web-1")
                .get().getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(Cli.run("alerts", "show", alert, "--store", db.toString()).out())
                .contains("isolate  by ", ": done pod:shop/web-1");
    }

    @Test
    void deletePodDeletesItAndDockerActionsAreUsageErrors() {
        assertThat(respond("--action", "pause").code()).isEqualTo(2);
        assertThat(respond("--action", "stop").code()).isEqualTo(2);
        assertThat(client.pods().inNamespace("shop").withName("web-1").get()).isNotNull();
        Cli.Result del = respond("--action", "delete-pod");
        assertThat(del.code()).as(del.err()).isZero();
        assertThat(client.pods().inNamespace("shop").withName("web-1").get()).isNull();
        Cli.Result again = respond("--action", "isolate");
        assertThat(again.code()).as("the pod is gone").isEqualTo(1);
        assertThat(again.err()).contains("isolate failed: no pod shop/web-1");
    }
}
