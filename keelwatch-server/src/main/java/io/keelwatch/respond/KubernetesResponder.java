package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Response actions on a Kubernetes pod through the fabric8 client. Isolate creates a deny-all NetworkPolicy (both
 * policy types, no rules) whose podSelector matches the label {@value #LABEL}, then puts that label on the pod;
 * release removes both. Cordon marks the pod's node unschedulable; delete-pod deletes the pod. Each action is
 * planned from the current state (reads only) and is a no-op when already done.
 */
public final class KubernetesResponder {
    /** The quarantine label: its value names the pod (the pod name, or a hash of a long one). */
    public static final String LABEL = "keelwatch.io/quarantine";
    public static final String ALERT_ANNOTATION = "keelwatch.io/alert";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final KubernetesClient client;

    public KubernetesResponder(KubernetesClient client) {
        this.client = client;
    }

    /**
     * A client for the cluster of {@code kubeconfig}'s current context, or (null) of fabric8's standard discovery:
     * {@code KUBECONFIG}, {@code ~/.kube/config}, the in-cluster service account.
     */
    public static KubernetesClient connect(Path kubeconfig) throws IOException {
        if (kubeconfig != null && !Files.isRegularFile(kubeconfig)) {
            throw new IOException(kubeconfig + ": no such kubeconfig file");
        }
        Config cfg = kubeconfig == null ? Config.autoConfigure(null) : Config.fromKubeconfig(kubeconfig.toFile());
        return new KubernetesClientBuilder().withConfig(cfg).build();
    }

    public static String targetKey(Target t) {
        return "pod:" + t.namespace() + "/" + t.pod();
    }

    /** The plan of {@code action} (isolate, release, cordon, delete-pod) for the pod as it is now. */
    public ResponsePlan plan(ResponseAction action, Target t, String alertId) throws IOException {
        PodResource res = client.pods().inNamespace(t.namespace()).withName(t.pod());
        Pod pod = res.get();
        String podPath = "/api/v1/namespaces/" + t.namespace() + "/pods/" + t.pod();
        if (action == ResponseAction.DELETE_POD) {
            ResponsePlan p = new ResponsePlan(action.label(), targetKey(t));
            return pod == null ? p.noop("no such pod (already deleted)")
                    : p.step(new ResponsePlan.Step("DELETE " + podPath, null, res::delete, null)).done("pod deleted");
        }
        if (pod == null) {
            throw new IOException("no pod " + t.namespace() + "/" + t.pod() + " in the cluster at "
                    + client.getMasterUrl());
        }
        if (action == ResponseAction.CORDON) {
            return cordon(t, pod, alertId);
        }
        String value = labelValue(t.pod());
        String policyName = "keelwatch-quarantine-" + value;
        Resource<NetworkPolicy> policy = client.network().v1().networkPolicies().inNamespace(t.namespace())
                .withName(policyName);
        NetworkPolicy existing = policy.get();
        boolean labelled = value.equals(pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(LABEL));
        ResponsePlan p = new ResponsePlan(action.label(), targetKey(t));
        p.details().put("network_policy", policyName).put("label", LABEL + "=" + value);
        String policies = "/apis/networking.k8s.io/v1/namespaces/" + t.namespace() + "/networkpolicies";
        NetworkPolicy np = denyAll(t.namespace(), policyName, value, alertId);
        ResponsePlan.Step createPolicy = new ResponsePlan.Step("POST " + policies,
                client.getKubernetesSerialization().asYaml(np), () -> client.network().v1().networkPolicies()
                .inNamespace(t.namespace()).resource(np).create(), null);
        ResponsePlan.Step deletePolicy = new ResponsePlan.Step("DELETE " + policies + "/" + policyName, null,
                policy::delete, null);
        ResponsePlan.Step label = patch(res, podPath, PatchType.JSON_MERGE, labelPatch(value, alertId), null);
        boolean annotated = pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(ALERT_ANNOTATION);
        ResponsePlan.Step unlabel = patch(res, podPath, PatchType.JSON, unlabelPatch(action != ResponseAction.RELEASE
                || annotated), null);
        if (action == ResponseAction.ISOLATE) {
            if (existing == null) {
                p.step(withUndo(createPolicy, deletePolicy));
            }
            if (!labelled) {
                p.step(withUndo(label, unlabel));
            }
            return p.noop("already isolated: labelled and selected by NetworkPolicy " + policyName)
                    .done("NetworkPolicy " + policyName + " denies all ingress and egress of the pod");
        }
        if (action != ResponseAction.RELEASE) {
            throw new IllegalArgumentException(action.label() + " does not apply to Kubernetes pods");
        }
        if (labelled) {
            p.step(withUndo(unlabel, label));
        }
        if (existing != null) {
            p.step(withUndo(deletePolicy, createPolicy));
        }
        return p.noop("not isolated: no quarantine label and no NetworkPolicy " + policyName)
                .done("quarantine label and NetworkPolicy " + policyName + " removed");
    }

    private ResponsePlan cordon(Target t, Pod pod, String alertId) throws IOException {
        String node = t.node() != null ? t.node() : pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            throw new IOException("pod " + t.namespace() + "/" + t.pod() + " is not scheduled on a node");
        }
        Resource<Node> res = client.nodes().withName(node);
        Node n = res.get();
        if (n == null) {
            throw new IOException("no node " + node + " in the cluster");
        }
        ResponsePlan p = new ResponsePlan(ResponseAction.CORDON.label(), "node:" + node);
        p.details().put("node", node).put("pod", t.namespace() + "/" + t.pod());
        if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
            return p.noop("node " + node + " is already cordoned (unschedulable)");
        }
        ObjectNode on = F.objectNode();
        on.putObject("spec").put("unschedulable", true);
        on.putObject("metadata").putObject("annotations").put(ALERT_ANNOTATION, alertId);
        ObjectNode off = F.objectNode();
        off.putObject("spec").put("unschedulable", false);
        off.putObject("metadata").putObject("annotations").putNull(ALERT_ANNOTATION);
        String path = "/api/v1/nodes/" + node;
        return p.step(patch(res, path, PatchType.JSON_MERGE, on, patch(res, path, PatchType.JSON_MERGE, off, null)))
                .done("node " + node + " cordoned: no new pods are scheduled on it");
    }

    /** A deny-all policy: selects the pods labelled {@code LABEL=value}, both policy types, no rules. */
    static NetworkPolicy denyAll(String namespace, String name, String value, String alertId) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "keelwatch"))
                .withAnnotations(Map.of(ALERT_ANNOTATION, alertId)).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(Map.of(LABEL, value)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
    }

    /** A JSON merge patch setting the quarantine label and the alert annotation. */
    private static ObjectNode labelPatch(String value, String alertId) {
        ObjectNode o = F.objectNode();
        ObjectNode meta = o.putObject("metadata");
        meta.putObject("labels").put(LABEL, value);
        meta.putObject("annotations").put(ALERT_ANNOTATION, alertId);
        return o;
    }

    /** A JSON patch removing the quarantine label and (when there) the alert annotation. */
    private static ArrayNode unlabelPatch(boolean annotation) {
        ArrayNode ops = F.arrayNode();
        ops.addObject().put("op", "remove").put("path", "/metadata/labels/" + LABEL.replace("/", "~1"));
        if (annotation) {
            ops.addObject().put("op", "remove").put("path", "/metadata/annotations/"
                    + ALERT_ANNOTATION.replace("/", "~1"));
        }
        return ops;
    }

    private static <T> ResponsePlan.Step patch(Resource<T> res, String path, PatchType type,
                                               JsonNode body, ResponsePlan.Step undo) {
        String json = body.toString();
        return new ResponsePlan.Step("PATCH " + path + " (Content-Type: " + type.getContentType() + ")", json,
                () -> res.patch(PatchContext.of(type), json), undo);
    }

    private static ResponsePlan.Step withUndo(ResponsePlan.Step s, ResponsePlan.Step undo) {
        return new ResponsePlan.Step(s.request(), s.body(), s.call(), undo);
    }

    /** The pod name when it is a valid label value (at most 63 characters), else a shortened name and a hash. */
    static String labelValue(String pod) {
        if (pod.length() <= 63 && pod.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
            return pod;
        }
        MessageDigest md = EvidenceBundle.sha256();
        String h = HexFormat.of().formatHex(md.digest(pod.getBytes(StandardCharsets.UTF_8)), 0, 6);
        String head = pod.replaceAll("[^-A-Za-z0-9_.]", "-");
        head = head.substring(0, Math.min(head.length(), 50)).replaceAll("^[^A-Za-z0-9]+", "");
        return (head.isEmpty() ? "" : head + "-") + h;
    }

    /** Adds the pod's manifest, each container's log and the pod's events. */
    public void collect(EvidenceBundle b, Target t) {
        PodResource res = client.pods().inNamespace(t.namespace()).withName(t.pod());
        Pod pod;
        try {
            pod = res.get();
        } catch (RuntimeException e) {
            b.missing("pod/pod.yaml", ResponsePlan.message(e));
            return;
        }
        if (pod == null) {
            b.missing("pod/pod.yaml", "no pod " + t.namespace() + "/" + t.pod());
            return;
        }
        b.add("pod/pod.yaml", () -> client.getKubernetesSerialization().asYaml(pod).getBytes(StandardCharsets.UTF_8));
        if (pod.getSpec() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                b.add("pod/logs-" + c.getName() + ".txt", () -> res.inContainer(c.getName()).getLog()
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        b.add("pod/events.yaml", () -> client.getKubernetesSerialization().asYaml(client.v1().events()
                .inNamespace(t.namespace()).withField("involvedObject.name", t.pod()).list())
                .getBytes(StandardCharsets.UTF_8));
    }
}
