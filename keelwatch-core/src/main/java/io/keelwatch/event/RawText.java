package io.keelwatch.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The raw document of an event kept as the JSON text it was read from, parsed only when something asks for the
 * tree ({@link Event#raw()}: a rule on a native path, an alert's evidence). The names of its top-level members are
 * known without parsing, so a lookup of a path the document cannot have costs no parse.
 */
public final class RawText {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String text;
    private final Keys keys;

    /**
     * @param text one JSON object, as read
     * @param keys the names of its top-level members
     */
    public RawText(String text, String[] keys) {
        this(text, new Keys(keys));
    }

    /** With the names of its top-level members as a {@link Keys} that many documents of the same shape share. */
    public RawText(String text, Keys keys) {
        this.text = text;
        this.keys = keys;
    }

    /**
     * The names of a document's top-level members, with every prefix of each name that ends before a dot (so that
     * "is there a member {@code id} or {@code id.*}" is one lookup). Immutable; readers share one between the many
     * documents of the same shape.
     */
    public static final class Keys {
        private final String[] names;
        /** The names and their prefixes, open-addressed by hash (the names are mostly shared constants). */
        private final String[] prefixes;
        /** One bit per prefix, at its hash code modulo 64: a segment whose bit is clear is certainly absent. */
        private final long prefixBits;

        public Keys(String[] names) {
            this.names = names.clone();
            java.util.Set<String> all = new java.util.LinkedHashSet<>();
            for (String k : this.names) {
                all.add(k);
                for (int dot = k.indexOf('.'); dot >= 0; dot = k.indexOf('.', dot + 1)) {
                    all.add(k.substring(0, dot));
                }
            }
            prefixes = new String[Integer.highestOneBit(Math.max(1, all.size()) * 2) * 2];
            long bits = 0;
            for (String p : all) {
                bits |= 1L << p.hashCode();
                int i = p.hashCode() & (prefixes.length - 1);
                while (prefixes[i] != null) {
                    i = (i + 1) & (prefixes.length - 1);
                }
                prefixes[i] = p;
            }
            prefixBits = bits;
        }

        boolean mayHave(String segment) {
            int h = segment.hashCode();
            if ((prefixBits & 1L << h) == 0) {
                return false;
            }
            for (int i = h & (prefixes.length - 1); ; i = (i + 1) & (prefixes.length - 1)) {
                String p = prefixes[i];
                if (p == null) {
                    return false;
                }
                if (p == segment || p.hashCode() == h && p.equals(segment)) {
                    return true;
                }
            }
        }

        /** True when these are the names {@code other} lists, in the same order. */
        public boolean same(java.util.List<String> other) {
            if (names.length != other.size()) {
                return false;
            }
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals(other.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    public String text() {
        return text;
    }

    /** The names of its top-level members (a copy). */
    public String[] keys() {
        return keys.names.clone();
    }

    /** Whether a native path starting with {@code segment} can find something: a member named so, or "segment.*". */
    boolean mayHave(String segment) {
        return keys.mayHave(segment);
    }

    JsonNode parse() {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("raw text that was read before no longer parses", e);
        }
    }
}
