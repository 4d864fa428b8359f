package io.keelwatch.rule.compile;

import io.keelwatch.event.FieldPath;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.Problems;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks field references. A name that starts with a normalized namespace ({@code container.},
 * {@code user.}, ...) must be a known normalized field (or a key inside a map field such as
 * {@code container.labels.KEY}, or an index into a list field), unless one of the rule's sources has a native
 * top-level key of that name (Kubernetes audit records have {@code user.username}). Other names are native
 * paths and are accepted. A rule without {@code sources} (all sources) may only use normalized names in
 * these namespaces. Operators are checked against the declared types of normalized fields.
 */
public final class FieldChecker {
    /** First segments reserved for normalized fields. */
    public static final Set<String> NAMESPACES = Set.of("container", "orchestrator", "user", "process", "event",
            "source", "destination", "network", "http", "url", "file", "host", "user_agent", "log");
    /** Native top-level keys, per source type, that share a name with a normalized namespace. */
    public static final Map<String, Set<String>> NATIVE_NAMESPACES = Map.of(
            "k8s_audit", Set.of("user"));
    private static final Pattern INDEXES = Pattern.compile("(\\[(\\d+|\\*)])+");

    /** A checked field: its path and the declared type (null for native paths). */
    public record Resolved(FieldPath path, Fields.Type type) {
        public boolean isNative() {
            return type == null;
        }
    }

    private FieldChecker() {
    }

    /** Resolves {@code text}; reports an error and returns null when it can't be valid for these sources. */
    public static Resolved resolve(String text, Loc loc, List<String> sources, Problems p) {
        FieldPath path;
        try {
            path = FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            p.error(loc, "bad field '" + text + "': " + e.getMessage());
            return null;
        }
        String first = text.split("[.\\[]", 2)[0];
        if (!path.isNormalized()) {
            if (NAMESPACES.contains(first) && !nativeAllowed(first, sources)) {
                p.error(loc, "unknown field '" + text + "': '" + first + ".' names normalized fields and this is "
                        + "not one of them" + suggestion(text) + nativeHint(first));
                return null;
            }
            return new Resolved(path, null);
        }
        String norm = path.normalizedField();
        Fields.Type type = Fields.known().get(norm);
        String rest = text.substring(Math.min(norm.length(), text.length()));
        if (rest.isEmpty()) {
            return new Resolved(path, type);
        }
        if (type == Fields.Type.STRING_MAP) {
            return new Resolved(path, Fields.Type.STRING);
        }
        if (type == Fields.Type.STRING_LIST && INDEXES.matcher(rest).matches()) {
            return new Resolved(path, Fields.Type.STRING);
        }
        if (nativeAllowed(first, sources)) {
            return new Resolved(path, null);
        }
        p.error(loc, "unknown field '" + text + "': '" + norm + "' is a " + typeName(type) + " field and has no '"
                + rest + "'");
        return null;
    }

    private static boolean nativeAllowed(String first, List<String> sources) {
        for (String s : sources) {
            if (NATIVE_NAMESPACES.getOrDefault(s, Set.of()).contains(first)) {
                return true;
            }
        }
        return false;
    }

    /** " (native paths under 'user.' need sources: [k8s_audit])" when some source has such native paths. */
    private static String nativeHint(String first) {
        List<String> with = NATIVE_NAMESPACES.entrySet().stream().filter(e -> e.getValue().contains(first))
                .map(Map.Entry::getKey).sorted().toList();
        return with.isEmpty() ? "" : " (native paths under '" + first + ".' need the rule to list sources: " + with
                + ")";
    }

    /** Reports an operator that can't apply to the field's type; returns false then. */
    public static boolean checkOp(Resolved r, String fieldText, String opText, boolean ordering, boolean text,
                                  boolean cidr, boolean equality, Loc loc, Problems p) {
        Fields.Type t = r.type();
        if (t == null) {
            return true;
        }
        String tn = typeName(t);
        String msg = null;
        if (ordering && t != Fields.Type.NUMBER && t != Fields.Type.STRING) {
            msg = "'" + opText + "' compares numbers; '" + fieldText + "' is a " + tn + " field";
        } else if (text && (t == Fields.Type.NUMBER || t == Fields.Type.BOOLEAN || t == Fields.Type.STRING_MAP)) {
            msg = "'" + opText + "' needs a text field; '" + fieldText + "' is a " + tn + " field";
        } else if (cidr && t != Fields.Type.IP) {
            msg = "'cidr' needs an IP address field (such as source.ip); '" + fieldText + "' is a " + tn + " field";
        } else if (equality && t == Fields.Type.STRING_MAP) {
            msg = "'" + opText + "' can't compare the map field '" + fieldText + "' as a whole; compare one key ('"
                    + fieldText + ".KEY = v') or test one ('" + fieldText + ".KEY exists')";
        }
        if (msg == null) {
            return true;
        }
        p.error(loc, msg);
        return false;
    }

    /** Reports a literal that can never equal a value of the field's type; returns false then. */
    public static boolean checkLiteral(Resolved r, String fieldText, String literal, Loc loc, Problems p) {
        Fields.Type t = r.type();
        if (t == Fields.Type.BOOLEAN && !literal.equals("true") && !literal.equals("false")) {
            p.error(loc, "'" + fieldText + "' is a boolean field: compare it with true or false, not '" + literal
                    + "'");
            return false;
        }
        if (t == Fields.Type.NUMBER && Values.parseNumber(literal) == null) {
            p.error(loc, "'" + fieldText + "' is a number field: '" + literal + "' is not a number");
            return false;
        }
        return true;
    }

    static String typeName(Fields.Type t) {
        return switch (t) {
            case STRING -> "text";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case STRING_LIST -> "list-of-text";
            case STRING_MAP -> "map";
            case IP -> "IP address";
        };
    }

    /** "; did you mean 'x'?" for the closest known field within a small edit distance, or "". */
    static String suggestion(String text) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : Fields.known().keySet()) {
            int d = distance(text, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(3, text.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 10) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
