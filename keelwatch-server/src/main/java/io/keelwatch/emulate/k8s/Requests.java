package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static io.keelwatch.emulate.k8s.Json.obj;
import static io.keelwatch.emulate.k8s.K8sObjects.podsRef;
import static io.keelwatch.emulate.k8s.PodManifests.meta;

/** The requests clients make about pods, as sequences of audit events (kubectl, controllers, CI runners). */
final class Requests {
    private Requests() {
    }

    /**
     * Creates {@code req} (a pod the client wrote). With {@link PodManifests#APPLY} as the query it is sent as
     * {@code kubectl apply} sends it. A generateName gets its suffix from the server; the audit objectRef then has
     * no name, as the client sent none. Returns the event (its responseObject is the stored pod).
     */
    static ObjectNode createPod(AuditTimeline tl, Actor who, ObjectNode req, String query) {
        ObjectNode sent = PodManifests.APPLY.equals(query) ? PodManifests.applied(req) : req;
        String ns = meta(sent).path("namespace").asText();
        String name = meta(sent).path("name").asText(null);
        String generated = name == null ? meta(sent).path("generateName").asText() + tl.suffix(5) : null;
        ObjectNode annotations = who.authz().deepCopy();
        annotations.put("pod-security.kubernetes.io/enforce-policy", "privileged:latest");
        return tl.call("create", "/api/v1/namespaces/" + ns + "/pods" + query, who)
                .ref(podsRef(ns, name)).status(K8sObjects.statusOk(201)).latency(18).request(sent)
                .response(PodManifests.response(tl, sent, tl.now(), null, generated)).annotations(annotations)
                .send();
    }

    /** Deletes the pod {@code stored} (the responseObject of its create), as kubectl and client-go do. */
    static ObjectNode deletePod(AuditTimeline tl, Actor who, ObjectNode stored) {
        String ns = meta(stored).path("namespace").asText();
        String name = meta(stored).path("name").asText();
        return tl.call("delete", "/api/v1/namespaces/" + ns + "/pods/" + name, who).ref(podsRef(ns, name))
                .latency(9).request(K8sObjects.deleteOptions()).response(PodManifests.deleting(stored, tl.now()))
                .send();
    }

    /** The {@code get} kubectl makes before exec, attach, debug and port-forward. */
    static void getPod(AuditTimeline tl, Actor who, String ns, String name) {
        tl.call("get", "/api/v1/namespaces/" + ns + "/pods/" + name, who).ref(podsRef(ns, name)).latency(4)
                .response(obj("kind", "Pod", "apiVersion", "v1", "metadata", obj("name", name, "namespace", ns),
                        "status", obj("phase", "Running")))
                .send();
    }

    /**
     * {@code kubectl exec POD -c CONTAINER -- ARGV}: the get of the pod, then the upgrade. {@code websocket}: the
     * WebSocket upgrade of newer kubectl (a GET, verb {@code get}); else the SPDY upgrade (a POST, verb
     * {@code create}).
     */
    static void exec(AuditTimeline tl, Actor who, String ns, String pod, String container, List<String> argv,
                     boolean websocket) {
        getPod(tl, who, ns, pod);
        String query = argv.stream().map(a -> "command=" + urlEncode(a)).collect(Collectors.joining("&"))
                + "&container=" + container + "&stderr=true&stdout=true";
        ObjectNode options = obj("kind", "PodExecOptions", "apiVersion", "v1", "stdout", true, "stderr", true,
                "container", container, "command", argv);
        tl.call(websocket ? "get" : "create", "/api/v1/namespaces/" + ns + "/pods/" + pod + "/exec?" + query, who)
                .ref(podsRef(ns, pod, "exec")).upgraded().latency(35).request(options).send();
    }

    /** Query escaping as kubectl's (Go's url.QueryEscape): spaces as {@code +}. */
    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
