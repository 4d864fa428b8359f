package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

import static io.keelwatch.emulate.k8s.Json.arr;
import static io.keelwatch.emulate.k8s.Json.obj;

/**
 * Pods as a client sends them (only what it sets: kubectl sends no defaults) and as the API server answers (with
 * the defaults it fills in: termination message, pull policy, service account, tolerations, scheduler...).
 */
final class PodManifests {
    /** The query of {@code kubectl apply}'s create. */
    static final String APPLY = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";

    private PodManifests() {
    }

    /** A container as a client writes it; callers add command, ports, mounts... */
    static ObjectNode container(String name, String image) {
        return obj("name", name, "image", image, "resources", obj());
    }

    /** The same container with the defaults the API server fills in. */
    static ObjectNode defaulted(ObjectNode c) {
        ObjectNode d = c.deepCopy();
        if (!d.has("terminationMessagePath")) {
            d.put("terminationMessagePath", "/dev/termination-log");
        }
        if (!d.has("terminationMessagePolicy")) {
            d.put("terminationMessagePolicy", "File");
        }
        if (!d.has("imagePullPolicy")) {
            String image = d.path("image").asText();
            String tag = image.substring(image.lastIndexOf('/') + 1);
            d.put("imagePullPolicy", tag.contains(":") && !tag.endsWith(":latest") ? "IfNotPresent" : "Always");
        }
        return d;
    }

    /**
     * A Pod as the client sends it: named {@code name}, or (when {@code name} is null) with
     * {@code generateName}, in which case the server picks the name.
     */
    static ObjectNode pod(String name, String generateName, String ns, ObjectNode... containers) {
        ObjectNode meta = name != null ? obj("name", name) : obj("generateName", generateName);
        meta.put("namespace", ns);
        meta.putNull("creationTimestamp");
        ObjectNode spec = obj("containers", arr((Object[]) containers), "restartPolicy", "Always",
                "dnsPolicy", "ClusterFirst");
        return obj("kind", "Pod", "apiVersion", "v1", "metadata", meta, "spec", spec, "status", obj());
    }

    static ObjectNode meta(ObjectNode pod) {
        return (ObjectNode) pod.get("metadata");
    }

    static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    /** Labels as key/value pairs, set on the pod's metadata. */
    static ObjectNode labelled(ObjectNode pod, String... kv) {
        meta(pod).set("labels", obj((Object[]) kv));
        return pod;
    }

    /** The pod the API server stores and returns for {@code req}, created at {@code t}. */
    static ObjectNode response(AuditTimeline tl, ObjectNode req, Instant t, String node, String generatedName) {
        ObjectNode meta = obj();
        if (generatedName != null) {
            meta.put("name", generatedName);
        }
        meta.setAll(meta(req).deepCopy());
        meta.put("uid", tl.uid());
        meta.put("resourceVersion", tl.resourceVersion());
        meta.put("creationTimestamp", AuditTimeline.seconds(t));
        ObjectNode spec = spec(req).deepCopy();
        ArrayNode containers = Json.F.arrayNode();
        spec.get("containers").forEach(c -> containers.add(defaulted((ObjectNode) c)));
        spec.set("containers", containers);
        String sa = spec.path("serviceAccountName").asText("default");
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        putIfAbsent(spec, "serviceAccountName", sa);
        putIfAbsent(spec, "serviceAccount", sa);
        putIfAbsent(spec, "securityContext", obj());
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        putIfAbsent(spec, "enableServiceLinks", true);
        putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
        putIfAbsent(spec, "priority", 0);
        spec.set("tolerations", arr(toleration("node.kubernetes.io/not-ready"),
                toleration("node.kubernetes.io/unreachable")));
        if (node != null) {
            spec.put("nodeName", node);
        }
        return obj("kind", "Pod", "apiVersion", "v1", "metadata", meta, "spec", spec,
                "status", obj("phase", "Pending", "qosClass", "BestEffort"));
    }

    private static ObjectNode toleration(String key) {
        return obj("key", key, "operator", "Exists", "effect", "NoExecute", "tolerationSeconds", 300);
    }

    private static void putIfAbsent(ObjectNode o, String key, Object value) {
        if (!o.has(key)) {
            o.set(key, Json.node(value));
        }
    }

    /** {@code req} as {@code kubectl apply -f} sends it: with the last-applied-configuration annotation. */
    static ObjectNode applied(ObjectNode req) {
        ObjectNode spec = spec(req).deepCopy();
        spec.remove("restartPolicy");
        spec.remove("dnsPolicy");
        ObjectNode manifest = obj("apiVersion", "v1", "kind", "Pod",
                "metadata", obj("annotations", obj(), "name", meta(req).path("name").asText(),
                        "namespace", meta(req).path("namespace").asText()),
                "spec", spec);
        ObjectNode out = req.deepCopy();
        meta(out).set("annotations", obj("kubectl.kubernetes.io/last-applied-configuration",
                manifest.toString() + "\n"));
        return out;
    }

    /** The pod as a delete returns it: the stored object, now with its deletion time and grace period. */
    static ObjectNode deleting(ObjectNode stored, Instant t) {
        ObjectNode out = stored.deepCopy();
        ObjectNode meta = meta(out);
        meta.put("resourceVersion", String.valueOf(Long.parseLong(meta.path("resourceVersion").asText("0")) + 7));
        meta.put("deletionTimestamp", AuditTimeline.seconds(t.plusSeconds(30)));
        meta.put("deletionGracePeriodSeconds", 30);
        ((ObjectNode) out.get("status")).put("phase", "Running");
        return out;
    }
}
