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
    private final String[] keys;

    /**
     * @param text one JSON object, as read
     * @param keys the names of its top-level members
     */
    public RawText(String text, String[] keys) {
        this.text = text;
        this.keys = keys;
    }

    public String text() {
        return text;
    }

    /** The names of its top-level members (a copy). */
    public String[] keys() {
        return keys.clone();
    }

    /** Whether a native path starting with {@code segment} can find something: a member named so, or "segment.*". */
    boolean mayHave(String segment) {
        int n = segment.length();
        for (String k : keys) {
            if (k.startsWith(segment) && (k.length() == n || k.charAt(n) == '.')) {
                return true;
            }
        }
        return false;
    }

    JsonNode parse() {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("raw text that was read before no longer parses", e);
        }
    }
}
