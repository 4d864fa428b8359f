package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small JSON and text helpers shared by the Kubernetes and Docker readers, and the mapping of a Docker
 * container configuration ({@code HostConfig} of a create request or of {@code docker inspect}) to the normalized
 * {@code container.*} fields. Everything here is lenient: a missing or mistyped value yields null or an empty
 * collection, never an exception.
 */
final class ReaderSupport {
    private ReaderSupport() {
    }

    /** The text at a path of object keys, or null when absent, JSON null or not a scalar. */
    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isEmpty() ? null : s;
    }

    /** The node at a path of object keys, or null. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** True only for a JSON boolean true (or the text "true"). */
    static boolean isTrue(JsonNode n) {
        return n != null && (n.isBoolean() && n.booleanValue() || n.isTextual() && n.textValue().equalsIgnoreCase("true"));
    }

    /** A JSON array of scalars (or a single scalar) as strings; empty strings and nulls skipped. */
    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                if (c != null && c.isValueNode() && !c.isNull() && !c.asText().isEmpty()) {
                    out.add(c.asText());
                }
            }
        } else if (n.isValueNode() && !n.asText().isEmpty()) {
            out.add(n.asText());
        }
        return out;
    }

    /** A JSON object of scalars as a string map (insertion order); non-scalar values skipped. */
    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                JsonNode v = e.getValue();
                if (v != null && v.isValueNode() && !v.isNull()) {
                    out.put(e.getKey(), v.asText());
                }
            }
        }
        return out;
    }

    /** The last path component of a program path ({@code /usr/bin/curl} gives {@code curl}). */
    static String basename(String program) {
        if (program == null) {
            return null;
        }
        String p = program;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        return slash >= 0 && slash < p.length() - 1 ? p.substring(slash + 1) : p;
    }

    /** Puts {@code process.args}, {@code process.command_line} and {@code process.name} for a command. */
    static void putProcess(EventBuilder b, List<String> args) {
        if (args == null || args.isEmpty()) {
            return;
        }
        b.put(Fields.PROCESS_ARGS, List.copyOf(args));
        b.put(Fields.PROCESS_COMMAND_LINE, String.join(" ", args));
        b.put(Fields.PROCESS_NAME, basename(args.get(0)));
    }

    /** Splits a command on whitespace (Docker event actions carry the command joined by spaces). */
    static List<String> splitWords(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String w : s.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /** Decodes a URL query into name to values (in order); undecodable escapes are kept as written. */
    static Map<String, List<String>> query(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String part : q.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** True when {@code s} looks like a Docker container id or an id prefix (12 to 64 lowercase hex digits). */
    static boolean isContainerId(String s) {
        if (s == null || s.length() < 12 || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Entrypoint followed by Cmd (each a string or an array), joined by spaces; null when both are empty. */
    static String commandLine(JsonNode entrypoint, JsonNode cmd) {
        List<String> all = new ArrayList<>(strings(entrypoint));
        all.addAll(strings(cmd));
        return all.isEmpty() ? null : String.join(" ", all);
    }

    /**
     * Maps a Docker {@code HostConfig} (create request or inspect output) to the container security fields:
     * privileged, host namespaces, host paths (bind side of {@code Binds} and bind {@code Mounts}), added
     * capabilities, devices, security options, log driver, auto-remove and network mode. {@code extraMounts}
     * is the top-level {@code Mounts} array of inspect output (may be null).
     */
    static void putHostConfig(EventBuilder b, JsonNode hc, JsonNode extraMounts) {
        Set<String> hostPaths = new LinkedHashSet<>();
        if (hc != null && hc.isObject()) {
            b.put(Fields.CONTAINER_PRIVILEGED, isTrue(hc.get("Privileged")));
            b.put(Fields.CONTAINER_HOST_PID, "host".equals(text(hc, "PidMode")));
            b.put(Fields.CONTAINER_HOST_NETWORK, "host".equals(text(hc, "NetworkMode")));
            b.put(Fields.CONTAINER_HOST_IPC, "host".equals(text(hc, "IpcMode")));
            b.put(Fields.CONTAINER_NETWORK_MODE, text(hc, "NetworkMode"));
            b.put(Fields.CONTAINER_CAP_ADD, strings(hc.get("CapAdd")));
            b.put(Fields.CONTAINER_SECURITY_OPT, strings(hc.get("SecurityOpt")));
            b.put(Fields.CONTAINER_LOG_DRIVER, text(hc, "LogConfig", "Type"));
            if (hc.has("AutoRemove") && hc.get("AutoRemove").isBoolean()) {
                b.put(Fields.CONTAINER_AUTO_REMOVE, hc.get("AutoRemove").booleanValue());
            }
            List<String> devices = new ArrayList<>();
            JsonNode devs = hc.get("Devices");
            if (devs != null && devs.isArray()) {
                for (JsonNode d : devs) {
                    String p = text(d, "PathOnHost");
                    if (p != null) {
                        devices.add(p);
                    }
                }
            }
            b.put(Fields.CONTAINER_DEVICES, devices);
            for (String bind : strings(hc.get("Binds"))) {
                String src = bindSource(bind);
                if (src != null) {
                    hostPaths.add(src);
                }
            }
            addBindMounts(hc.get("Mounts"), hostPaths);
        }
        addBindMounts(extraMounts, hostPaths);
        b.put(Fields.CONTAINER_HOST_PATHS, new ArrayList<>(hostPaths));
    }

    /** The host side of a {@code src:dst[:opts]} bind, or null for a named volume (no leading '/'). */
    static String bindSource(String bind) {
        if (bind == null || bind.isEmpty()) {
            return null;
        }
        int colon = bind.indexOf(':');
        String src = colon < 0 ? bind : bind.substring(0, colon);
        return src.startsWith("/") ? src : null;
    }

    private static void addBindMounts(JsonNode mounts, Set<String> out) {
        if (mounts == null || !mounts.isArray()) {
            return;
        }
        for (JsonNode m : mounts) {
            String type = text(m, "Type");
            String src = text(m, "Source");
            if (src != null && "bind".equalsIgnoreCase(type)) {
                out.add(src);
            }
        }
    }
}
