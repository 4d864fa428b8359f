package io.keelwatch.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.FieldPath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group-by fields compiled once. A key is encoded as one string (values joined by U+001F) so per-key state costs one
 * string; it is decoded back to an ordered field→value map only when a detection is raised.
 *
 * <p>An event lacking any of the fields has no key ({@link #extract} returns null) and is skipped by the detector
 * (counted as {@code missing_key}). A multi-valued field contributes its first value.
 */
public final class GroupKey {
    static final char SEP = '\u001f';
    private static final GroupKey NONE = new GroupKey(List.of());

    private final List<FieldPath> fields;

    private GroupKey(List<FieldPath> fields) {
        this.fields = List.copyOf(fields);
    }

    public static GroupKey of(List<FieldPath> fields) {
        return fields == null || fields.isEmpty() ? NONE : new GroupKey(fields);
    }

    /** Parses field names ({@link FieldPath#parse}). */
    public static GroupKey of(String... names) {
        List<FieldPath> out = new ArrayList<>();
        for (String n : names) {
            out.add(FieldPath.parse(n));
        }
        return of(out);
    }

    public List<FieldPath> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The encoded key, or null when a field is missing. */
    public String extract(Event e) {
        if (fields.isEmpty()) {
            return "";
        }
        if (fields.size() == 1) {
            return text(fields.get(0).first(e));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String v = text(fields.get(i).first(e));
            if (v == null) {
                return null;
            }
            if (i > 0) {
                sb.append(SEP);
            }
            sb.append(v);
        }
        return sb.toString();
    }

    /** Back to field→value, in field order. */
    public Map<String, String> decode(String encoded) {
        if (fields.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (fields.size() == 1) {
            out.put(fields.get(0).text(), encoded);
            return out;
        }
        String[] parts = encoded.split(String.valueOf(SEP), -1);
        for (int i = 0; i < fields.size(); i++) {
            out.put(fields.get(i).text(), i < parts.length ? parts[i] : "");
        }
        return out;
    }

    /** The key as {@code field=value, ...} for reasons. */
    public String describe(String encoded) {
        if (fields.isEmpty()) {
            return "all events";
        }
        StringBuilder sb = new StringBuilder();
        decode(encoded).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** A field value as text: numbers without a trailing {@code .0}, JSON as compact JSON; null stays null. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (v instanceof JsonNode n) {
            return n.isValueNode() ? n.asText() : n.toString();
        }
        return v.toString();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
