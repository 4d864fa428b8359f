package io.keelwatch.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in detection strategies (ADS documents under {@code io/keelwatch/strategies/}, listed in its
 * {@code index.txt}). Rules name their strategy; alerts carry the strategy's response steps after the rule's own.
 */
public final class Strategies {
    static final String BASE = "io/keelwatch/strategies/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static volatile Map<String, ObjectNode> builtIn;

    private Strategies() {
    }

    /** Every built-in strategy document, in index order (fresh copies: callers may change them). */
    public static List<ObjectNode> all() {
        List<ObjectNode> out = new ArrayList<>();
        load().values().forEach(s -> out.add(s.deepCopy()));
        return out;
    }

    /** The response steps of a built-in strategy, or an empty list for an unknown or null id. */
    public static List<String> response(String id) {
        ObjectNode s = id == null ? null : load().get(id);
        List<String> out = new ArrayList<>();
        if (s != null) {
            s.path("response").forEach(r -> out.add(r.asText()));
        }
        return out;
    }

    /** {@code rule} followed by the strategy's steps that the rule does not already give. */
    public static List<String> withStrategySteps(List<String> rule, String strategy) {
        List<String> out = new ArrayList<>(rule);
        for (String step : response(strategy)) {
            if (!out.contains(step)) {
                out.add(step);
            }
        }
        return out;
    }

    private static Map<String, ObjectNode> load() {
        Map<String, ObjectNode> m = builtIn;
        if (m == null) {
            m = new LinkedHashMap<>();
            try {
                for (String name : resource("index.txt").split("\\s+")) {
                    if (!name.isBlank()) {
                        JsonNode doc = YAML.readTree(resource(name));
                        if (doc instanceof ObjectNode o) {
                            m.put(o.path("id").asText(name), o);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("built-in strategy documents unreadable: " + e.getMessage(), e);
            }
            builtIn = m;
        }
        return m;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Strategies.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IOException(BASE + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
