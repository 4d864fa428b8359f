package io.keelwatch.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The registry of input formats. Built-in readers are listed here; more can be added with
 * {@link ServiceLoader} ({@code META-INF/services/io.keelwatch.source.SourceReader}).
 */
public final class Sources {
    private static final Sources DEFAULT = new Sources(builtIn());

    private final Map<String, SourceReader> byType = new LinkedHashMap<>();

    public Sources(List<SourceReader> readers) {
        for (SourceReader r : readers) {
            byType.put(r.type(), r);
        }
    }

    public static Sources defaults() {
        return DEFAULT;
    }

    private static List<SourceReader> builtIn() {
        List<SourceReader> list = new ArrayList<>(BuiltInReaders.all());
        for (SourceReader r : ServiceLoader.load(SourceReader.class)) {
            list.add(r);
        }
        return list;
    }

    /**
     * These readers, with the generic JSON reader ({@code --source json}) lifting nested fields to the top level
     * ({@code --flatten}, see {@link JsonFlattener}).
     */
    public Sources withFlatten(JsonFlattener flattener) {
        List<SourceReader> list = new ArrayList<>();
        for (SourceReader r : byType.values()) {
            list.add(r.type().equals(JsonLogReader.TYPE) ? new JsonLogReader(flattener) : r);
        }
        if (!byType.containsKey(JsonLogReader.TYPE)) {
            list.add(new JsonLogReader(flattener));
        }
        return new Sources(list);
    }

    public List<SourceReader> all() {
        return Collections.unmodifiableList(new ArrayList<>(byType.values()));
    }

    public Optional<SourceReader> byType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The reader most confident about {@code head}, if any reader scores above zero. */
    public Optional<SourceReader> detect(Head head) {
        SourceReader best = null;
        int bestScore = 0;
        for (SourceReader r : byType.values()) {
            int s;
            try {
                s = r.sniff(head);
            } catch (RuntimeException e) {
                s = 0;
            }
            if (s > bestScore) {
                bestScore = s;
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<SourceReader> detect(InputFile f) throws IOException {
        return detect(f.head());
    }
}
