package io.keelwatch.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Mutable builder for {@link Event}; null or empty values are skipped so readers can put fields blindly. */
public final class EventBuilder {
    private final String source;
    /** The fields in insertion order (a put of a present name replaces its value in place). */
    private String[] names = new String[24];
    private Object[] values = new Object[24];
    private int[] hashes = new int[24];
    /** One bit per name, at its hash code modulo 64 (see {@link CompactMap}): a new name is known new at once. */
    private long hashBits;
    private int size;
    private long timeNanos;
    private JsonNode raw;
    private RawText rawText;
    private Origin origin;

    EventBuilder(String source) {
        this.source = source;
    }

    /**
     * Empties the builder for the next event of the same source (the arrays are kept: a reader that makes events
     * one after another on one thread need not allocate a builder for each).
     */
    public EventBuilder reset() {
        Arrays.fill(values, 0, size, null);
        size = 0;
        hashBits = 0;
        timeNanos = 0;
        raw = null;
        rawText = null;
        origin = null;
        return this;
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
        if (value instanceof String s) {
            return put(name, s);
        }
        if (value instanceof List<?> l && l.isEmpty()) {
            return this;
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return this;
        }
        if (value instanceof Integer i) {
            value = i.longValue();
        } else if (value instanceof Float f) {
            value = f.doubleValue();
        }
        return set(name, value);
    }

    /** Puts a text field (the common case, without the type tests); null and empty are ignored. */
    public EventBuilder put(String name, String value) {
        return value == null || value.isEmpty() ? this : set(name, value);
    }

    /** Puts a list field; null and empty are ignored. */
    public EventBuilder put(String name, List<String> value) {
        return value == null || value.isEmpty() ? this : set(name, value);
    }

    private EventBuilder set(String name, Object value) {
        int h = Objects.requireNonNull(name, "name").hashCode();
        int at = indexOf(name, h);
        if (at >= 0) {
            values[at] = value;
            return this;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        names[size] = name;
        hashes[size] = h;
        hashBits |= 1L << h;
        values[size++] = value;
        return this;
    }

    private int indexOf(String name, int h) {
        if ((hashBits & 1L << h) == 0) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (names[i] == name || hashes[i] == h && names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public Object get(String name) {
        int at = indexOf(name, name.hashCode());
        return at < 0 ? null : values[at];
    }

    /** Builds the event (with a copy of the fields, in arrays of their size: the builder can go on). */
    public Event build() {
        Layout l = layout();
        return new Event(timeNanos, source, new CompactMap<>(l.names, l.hashes, hashBits, Arrays.copyOf(values, size)),
                raw, rawText, origin);
    }

    /**
     * The names and hash codes of the fields as put, in order. Most events of a source have one of a few such
     * layouts, so events share them: an event owns only its values, and the names and hash codes that a lookup
     * reads stay in the cache. The table of recent layouts is shared by all threads; its entries are immutable, so
     * a race only costs a layout made twice.
     */
    private record Layout(String[] names, int[] hashes) {
    }

    private static final Layout[] LAYOUTS = new Layout[256];

    private Layout layout() {
        long mix = (hashBits ^ hashBits >>> 31) * 0x9E3779B97F4A7C15L + size;
        int slot = (int) (mix >>> 56);
        Layout l = LAYOUTS[slot];
        if (l != null && l.names.length == size) {
            String[] known = l.names;
            int i = 0;
            while (i < size && (known[i] == names[i] || known[i].equals(names[i]))) {
                i++;
            }
            if (i == size) {
                return l;
            }
        }
        l = new Layout(Arrays.copyOf(names, size), Arrays.copyOf(hashes, size));
        LAYOUTS[slot] = l;
        return l;
    }
}
