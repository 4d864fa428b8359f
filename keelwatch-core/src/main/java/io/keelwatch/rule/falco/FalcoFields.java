package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of Falco's {@code k8s_audit} source — the {@code ka.*} fields of the k8saudit plugin and the
 * {@code jevt.*} / {@code json.*} fields of the json plugin — as readers of the audit event's JSON. Values are
 * text; null means "not available" (every comparison on it is false). List fields ({@link FalcoField#list()})
 * have one value per element.
 */
final class FalcoFields {
    /** What goes between the brackets of {@code field[...]}. */
    enum Arg { NONE, INDEX, KEY, POINTER }

    @FunctionalInterface
    interface Extractor {
        List<String> values(Event e, JsonNode raw, String arg);
    }

    record FalcoField(String name, boolean list, Arg arg, Extractor extractor) {
    }

    private static final Map<String, FalcoField> FIELDS = new LinkedHashMap<>();
    private static final String[] CONTAINER_GROUPS = {"containers", "initContainers", "ephemeralContainers"};
    private static final String[] VOLUMES = {"requestObject", "spec", "volumes"};

    static {
        one("ka.auditid", "auditID");
        one("ka.stage", "stage");
        one("ka.auth.decision", "annotations", "authorization.k8s.io/decision");
        one("ka.auth.reason", "annotations", "authorization.k8s.io/reason");
        one("ka.user.name", "user", "username");
        each("ka.user.groups", "user", "groups");
        one("ka.impuser.name", "impersonatedUser", "username");
        one("ka.verb", "verb");
        one("ka.uri", "requestURI");
        add("ka.uri.param", false, Arg.KEY, (e, raw, arg) -> FalcoJson.uriParam(raw, arg));
        one("ka.target.name", "objectRef", "name");
        one("ka.target.namespace", "objectRef", "namespace");
        one("ka.target.resource", "objectRef", "resource");
        one("ka.target.subresource", "objectRef", "subresource");
        each("ka.req.binding.subjects", "requestObject", "subjects");
        one("ka.req.binding.role", "requestObject", "roleRef", "name");
        add("ka.req.binding.subject.has_name", false, Arg.KEY, (e, raw, arg) -> List.of("true"));
        one("ka.req.configmap.name", "objectRef", "name");
        one("ka.req.configmap.obj", "requestObject", "data");
        one("ka.req.pod.host_ipc", "requestObject", "spec", "hostIPC");
        one("ka.req.pod.host_network", "requestObject", "spec", "hostNetwork");
        one("ka.req.container.host_network", "requestObject", "spec", "hostNetwork");
        one("ka.req.pod.host_pid", "requestObject", "spec", "hostPID");
        one("ka.req.pod.run_as_user", "requestObject", "spec", "securityContext", "runAsUser");
        one("ka.req.pod.run_as_group", "requestObject", "spec", "securityContext", "runAsGroup");
        one("ka.req.pod.fs_group", "requestObject", "spec", "securityContext", "fsGroup");
        each("ka.req.pod.supplemental_groups", "requestObject", "spec", "securityContext", "supplementalGroups");
        for (String g : CONTAINER_GROUPS) {
            containerFields(g);
        }
        add("ka.req.container.image", false, Arg.NONE, (e, raw, arg) -> first(perContainer(raw, "containers", 0,
                "image")));
        add("ka.req.container.image.repository", false, Arg.NONE, (e, raw, arg) -> first(repositories(
                perContainer(raw, "containers", 0, "image"))));
        add("ka.req.container.privileged", false, Arg.NONE, (e, raw, arg) -> {
            List<String> v = perContainer(raw, "containers", -1, "securityContext", "privileged");
            return v == null ? null : List.of(String.valueOf(v.contains("true")));
        });
        each("ka.req.role.rules", "requestObject", "rules");
        for (String k : new String[]{"apiGroups", "nonResourceURLs", "verbs", "resources"}) {
            add("ka.req.role.rules." + k, true, Arg.INDEX, (e, raw, arg) -> ruleField(raw, index(arg), k));
        }
        one("ka.req.service.type", "requestObject", "spec", "type");
        add("ka.req.service.ports", true, Arg.INDEX, (e, raw, arg) -> FalcoJson.perElementWhole(raw,
                new String[]{"requestObject", "spec", "ports"}, index(arg)));
        add("ka.req.pod.volumes.hostpath", true, Arg.INDEX, (e, raw, arg) -> FalcoJson.perElement(raw, VOLUMES,
                index(arg), "hostPath", "path"));
        add("ka.req.pod.volumes.flexvolume_driver", true, Arg.INDEX, (e, raw, arg) -> FalcoJson.perElement(raw,
                VOLUMES, index(arg), "flexVolume", "driver"));
        add("ka.req.pod.volumes.volume_type", true, Arg.INDEX, (e, raw, arg) -> volumeTypes(raw, index(arg)));
        add("ka.req.volume.hostpath", false, Arg.KEY, (e, raw, arg) -> volumeHostPath(raw, arg));
        one("ka.resp.name", "responseObject", "metadata", "name");
        one("ka.response.code", "responseStatus", "code");
        one("ka.response.reason", "responseStatus", "reason");
        one("ka.useragent", "userAgent");
        for (String p : new String[]{"jevt", "json"}) {
            add(p + ".value", false, Arg.POINTER, (e, raw, arg) -> {
                JsonNode n = FalcoJson.pointer(raw, arg);
                return n == null ? null : List.of(FalcoJson.text(n));
            });
            add(p + ".obj", false, Arg.NONE, (e, raw, arg) -> List.of(raw.toString()));
            timeFields(p);
        }
        timeFields("evt");
        add("evt.source", false, Arg.NONE, (e, raw, arg) -> List.of("k8s_audit"));
    }

    private FalcoFields() {
    }

    /** The field named {@code name} (without its argument), or null. */
    static FalcoField lookup(String name) {
        return FIELDS.get(name);
    }

    static java.util.Set<String> names() {
        return FIELDS.keySet();
    }

    private static void add(String name, boolean list, Arg arg, Extractor x) {
        FIELDS.put(name, new FalcoField(name, list, arg, x));
    }

    private static void one(String name, String... keys) {
        add(name, false, Arg.NONE, (e, raw, arg) -> FalcoJson.one(raw, keys));
    }

    private static void each(String name, String... keys) {
        add(name, true, Arg.NONE, (e, raw, arg) -> FalcoJson.each(raw, keys));
    }

    private static void timeFields(String p) {
        add(p + ".rawtime", false, Arg.NONE, (e, raw, arg) -> List.of(Long.toString(e.timeNanos())));
        add(p + ".time", false, Arg.NONE, (e, raw, arg) -> List.of(Times.format(e.timeNanos())));
        add(p + ".time.iso8601", false, Arg.NONE, (e, raw, arg) -> List.of(Times.format(e.timeNanos())));
    }

    private static void containerFields(String g) {
        String base = "ka.req.pod." + g + ".";
        add(base + "image", true, Arg.INDEX, (e, raw, arg) -> perContainer(raw, g, index(arg), "image"));
        add(base + "image.repository", true, Arg.INDEX, (e, raw, arg) -> repositories(perContainer(raw, g,
                index(arg), "image")));
        Map<String, String[]> sc = new LinkedHashMap<>();
        sc.put("privileged", new String[]{"securityContext", "privileged"});
        sc.put("allow_privilege_escalation", new String[]{"securityContext", "allowPrivilegeEscalation"});
        sc.put("read_only_fs", new String[]{"securityContext", "readOnlyRootFilesystem"});
        sc.put("run_as_user", new String[]{"securityContext", "runAsUser"});
        sc.put("run_as_group", new String[]{"securityContext", "runAsGroup"});
        sc.put("proc_mount", new String[]{"securityContext", "procMount"});
        sc.forEach((n, keys) -> add(base + n, true, Arg.INDEX, (e, raw, arg) -> perContainer(raw, g, index(arg),
                keys)));
        add(base + "add_capabilities", true, Arg.INDEX, (e, raw, arg) -> capabilities(raw, g, index(arg)));
        add(base + "host_port", true, Arg.INDEX, (e, raw, arg) -> hostPorts(raw, g, index(arg)));
        add(base + "eff_run_as_user", true, Arg.INDEX, (e, raw, arg) -> effective(raw, g, index(arg), "runAsUser"));
        add(base + "eff_run_as_group", true, Arg.INDEX, (e, raw, arg) -> effective(raw, g, index(arg),
                "runAsGroup"));
    }

    private static int index(String arg) {
        return arg != null && arg.matches("\\d{1,9}") ? Integer.parseInt(arg) : -1;
    }

    private static List<String> first(List<String> l) {
        return l == null || l.isEmpty() ? null : List.of(l.get(0));
    }

    private static List<String> perContainer(JsonNode raw, String group, int index, String... keys) {
        return FalcoJson.perElement(raw, new String[]{"requestObject", "spec", group}, index, keys);
    }

    private static List<String> repositories(List<String> images) {
        if (images == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        images.forEach(i -> out.add(FalcoJson.repository(i)));
        return out;
    }

    private static List<String> capabilities(JsonNode raw, String group, int index) {
        List<JsonNode> cs = FalcoJson.elements(raw, new String[]{"requestObject", "spec", group}, index);
        if (cs == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : cs) {
            JsonNode add = FalcoJson.at(c, "securityContext", "capabilities", "add");
            if (add != null && add.isArray()) {
                add.forEach(a -> out.add(FalcoJson.text(a)));
            }
        }
        return out;
    }

    private static List<String> hostPorts(JsonNode raw, String group, int index) {
        List<JsonNode> cs = FalcoJson.elements(raw, new String[]{"requestObject", "spec", group}, index);
        if (cs == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : cs) {
            JsonNode ports = FalcoJson.at(c, "ports");
            if (ports != null && ports.isArray()) {
                for (JsonNode p : ports) {
                    JsonNode v = FalcoJson.at(p, "hostPort") != null ? FalcoJson.at(p, "hostPort")
                            : FalcoJson.at(p, "containerPort");
                    if (v != null) {
                        out.add(FalcoJson.text(v));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> effective(JsonNode raw, String group, int index, String key) {
        List<JsonNode> cs = FalcoJson.elements(raw, new String[]{"requestObject", "spec", group}, index);
        if (cs == null) {
            return null;
        }
        JsonNode pod = FalcoJson.at(raw, "requestObject", "spec", "securityContext", key);
        String dflt = pod == null ? "0" : FalcoJson.text(pod);
        List<String> out = new ArrayList<>();
        for (JsonNode c : cs) {
            JsonNode v = FalcoJson.at(c, "securityContext", key);
            out.add(v == null ? dflt : FalcoJson.text(v));
        }
        return out;
    }

    private static List<String> ruleField(JsonNode raw, int index, String key) {
        List<JsonNode> rules = FalcoJson.elements(raw, new String[]{"requestObject", "rules"}, index);
        if (rules == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode r : rules) {
            JsonNode v = FalcoJson.at(r, key);
            if (v != null && v.isArray()) {
                v.forEach(x -> {
                    if (!x.isNull()) {
                        out.add(FalcoJson.text(x));
                    }
                });
            }
        }
        return out;
    }

    private static List<String> volumeTypes(JsonNode raw, int index) {
        List<JsonNode> vols = FalcoJson.elements(raw, VOLUMES, index);
        if (vols == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : vols) {
            v.fieldNames().forEachRemaining(k -> {
                if (!k.equals("name")) {
                    out.add(k);
                }
            });
        }
        return out;
    }

    private static List<String> volumeHostPath(JsonNode raw, String arg) {
        List<String> paths = FalcoJson.perElement(raw, VOLUMES, -1, "hostPath", "path");
        if (paths == null) {
            return null;
        }
        boolean prefix = arg.endsWith("*");
        String p = prefix ? arg.substring(0, arg.length() - 1) : arg;
        for (String v : paths) {
            if (prefix ? v.startsWith(p) : v.equals(arg)) {
                return List.of("true");
            }
        }
        return List.of("false");
    }
}
