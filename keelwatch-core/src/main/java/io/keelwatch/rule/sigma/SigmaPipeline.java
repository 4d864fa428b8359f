package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Sigma processing pipeline ({@code io/keelwatch/rule/sigma/pipeline.yaml}): for a rule's logsource, the
 * Keelwatch sources it reads with their field mappings and implied conditions, and the placeholder values of the
 * {@code expand} modifier. The generic {@code json} source is always added, with field names read as paths.
 */
final class SigmaPipeline {
    static final String RESOURCE = "io/keelwatch/rule/sigma/pipeline.yaml";
    static final String JSON_SOURCE = "json";

    /** One logsource entry. */
    record Mapping(String name, Map<String, String> match, List<String> sources, Map<String, List<String>> fields,
                   List<String> defaults, Map<String, List<String>> require, boolean warnUnmapped) {
        /** The targets a Sigma field reads on this logsource's sources. */
        List<String> targets(String field) {
            List<String> t = fields.get(field);
            if (t != null) {
                return t;
            }
            if (defaults.isEmpty()) {
                return List.of(field);
            }
            List<String> out = new ArrayList<>();
            defaults.forEach(d -> out.add(d.replace("{field}", field)));
            return out;
        }

        boolean maps(String field) {
            return fields.containsKey(field) || !defaults.isEmpty();
        }
    }

    private static volatile SigmaPipeline standard;

    private final List<Mapping> mappings;
    private final Map<String, List<String>> placeholders;

    SigmaPipeline(List<Mapping> mappings, Map<String, List<String>> placeholders) {
        this.mappings = List.copyOf(mappings);
        this.placeholders = Map.copyOf(placeholders);
    }

    static SigmaPipeline standard() {
        SigmaPipeline p = standard;
        if (p == null) {
            try (InputStream in = SigmaPipeline.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                p = parse(new YAMLMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = p;
        }
        return p;
    }

    static SigmaPipeline parse(JsonNode root) {
        List<Mapping> maps = new ArrayList<>();
        for (JsonNode m : root.path("logsources")) {
            Map<String, String> match = new LinkedHashMap<>();
            m.path("match").fields().forEachRemaining(e -> match.put(e.getKey(), e.getValue().asText()
                    .toLowerCase(Locale.ROOT)));
            maps.add(new Mapping(m.path("name").asText(), match, strings(m.path("sources")), lists(m.path("fields")),
                    strings(m.path("default")), lists(m.path("require")), m.path("unmapped").asText().equals("warn")));
        }
        return new SigmaPipeline(maps, lists(root.path("placeholders")));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n.isValueNode()) {
            out.add(n.asText());
        }
        return out;
    }

    private static Map<String, List<String>> lists(JsonNode n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), strings(e.getValue())));
        return out;
    }

    /** The mapping for a rule's logsource (category, product, service), or null when none matches. */
    Mapping mapping(Map<String, String> logsource) {
        for (Mapping m : mappings) {
            boolean all = !m.match().isEmpty();
            for (Map.Entry<String, String> e : m.match().entrySet()) {
                String v = logsource.get(e.getKey());
                all &= v != null && v.toLowerCase(Locale.ROOT).equals(e.getValue());
            }
            if (all) {
                return m;
            }
        }
        return null;
    }

    /** Values of an {@code expand} placeholder, or null when the pipeline has none. */
    List<String> placeholder(String name) {
        return placeholders.get(name);
    }
}
