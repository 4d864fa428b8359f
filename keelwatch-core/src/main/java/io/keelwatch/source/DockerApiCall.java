package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker Engine API call as the daemon logs it ({@code Calling POST /v1.41/containers/create?name=web}) and
 * the request body it logs next ({@code form data: {...}}), mapped to normalized fields.
 *
 * <p>{@code event.action} is derived from the path (version prefix removed), {@code RESOURCE_OPERATION} with the
 * resource in the singular:
 * <ul>
 * <li>{@code HEAD|GET /_ping} ping; {@code /version} version; {@code /info} info; {@code /events} events;
 *     {@code /auth} auth; {@code /system/df} system_df; {@code /build} image_build; {@code /commit} container_commit</li>
 * <li>{@code GET /containers/json} container_list; {@code POST /containers/create} container_create;
 *     {@code POST /containers/prune} container_prune; {@code GET /containers/{ref}/json} container_inspect;
 *     {@code DELETE /containers/{ref}} container_delete; {@code POST /containers/{ref}/exec} exec_create;
 *     {@code PUT|GET|HEAD /containers/{ref}/archive} container_archive_put|_get|_stat; any other
 *     {@code /containers/{ref}/OP} container_OP (start, stop, restart, kill, wait, attach, logs, top, stats,
 *     changes, export, resize, pause, unpause, rename, update)</li>
 * <li>{@code POST /exec/{id}/start} exec_start; {@code GET /exec/{id}/json} exec_inspect;
 *     {@code POST /exec/{id}/resize} exec_resize</li>
 * <li>{@code GET /images/json} image_list; {@code POST /images/create} image_create (a pull or import);
 *     {@code /images/search|load|prune} image_search|_load|_prune; {@code /images/get} and
 *     {@code /images/{name}/get} image_save; {@code /images/{name}/json} image_inspect; {@code /images/{name}/OP}
 *     image_OP (history, push, tag); {@code DELETE /images/{name}} image_delete</li>
 * <li>networks, volumes, services, nodes, tasks, secrets, configs, plugins, swarm, distribution:
 *     {@code GET /R} R_list; {@code /R/create|prune|init|join|leave|update|unlock|unlockkey|pull|privileges}
 *     R_create...; {@code GET /R/{id}} R_inspect; {@code DELETE /R/{id}} R_delete; {@code POST /R/{id}}
 *     R_update; {@code /R/{id}/OP} R_OP (network_connect, network_disconnect, plugin_enable, ...)</li>
 * <li>anything else: METHOD_FIRSTSEGMENT, lower case.</li>
 * </ul>
 * Other fields: {@code http.request.method}, {@code url.path} (without the query), {@code url.original},
 * {@code docker.api.version}, {@code container.id} or {@code container.name} from {@code /containers/{ref}}
 * (an id when the reference is 12 to 64 hex digits), {@code container.name} from the {@code name} query parameter
 * of a create, and {@code docker.exec.id} from {@code /exec/{id}}.
 */
final class DockerApiCall {
    private static final Pattern CALLING = Pattern.compile("^Calling ([A-Z]+) (/\\S*)");
    private static final Pattern VERSION = Pattern.compile("^/v(\\d+(?:\\.\\d+)*)(/.*)?$");
    private static final Set<String> COLLECTION_OPS = Set.of("create", "prune", "init", "join", "leave", "update",
            "unlock", "unlockkey", "pull", "privileges");
    private static final Set<String> IMAGE_OPS = Set.of("json", "history", "push", "tag", "get");

    private DockerApiCall() {
    }

    /** True when the log message is an API call line. */
    static boolean isCall(String msg) {
        return msg != null && CALLING.matcher(msg).find();
    }

    /**
     * Fills the fields and the raw keys ({@code method}, {@code path}, {@code query}, {@code api_version}) of a
     * call line; returns false when {@code msg} is not one.
     */
    static boolean describe(String msg, ObjectNode raw, EventBuilder b) {
        Matcher m = CALLING.matcher(msg);
        if (!m.find()) {
            return false;
        }
        describe(m.group(1), m.group(2), raw, b);
        return true;
    }

    /** Fills the fields and raw keys of a call to {@code uri} with {@code method} (also used for failed calls). */
    static void describe(String method, String uri, ObjectNode raw, EventBuilder b) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, List<String>> query = ReaderSupport.query(q < 0 ? "" : uri.substring(q + 1));
        String version = null;
        String route = path;
        Matcher v = VERSION.matcher(path);
        if (v.matches()) {
            version = v.group(1);
            route = v.group(2) == null ? "/" : v.group(2);
        }
        List<String> segs = new ArrayList<>();
        for (String s : route.split("/")) {
            if (!s.isEmpty()) {
                segs.add(ReaderSupport.decode(s));
            }
        }
        String action = action(method, segs);
        raw.put("method", method);
        raw.put("path", path);
        ObjectNode qn = raw.putObject("query");
        query.forEach((k, vals) -> {
            if (vals.size() == 1) {
                qn.put(k, vals.get(0));
            } else {
                vals.forEach(qn.putArray(k)::add);
            }
        });
        if (version != null) {
            raw.put("api_version", version);
        }
        b.put(Fields.EVENT_KIND, "api");
        b.put(Fields.EVENT_ACTION, action);
        b.put(Fields.HTTP_METHOD, method);
        b.put(Fields.URL_PATH, path);
        b.put(Fields.URL_ORIGINAL, uri);
        b.put(Fields.API_VERSION, version);
        if (!segs.isEmpty() && segs.get(0).equals("containers") && segs.size() >= 2
                && !(segs.size() == 2 && Set.of("json", "create", "prune").contains(segs.get(1)))) {
            String ref = segs.get(1);
            b.put(ReaderSupport.isContainerId(ref) ? Fields.CONTAINER_ID : Fields.CONTAINER_NAME, ref);
        }
        if (action.equals("container_create") && query.containsKey("name")) {
            b.put(Fields.CONTAINER_NAME, stripSlash(query.get("name").get(0)));
        }
        if (!segs.isEmpty() && segs.get(0).equals("exec") && segs.size() >= 2) {
            b.put(Fields.DOCKER_EXEC_ID, segs.get(1));
        }
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    static String action(String method, List<String> segs) {
        String m = method.toLowerCase(Locale.ROOT);
        if (segs.isEmpty()) {
            return clean(m + "_root");
        }
        String res = segs.get(0);
        int n = segs.size();
        switch (res) {
            case "_ping":
                return "ping";
            case "version", "info", "events", "auth", "session", "grpc":
                return res;
            case "build":
                return "image_build";
            case "commit":
                return "container_commit";
            case "system":
                return clean("system_" + (n > 1 ? segs.get(1) : m));
            case "containers":
                return container(m, segs);
            case "exec":
                if (n < 3 || segs.get(2).equals("json")) {
                    return "exec_inspect";
                }
                return clean("exec_" + segs.get(2));
            case "images":
                return image(m, segs);
            default:
                break;
        }
        String one = switch (res) {
            case "networks", "volumes", "services", "nodes", "tasks", "secrets", "configs", "plugins" ->
                    res.substring(0, res.length() - 1);
            case "swarm", "distribution" -> res;
            default -> null;
        };
        if (one == null) {
            return clean(m + "_" + res);
        }
        if (n == 1) {
            return m.equals("get") ? one + "_list" : clean(one + "_" + m);
        }
        if (n == 2) {
            if (COLLECTION_OPS.contains(segs.get(1))) {
                return one + "_" + segs.get(1);
            }
            return byMethod(one, m);
        }
        String op = segs.get(n - 1);
        return op.equals("json") ? one + "_inspect" : clean(one + "_" + op);
    }

    private static String container(String m, List<String> segs) {
        int n = segs.size();
        if (n == 1) {
            return m.equals("get") ? "container_list" : clean("container_" + m);
        }
        String second = segs.get(1);
        if (n == 2) {
            return switch (second) {
                case "json" -> "container_list";
                case "create", "prune" -> "container_" + second;
                default -> byMethod("container", m);
            };
        }
        String op = segs.get(2);
        return switch (op) {
            case "json" -> "container_inspect";
            case "exec" -> "exec_create";
            case "archive" -> m.equals("put") ? "container_archive_put"
                    : m.equals("head") ? "container_archive_stat" : "container_archive_get";
            default -> clean("container_" + op);
        };
    }

    private static String image(String m, List<String> segs) {
        int n = segs.size();
        if (n == 1) {
            return m.equals("get") ? "image_list" : clean("image_" + m);
        }
        if (n == 2) {
            return switch (segs.get(1)) {
                case "json" -> "image_list";
                case "create", "search", "load", "prune" -> "image_" + segs.get(1);
                case "get" -> "image_save";
                default -> byMethod("image", m);
            };
        }
        String op = segs.get(n - 1);
        if (IMAGE_OPS.contains(op)) {
            return op.equals("json") ? "image_inspect" : op.equals("get") ? "image_save" : "image_" + op;
        }
        return byMethod("image", m); // a name with slashes: /images/library/alpine
    }

    private static String byMethod(String one, String m) {
        return switch (m) {
            case "get", "head" -> one + "_inspect";
            case "delete" -> one + "_delete";
            default -> one + "_update";
        };
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && sb.length() < 64; i++) {
            char c = Character.toLowerCase(s.charAt(i));
            sb.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    /** Normalizes the request body of a call: container create and exec create bodies. */
    static void putForm(EventBuilder b, String action, JsonNode form) {
        if (form == null || !form.isObject()) {
            return;
        }
        if (action.equals("container_create")) {
            b.put(Fields.CONTAINER_IMAGE, ReaderSupport.text(form, "Image"));
            b.put(Fields.CONTAINER_COMMAND_LINE, ReaderSupport.commandLine(form.get("Entrypoint"), form.get("Cmd")));
            b.put(Fields.CONTAINER_LABELS, ReaderSupport.stringMap(form.get("Labels")));
            JsonNode hc = form.get("HostConfig");
            ReaderSupport.putHostConfig(b, hc != null && hc.isObject() ? hc : null, null);
        } else if (action.equals("exec_create")) {
            ReaderSupport.putProcess(b, ReaderSupport.strings(form.get("Cmd")));
            JsonNode priv = form.get("Privileged");
            if (priv != null && priv.isBoolean()) {
                b.put(Fields.PROCESS_PRIVILEGED, priv.booleanValue());
            }
            b.put(Fields.PROCESS_USER, ReaderSupport.text(form, "User"));
        }
    }
}
