package io.keelwatch.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One normalized event. Immutable.
 *
 * <p>An event has a time in nanoseconds since the epoch (UTC), the type of the source it was read from, a small
 * map of normalized ECS-style fields ({@code event.action}, {@code container.id}, ...) and the raw document
 * it was read from, reachable by its native paths. Field values in the normalized map are {@link String},
 * {@link Long}, {@link Double}, {@link Boolean}, {@code List<String>} or {@code Map<String,String>}.
 */
public final class Event {
    private final long timeNanos;
    private final String source;
    private final Map<String, Object> fields;
    private final RawText rawText;
    private volatile JsonNode raw;     // parsed from rawText on first use (two threads may both parse: equal trees)
    private final Origin origin;

    public Event(long timeNanos, String source, Map<String, Object> fields, JsonNode raw, Origin origin) {
        this(timeNanos, source, new LinkedHashMap<>(fields), raw, null, origin);
    }

    /** Takes ownership of {@code owned} (a fresh map nobody else holds): no copy. */
    Event(long timeNanos, String source, LinkedHashMap<String, Object> owned, JsonNode raw, RawText rawText,
          Origin origin) {
        this(timeNanos, source, new CompactMap<>(owned), raw, rawText, origin);
    }

    Event(long timeNanos, String source, CompactMap<Object> fields, JsonNode raw, RawText rawText, Origin origin) {
        this.timeNanos = timeNanos;
        this.source = Objects.requireNonNull(source, "source");
        this.fields = fields;
        this.raw = raw;
        this.rawText = raw == null ? rawText : null;
        this.origin = origin;
    }

    /** An event whose raw document is kept as text, parsed on first use (snapshots restore events so). */
    public static Event withRawText(long timeNanos, String source, Map<String, Object> fields, RawText rawText,
                                    Origin origin) {
        return new Event(timeNanos, source, new LinkedHashMap<>(fields), null, rawText, origin);
    }

    /** The raw document's text when it was read as text (parsed or not since), else null. */
    public RawText rawText() {
        return rawText;
    }

    public static EventBuilder builder(String source) {
        return new EventBuilder(source);
    }

    public long timeNanos() {
        return timeNanos;
    }

    /** The source type, for example {@code k8s_audit} or {@code docker_events}. */
    public String source() {
        return source;
    }

    /** Normalized fields, insertion-ordered, unmodifiable. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The native document, or null when the source has none (parsed now if it was kept as text). */
    public JsonNode raw() {
        JsonNode r = raw;
        if (r == null && rawText != null) {
            r = rawText.parse();
            raw = r;
        }
        return r;
    }

    /**
     * False when the native document certainly has nothing at a path starting with {@code segment} (no member of
     * that name, nor one named {@code segment.*}), known without parsing a document kept as text.
     */
    public boolean rawMayHave(String segment) {
        if (raw != null) {
            return true;
        }
        return rawText != null && rawText.mayHave(segment);
    }

    public Origin origin() {
        return origin;
    }

    /** A normalized field value, or null. */
    public Object field(String name) {
        return fields.get(name);
    }

    public String string(String name) {
        Object v = fields.get(name);
        return v == null ? null : v.toString();
    }

    /** {@code event.action}, or null. */
    public String action() {
        return string(Fields.EVENT_ACTION);
    }

    /** A copy with the given normalized fields added where absent (existing values win unless overwrite). */
    public Event withFields(Map<String, Object> extra, boolean overwrite) {
        if (extra.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, Object> merged = new LinkedHashMap<>(fields);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (overwrite) {
                merged.put(e.getKey(), e.getValue());
            } else {
                merged.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return new Event(timeNanos, source, merged, raw, rawText, origin);
    }

    /** A copy with another time (used when a record's time comes from an enclosing context). */
    public Event withTime(long newTimeNanos) {
        return new Event(newTimeNanos, source, new LinkedHashMap<>(fields), raw, rawText, origin);
    }

    /** A copy at another time and origin, sharing the fields and the native document (still unparsed if it was). */
    @SuppressWarnings("unchecked")
    public Event relocated(long newTimeNanos, Origin newOrigin) {
        CompactMap<Object> f = fields instanceof CompactMap<?> c ? (CompactMap<Object>) c
                : new CompactMap<>(new LinkedHashMap<>(fields));
        return new Event(newTimeNanos, source, f, raw, rawText, newOrigin);
    }

    @Override
    public String toString() {
        return "Event{" + Times.format(timeNanos) + " " + source + " " + fields + " @" + origin + "}";
    }
}
