package io.keelwatch.respond;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.keelwatch.store.Responses;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kubernetes response actions against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesResponderTest {
    private static final String NS = "shop";
    private static final String POD = "web-1";
    private static final String POLICY = "keelwatch-quarantine-web-1";
    static {
        MockApiLog.quiet();
    }

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;
    private Store store;
    private Responder responder;
    private String alert;

    @BeforeEach
    void setUp() throws IOException {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewSpec().endSpec().build()).create();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(POD).withNamespace(NS)
                .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
        store = Store.open(dir.resolve("k.db"));
        responder = new Responder(store, () -> {
            throw new IOException("no Docker here");
        }, () -> client);
        alert = TestAlerts.podExec(store, NS, POD);
    }

    @AfterEach
    void tearDown() throws IOException {
        store.close();
    }

    private ActionResult act(ResponseAction a) throws IOException {
        return responder.respond(alert, a, Responder.Options.of("tester"));
    }

    private NetworkPolicy policy() {
        return client.network().v1().networkPolicies().inNamespace(NS).withName(POLICY).get();
    }

    private Pod pod() {
        return client.pods().inNamespace(NS).withName(POD).get();
    }

    @Test
    void isolateCreatesADenyAllPolicySelectingTheLabelledPod() throws IOException {
        ActionResult r = act(ResponseAction.ISOLATE);
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(r.target()).isEqualTo("pod:shop/web-1");
        NetworkPolicy np = policy();
        assertThat(np).isNotNull();
        assertThat(np.getSpec().getPodSelector().getMatchLabels())
                .containsExactly(java.util.Map.entry(KubernetesResponder.LABEL, POD));
        assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(np.getSpec().getIngress()).isNullOrEmpty();
        assertThat(np.getSpec().getEgress()).isNullOrEmpty();
        assertThat(pod().getMetadata().getLabels()).containsEntry(KubernetesResponder.LABEL, POD)
                .containsEntry("app", "web");
        assertThat(pod().getMetadata().getAnnotations()).containsEntry(KubernetesResponder.ALERT_ANNOTATION, alert);

        ActionResult again = act(ResponseAction.ISOLATE);
        assertThat(again.outcome()).isEqualTo(ActionResult.Outcome.NOOP);
        assertThat(again.message()).contains("already isolated");
        List<Responses.Action> recorded = store.responses().forAlert(alert);
        assertThat(recorded).extracting(Responses.Action::action).containsExactly("isolate", "isolate");
        assertThat(recorded).extracting(x -> x.result().path("outcome").asText()).containsExactly("done", "noop");
        assertThat(recorded).allSatisfy(x -> assertThat(x.who()).isEqualTo("tester"));
    }

    @Test
    void releaseRemovesTheLabelAndThePolicy() throws IOException {
        act(ResponseAction.ISOLATE);
        ActionResult r = act(ResponseAction.RELEASE);
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(policy()).isNull();
        assertThat(pod().getMetadata().getLabels()).doesNotContainKey(KubernetesResponder.LABEL)
                .containsEntry("app", "web");
        assertThat(act(ResponseAction.RELEASE).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
    }

    @Test
    void cordonMarksThePodsNodeUnschedulable() throws IOException {
        ActionResult r = act(ResponseAction.CORDON);
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(r.target()).isEqualTo("node:node-a");
        assertThat(client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isTrue();
        assertThat(act(ResponseAction.CORDON).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
        assertThat(pod()).as("cordon leaves the pod alone").isNotNull();
    }

    @Test
    void thePodIsDeletedOnlyByDeletePod() throws IOException {
        for (ResponseAction a : List.of(ResponseAction.ISOLATE, ResponseAction.CORDON, ResponseAction.RELEASE)) {
            act(a);
            assertThat(pod()).as("after " + a.label()).isNotNull();
        }
        ActionResult r = act(ResponseAction.DELETE_POD);
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(pod()).isNull();
        assertThat(act(ResponseAction.DELETE_POD).outcome()).isEqualTo(ActionResult.Outcome.NOOP);
        ActionResult gone = act(ResponseAction.ISOLATE);
        assertThat(gone.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(gone.message()).contains("no pod shop/web-1");
    }

    @Test
    void dryRunSendsNoChange() throws Exception {
        drain();
        Responder.Options dry = Responder.Options.of("tester").dryRun(true);
        ActionResult iso = responder.respond(alert, ResponseAction.ISOLATE, dry);
        assertThat(iso.outcome()).isEqualTo(ActionResult.Outcome.PLANNED);
        assertThat(iso.details().path("requests").get(0).path("request").asText())
                .isEqualTo("POST /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies");
        assertThat(iso.details().path("requests").get(0).path("body").asText())
                .contains("kind: \"NetworkPolicy\"", "podSelector", "keelwatch.io/quarantine: \"web-1\"", "- \"Ingress\"",
                        "- \"Egress\"");
        assertThat(iso.details().path("requests").get(1).path("request").asText())
                .startsWith("PATCH /api/v1/namespaces/shop/pods/web-1");
        ActionResult cordon = responder.respond(alert, ResponseAction.CORDON, dry);
        assertThat(cordon.details().path("requests").get(0).path("body").asText()).contains("\"unschedulable\":true");
        ActionResult del = responder.respond(alert, ResponseAction.DELETE_POD, dry);
        assertThat(del.details().path("requests").get(0).path("request").asText())
                .isEqualTo("DELETE /api/v1/namespaces/shop/pods/web-1");

        assertThat(policy()).isNull();
        assertThat(pod()).isNotNull();
        assertThat(pod().getMetadata().getLabels()).doesNotContainKey(KubernetesResponder.LABEL);
        assertThat(client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
        assertThat(drain()).as("requests the dry runs (and the checks) sent").isNotEmpty().allMatch(m -> m.equals("GET"));
        assertThat(store.responses().forAlert(alert)).as("dry runs are not recorded").isEmpty();
    }

    /** The methods of the requests the server received since the last call. */
    private List<String> drain() throws InterruptedException {
        List<String> methods = new ArrayList<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            methods.add(r.getMethod());
        }
        return methods;
    }

    @Test
    void evidenceBundlesThePodManifestAndTheStoredAlert() throws Exception {
        Path out = dir.resolve("pod.tar.gz");
        ActionResult r = responder.respond(alert, ResponseAction.EVIDENCE, Responder.Options.of("tester")
                .out(out, null));
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.DONE);
        BundleCheck.Opened b = BundleCheck.verify(out, dir);
        assertThat(b.text("pod/pod.yaml")).contains("name: \"web-1\"", "nodeName: \"node-a\"");
        assertThat(b.text("alert.json")).contains(alert, "k8s-exec-into-pod");
        assertThat(b.text("alert-events.jsonl")).contains("\"orchestrator.resource.name\":\"web-1\"");
        assertThat(b.manifest().path("target").asText()).isEqualTo("pod:shop/web-1");
        assertThat(r.details().path("sha256").asText()).isEqualTo(BundleCheck.sha256(java.nio.file.Files
                .readAllBytes(out)));
    }

    @Test
    void dockerOnlyActionsAreRefusedForPods() {
        assertThatThrownBy(() -> act(ResponseAction.PAUSE)).isInstanceOf(Responder.NotApplicable.class)
                .hasMessageContaining("Kubernetes pod");
        assertThatThrownBy(() -> responder.respond("ffffffff", ResponseAction.ISOLATE, Responder.Options.of("t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no alert");
    }
}
