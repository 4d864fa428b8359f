package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What an alert is about, for a response: a Docker container (id or name) or a Kubernetes pod (namespace, name
 * and, when the alert tells, its node). Taken from the alert's entity, else from its evidence events.
 */
public record Target(Kind kind, String container, String namespace, String pod, String node) {
    public enum Kind { DOCKER, KUBERNETES }

    public static Target container(String idOrName) {
        return new Target(Kind.DOCKER, idOrName, null, null, null);
    }

    public static Target pod(String namespace, String pod, String node) {
        return new Target(Kind.KUBERNETES, null, namespace, pod, node);
    }

    /**
     * The target of a stored alert ({@code alert}: its JSON with {@code entity}; {@code events}: its evidence events
     * as stored, {@code {"f": {fields}}}); null when it names neither a pod nor a container.
     */
    public static Target of(JsonNode alert, List<JsonNode> events) {
        Target t = from(alert.path("entity"));
        if (t != null) {
            return t;
        }
        for (JsonNode e : events) {
            t = e == null ? null : from(e.path("f"));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Target from(JsonNode f) {
        String type = text(f, "orchestrator.resource.type");
        String ns = text(f, "orchestrator.namespace");
        String name = text(f, "orchestrator.resource.name");
        if ("pods".equals(type) && ns != null && name != null) {
            return pod(ns, name, text(f, "orchestrator.node"));
        }
        String id = text(f, "container.id");
        String cname = text(f, "container.name");
        if (id != null || cname != null) {
            return container(id != null ? id : cname);
        }
        return null;
    }

    private static String text(JsonNode f, String key) {
        JsonNode v = f.get(key);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** {@code container ID} or {@code pod NS/NAME}. */
    public String describe() {
        return kind == Kind.DOCKER ? "container " + container : "pod " + namespace + "/" + pod;
    }
}
