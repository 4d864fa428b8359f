package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The normalized fields of a Kubernetes audit event, from the parts of its record ({@link AuditParts}) however they
 * were read: see {@link K8sAuditReader} for what each field holds.
 */
final class K8sAuditEvents {
    private K8sAuditEvents() {
    }

    /** The event of an accepted record's parts; {@code b} carries the raw document. */
    static Event of(EventBuilder b, AuditParts p, long time, Origin origin) {
        b.time(time).origin(origin);
        String verb = p.verb;
        String resource = p.resource;
        String sub = p.subresource;
        boolean exec = "pods".equals(resource) && ("exec".equals(sub) || "attach".equals(sub));
        b.put(Fields.EVENT_KIND, exec ? "exec" : "api");
        b.put(Fields.EVENT_ACTION, verb);
        b.put(Fields.ORCH_VERB, verb);
        b.put(Fields.ORCH_RESOURCE_TYPE, resource);
        b.put(Fields.ORCH_SUBRESOURCE, sub);
        String name = p.name;
        if (name == null && sub == null) {
            name = ReaderSupport.text(p.requestObject(), "metadata", "name");
        }
        b.put(Fields.ORCH_RESOURCE_NAME, name);
        b.put(Fields.ORCH_NAMESPACE, p.namespace);
        b.put(Fields.ORCH_API_GROUP, p.apiGroup);
        b.put(Fields.ORCH_STAGE, p.stage);
        b.put(Fields.USER_NAME, p.username);
        b.put(Fields.USER_ID, p.uid);
        b.put(Fields.USER_GROUPS, p.groups);
        b.put(Fields.USER_AGENT, p.userAgent);
        b.put(Fields.SOURCE_IP, p.sourceIp);
        if (p.code != null) {
            long c = p.code;
            b.put(Fields.HTTP_STATUS, c);
            b.put(Fields.EVENT_OUTCOME, c < 400 ? "success" : "failure");
        }
        String uri = p.requestUri;
        b.put(Fields.URL_ORIGINAL, uri);
        if (exec && uri != null) {
            int q = uri.indexOf('?');
            Map<String, List<String>> params = ReaderSupport.query(q < 0 ? "" : uri.substring(q + 1));
            ReaderSupport.putProcess(b, params.getOrDefault("command", List.of()));
            List<String> containers = params.getOrDefault("container", List.of());
            if (!containers.isEmpty()) {
                b.put(Fields.CONTAINER_NAME, containers.get(0));
            }
        }
        putPodSpec(b, p, resource, sub, verb);
        putPodLabels(b, p, resource, sub);
        return b.build();
    }

    /**
     * The labels of the pod a request creates, changes or deletes (from the request body, else the response body:
     * a delete answers with the pod) as {@code container.labels}, so label allow-lists apply to pods too.
     */
    static void putPodLabels(EventBuilder b, AuditParts p, String resource, String sub) {
        if (!"pods".equals(resource) || sub != null) {
            return;
        }
        for (int side = 0; side < 2; side++) {
            JsonNode o = side == 0 ? p.requestObject() : p.responseObject();
            JsonNode labels = o == null ? null : ReaderSupport.at(o, "metadata", "labels");
            if ("Pod".equals(ReaderSupport.text(o, "kind")) && labels != null && labels.isObject() && labels.size() > 0) {
                b.put(Fields.CONTAINER_LABELS, ReaderSupport.stringMap(labels));
                return;
            }
        }
    }

    /** Adds the security-relevant parts of the pod spec that a request carries, if any. */
    static void putPodSpec(EventBuilder b, AuditParts parts, String resource, String sub, String verb) {
        if (sub != null && !sub.equals("ephemeralcontainers")) {
            return; // a status/binding/... subresource that does not define containers
        }
        JsonNode obj = parts.requestObject();
        if (obj == null || !obj.isObject()) {
            return; // no request body
        }
        String kind = ReaderSupport.text(obj, "kind");
        JsonNode spec = null;
        List<JsonNode> containers = new ArrayList<>();
        if ("Pod".equals(kind) || kind == null && "pods".equals(resource) && sub == null && "create".equals(verb)) {
            spec = obj.get("spec");
        } else if ("EphemeralContainers".equals(kind)) {
            addAll(containers, obj.get("ephemeralContainers"));
        } else if (kind != null) {
            switch (kind) {
                case "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "ReplicationController" ->
                        spec = ReaderSupport.at(obj, "spec", "template", "spec");
                case "CronJob" -> spec = ReaderSupport.at(obj, "spec", "jobTemplate", "spec", "template", "spec");
                default -> {
                    return;
                }
            }
        }
        if (spec != null && spec.isObject()) {
            addAll(containers, spec.get("containers"));
            addAll(containers, spec.get("initContainers"));
            addAll(containers, spec.get("ephemeralContainers"));
        } else if (containers.isEmpty()) {
            return;
        }
        if ("ephemeralcontainers".equals(sub) && spec != null) {
            // an update of the ephemeral containers: only those are new
            containers.clear();
            addAll(containers, spec.get("ephemeralContainers"));
        }
        boolean privileged = false;
        Set<String> caps = new LinkedHashSet<>();
        String image = null;
        for (JsonNode c : containers) {
            JsonNode sc = c.get("securityContext");
            privileged |= ReaderSupport.isTrue(ReaderSupport.at(sc, "privileged"));
            caps.addAll(ReaderSupport.strings(ReaderSupport.at(sc, "capabilities", "add")));
            if (image == null) {
                image = ReaderSupport.text(c, "image");
            }
        }
        b.put(Fields.CONTAINER_PRIVILEGED, privileged);
        b.put(Fields.CONTAINER_CAP_ADD, new ArrayList<>(caps));
        b.put(Fields.CONTAINER_IMAGE, image);
        if (spec != null && spec.isObject()) {
            b.put(Fields.CONTAINER_HOST_PID, ReaderSupport.isTrue(spec.get("hostPID")));
            b.put(Fields.CONTAINER_HOST_NETWORK, ReaderSupport.isTrue(spec.get("hostNetwork")));
            b.put(Fields.CONTAINER_HOST_IPC, ReaderSupport.isTrue(spec.get("hostIPC")));
            List<String> paths = new ArrayList<>();
            JsonNode vols = spec.get("volumes");
            if (vols != null && vols.isArray()) {
                for (JsonNode v : vols) {
                    String p = ReaderSupport.text(v, "hostPath", "path");
                    if (p != null) {
                        paths.add(p);
                    }
                }
            }
            b.put(Fields.CONTAINER_HOST_PATHS, paths);
        }
    }

    private static void addAll(List<JsonNode> out, JsonNode arr) {
        if (arr != null && arr.isArray()) {
            for (JsonNode c : arr) {
                if (c != null && c.isObject()) {
                    out.add(c);
                }
            }
        }
    }
}
