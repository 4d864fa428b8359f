package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.Event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a Sigma field's values from an event through the pipeline's targets: native paths ({@link SigmaPath}),
 * normalized fields ({@code @name}) and computed fields ({@code $record_types}).
 */
final class SigmaField {
    private interface Target {
        void collect(Event e, Consumer<Object> sink);
    }

    private final String name;
    private final List<Target> targets;

    private SigmaField(String name, List<Target> targets) {
        this.name = name;
        this.targets = List.copyOf(targets);
    }

    /** A field read from the given targets; {@code targets} names come from {@link SigmaPipeline}. */
    static SigmaField of(String name, List<String> targets) {
        List<Target> out = new ArrayList<>();
        for (String t : targets) {
            if (t.startsWith("@")) {
                String f = t.substring(1);
                out.add((e, sink) -> expand(e.field(f), sink));
            } else if (t.equals("$record_types")) {
                out.add((e, sink) -> {
                    JsonNode raw = e.raw();
                    if (raw != null && raw.isObject()) {
                        raw.fieldNames().forEachRemaining(sink);
                    }
                });
            } else {
                SigmaPath p = new SigmaPath(t);
                out.add((e, sink) -> p.collect(e.raw(), sink));
            }
        }
        return new SigmaField(name, out);
    }

    private static void expand(Object v, Consumer<Object> sink) {
        if (v instanceof Collection<?> c) {
            c.forEach(x -> {
                if (x != null) {
                    sink.accept(x);
                }
            });
        } else if (v instanceof Map<?, ?> m) {
            sink.accept(m);
        } else if (v != null) {
            sink.accept(v);
        }
    }

    String name() {
        return name;
    }

    List<Object> values(Event e) {
        List<Object> out = new ArrayList<>(2);
        for (Target t : targets) {
            t.collect(e, out::add);
        }
        return out;
    }
}
