package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.RawText;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON object from a line as a skeleton: the top-level members a reader looks at, as trees, and only
 * the names of the others, whose values are skipped without building anything. The text is kept as the event's
 * {@link RawText}, parsed in full only if asked for. Whatever is not a plain object on its own (an array, a list
 * wrapper, malformed JSON) is left to the full parse, which reports it as it always has.
 */
final class JsonSkeleton {
    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final Set<String> keep;
    private final String wrapperKey;
    private final List<String> names = new ArrayList<>(32);
    private final KeyNames keyNames = new KeyNames();

    /**
     * @param keep       top-level members read as trees
     * @param wrapperKey a member that makes the object a possible wrapper of records (e.g. {@code items}): such
     *                   objects are left to the full parse
     */
    JsonSkeleton(ObjectMapper mapper, Set<String> keep, String wrapperKey) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.keep = Set.copyOf(keep);
        this.wrapperKey = wrapperKey;
    }

    /** A skeleton of the line and its raw text; null when the line needs the full parse. */
    Read read(String line) {
        names.clear();
        ObjectNode kept = mapper.createObjectNode();
        try (JsonParser p = factory.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                if (name.equals(wrapperKey)) {
                    return null;
                }
                names.add(name);
                JsonToken t = p.nextToken();
                if (keep.contains(name)) {
                    kept.set(name, t == JsonToken.VALUE_NULL ? NullNode.getInstance() : mapper.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new Read(kept, new RawText(line, keyNames.of(names)));
    }

    /** The kept members and the raw text. */
    record Read(ObjectNode kept, RawText raw) {
    }

    /** Member names, the previous record's {@link RawText.Keys} when the names are the same (they mostly are). */
    static final class KeyNames {
        private RawText.Keys last = new RawText.Keys(new String[0]);

        RawText.Keys of(List<String> names) {
            if (!last.same(names)) {
                last = new RawText.Keys(names.toArray(new String[0]));
            }
            return last;
        }
    }
}
