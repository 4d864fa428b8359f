package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.keelwatch.emulate.k8s.Json.obj;

/** The small objects of audit events: object references, response statuses, RBAC annotations, lists. */
final class K8sObjects {
    private K8sObjects() {
    }

    static ObjectNode statusOk(int code) {
        return obj("metadata", obj(), "code", code);
    }

    /** The Status body of a 403 as the API server words it. */
    static ObjectNode forbidden(String user, String verb, String resource, String ns) {
        String where = ns != null ? " in the namespace \"" + ns + "\"" : " at the cluster scope";
        return obj("metadata", obj(), "status", "Failure",
                "message", resource + " is forbidden: User \"" + user + "\" cannot " + verb + " resource \""
                        + resource + "\" in API group \"\"" + where,
                "reason", "Forbidden", "details", obj("kind", resource), "code", 403);
    }

    static ObjectNode forbidAnnotations() {
        return obj("authorization.k8s.io/decision", "forbid", "authorization.k8s.io/reason", "");
    }

    /**
     * The annotations of a request RBAC allowed, worded as the API server's RBAC authorizer does: a RoleBinding is
     * named {@code name/namespace}, a ServiceAccount subject {@code name/namespace}.
     */
    static ObjectNode rbac(String bindingKind, String binding, String role, String subjectKind, String subject) {
        return obj("authorization.k8s.io/decision", "allow", "authorization.k8s.io/reason",
                "RBAC: allowed by " + bindingKind + " \"" + binding + "\" of ClusterRole \"" + role + "\" to "
                        + subjectKind + " \"" + subject + "\"");
    }

    /** The node authorizer's annotations: allowed, no reason. */
    static ObjectNode nodeAllow() {
        return obj("authorization.k8s.io/decision", "allow", "authorization.k8s.io/reason", "");
    }

    static ObjectNode podsRef(String ns, String name) {
        return podsRef(ns, name, null);
    }

    static ObjectNode podsRef(String ns, String name, String subresource) {
        ObjectNode r = obj("resource", "pods", "namespace", ns);
        if (name != null) {
            r.put("name", name);
        }
        r.put("apiVersion", "v1");
        if (subresource != null) {
            r.put("subresource", subresource);
        }
        return r;
    }

    /** A reference to a core ({@code v1}) resource collection, namespaced when {@code ns} is not null. */
    static ObjectNode coreRef(String resource, String ns) {
        ObjectNode r = obj("resource", resource);
        if (ns != null) {
            r.put("namespace", ns);
        }
        r.put("apiVersion", "v1");
        return r;
    }

    static ObjectNode podList(String ns, List<String> names, String resourceVersion) {
        return obj("kind", "PodList", "apiVersion", "v1", "metadata", obj("resourceVersion", resourceVersion),
                "items", names.stream().map(n -> obj("metadata", obj("name", n, "namespace", ns))).toList());
    }

    static ObjectNode deleteOptions() {
        return obj("kind", "DeleteOptions", "apiVersion", "v1", "propagationPolicy", "Background");
    }
}
