package io.keelwatch.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mutable builder for {@link Event}; null or empty values are skipped so readers can put fields blindly. */
public final class EventBuilder {
    private final String source;
    private LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    private long timeNanos;
    private JsonNode raw;
    private RawText rawText;
    private Origin origin;

    EventBuilder(String source) {
        this.source = source;
    }

    public EventBuilder time(long nanos) {
        this.timeNanos = nanos;
        return this;
    }

    public EventBuilder raw(JsonNode raw) {
        this.raw = raw;
        this.rawText = null;
        return this;
    }

    /** The raw document as the text it was read from, parsed when first asked for (instead of {@link #raw}). */
    public EventBuilder rawText(RawText text) {
        this.raw = null;
        this.rawText = text;
        return this;
    }

    public EventBuilder origin(Origin origin) {
        this.origin = origin;
        return this;
    }

    /** Puts a field; null, empty strings, empty lists and empty maps are ignored. */
    public EventBuilder put(String name, Object value) {
        if (value == null) {
            return this;
        }
        if (value instanceof String s && s.isEmpty()) {
            return this;
        }
        if (value instanceof List<?> l && l.isEmpty()) {
            return this;
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return this;
        }
        own();
        if (value instanceof Integer i) {
            value = i.longValue();
        } else if (value instanceof Float f) {
            value = f.doubleValue();
        }
        fields.put(name, value);
        return this;
    }

    public Object get(String name) {
        return fields.get(name);
    }

    /** Builds the event; the builder hands its map over and starts a fresh one. */
    public Event build() {
        shared = true;
        return new Event(timeNanos, source, fields, raw, rawText, origin);
    }

    private boolean shared;

    private void own() {
        if (shared) {
            fields = new LinkedHashMap<>(fields);
            shared = false;
        }
    }
}
