package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading Kubernetes audit JSON the way Falco's k8saudit and json plugins do: every value is text (a JSON
 * string as itself, anything else as compact JSON), a missing key or a JSON null is "not available", and JSON
 * pointers follow RFC 6901 ({@code ~1} is {@code /}, {@code ~0} is {@code ~}).
 */
final class FalcoJson {
    private FalcoJson() {
    }

    /** The node at {@code keys} below {@code n}, or null. */
    static JsonNode at(JsonNode n, String... keys) {
        JsonNode cur = n;
        for (String k : keys) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(k);
        }
        return cur == null || cur.isNull() || cur.isMissingNode() ? null : cur;
    }

    /** A value as Falco renders it: strings as they are, other JSON compact. */
    static String text(JsonNode n) {
        return n.isTextual() ? n.textValue() : n.toString();
    }

    /** One value at {@code keys}, or null when absent. */
    static List<String> one(JsonNode raw, String... keys) {
        JsonNode n = at(raw, keys);
        return n == null ? null : List.of(text(n));
    }

    /** The elements of the array at {@code keys} as text, or null when absent or not an array. */
    static List<String> each(JsonNode raw, String... keys) {
        JsonNode n = at(raw, keys);
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(c -> {
            if (!c.isNull()) {
                out.add(text(c));
            }
        });
        return out;
    }

    /**
     * For each element of the array at {@code arrayKeys} (all of them, or only element {@code index} when it is
     * not negative) the value at {@code keys}; elements without it are skipped. Null when there is no array.
     */
    static List<String> perElement(JsonNode raw, String[] arrayKeys, int index, String... keys) {
        List<JsonNode> elems = elements(raw, arrayKeys, index);
        if (elems == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : elems) {
            JsonNode v = at(e, keys);
            if (v != null) {
                out.add(text(v));
            }
        }
        return out;
    }

    /** Each element of the array at {@code arrayKeys} (or only element {@code index}) as text; null when absent. */
    static List<String> perElementWhole(JsonNode raw, String[] arrayKeys, int index) {
        List<JsonNode> elems = elements(raw, arrayKeys, index);
        if (elems == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        elems.forEach(e -> out.add(text(e)));
        return out;
    }

    /** The elements of the array at {@code arrayKeys}, optionally only one; null when absent. */
    static List<JsonNode> elements(JsonNode raw, String[] arrayKeys, int index) {
        JsonNode arr = at(raw, arrayKeys);
        if (arr == null || !arr.isArray()) {
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        if (index >= 0) {
            if (index >= arr.size()) {
                return null;
            }
            out.add(arr.get(index));
        } else {
            arr.forEach(out::add);
        }
        return out;
    }

    /** The node a JSON pointer ({@code /a/b~1c/0}) names, or null. */
    static JsonNode pointer(JsonNode root, String ptr) {
        if (ptr.isEmpty()) {
            return root;
        }
        if (!ptr.startsWith("/")) {
            return null;
        }
        JsonNode cur = root;
        for (String raw : ptr.substring(1).split("/", -1)) {
            String tok = raw.replace("~1", "/").replace("~0", "~");
            if (cur == null) {
                return null;
            }
            if (cur.isArray()) {
                if (!tok.matches("0|[1-9][0-9]{0,8}")) {
                    return null;
                }
                cur = cur.get(Integer.parseInt(tok));
            } else if (cur.isObject()) {
                cur = cur.get(tok);
            } else {
                return null;
            }
        }
        return cur == null || cur.isNull() || cur.isMissingNode() ? null : cur;
    }

    /** True when a pointer is well formed (empty, or starting with '/' and using only ~0 and ~1 escapes). */
    static boolean validPointer(String ptr) {
        if (ptr.isEmpty()) {
            return true;
        }
        if (!ptr.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < ptr.length(); i++) {
            if (ptr.charAt(i) == '~' && (i + 1 >= ptr.length() || ptr.charAt(i + 1) != '0' && ptr.charAt(i + 1) != '1')) {
                return false;
            }
        }
        return true;
    }

    /** The repository part of an image reference, as the k8saudit plugin computes it: before the first ':' and '@'. */
    static String repository(String image) {
        String s = image;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        int at = s.indexOf('@');
        return at >= 0 ? s.substring(0, at) : s;
    }

    /** The first value of query parameter {@code key} of {@code requestURI}, or null. */
    static List<String> uriParam(JsonNode raw, String key) {
        JsonNode uri = FalcoJson.at(raw, "requestURI");
        if (uri == null || !uri.isTextual()) {
            return null;
        }
        String u = uri.textValue();
        int q = u.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : u.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(key)) {
                return List.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
