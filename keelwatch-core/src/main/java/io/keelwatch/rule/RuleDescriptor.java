package io.keelwatch.rule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Priority;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything known about a compiled rule, for {@code rules list} and {@code rules describe}. {@code priority}
 * and {@code enabled} are the effective values after tuning; {@code exceptions} names the rule's and the
 * tuning's exceptions; {@code actions} lists the {@code event.action} values the rule is indexed under (empty
 * when it is evaluated for every action); {@code kindParams} holds the keys of stateful kinds.
 */
public record RuleDescriptor(String id, String title, String description, Priority priority,
                             List<String> techniques, List<String> tactics, String strategy, List<String> sources,
                             String condition, List<String> exceptions, String output, boolean enabled,
                             boolean allowlist, List<String> tags, List<String> falsePositives,
                             List<String> blindSpots, List<String> response, String kind,
                             Map<String, Object> kindParams, String file, int line, List<String> actions) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RuleDescriptor {
        techniques = List.copyOf(techniques);
        tactics = List.copyOf(tactics);
        sources = List.copyOf(sources);
        exceptions = List.copyOf(exceptions);
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        blindSpots = List.copyOf(blindSpots);
        response = List.copyOf(response);
        kindParams = Collections.unmodifiableMap(new LinkedHashMap<>(kindParams));
        actions = List.copyOf(actions);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("title", title);
        o.put("description", description);
        o.put("priority", priority.label());
        o.set("techniques", array(techniques));
        o.set("tactics", array(tactics));
        o.put("strategy", strategy);
        o.set("sources", array(sources));
        o.put("kind", kind);
        if (!kindParams.isEmpty()) {
            o.set("kind_params", MAPPER.valueToTree(kindParams));
        }
        o.put("condition", condition);
        o.set("exceptions", array(exceptions));
        o.put("output", output);
        o.put("enabled", enabled);
        o.put("allowlist", allowlist);
        o.set("tags", array(tags));
        o.set("false_positives", array(falsePositives));
        o.set("blind_spots", array(blindSpots));
        o.set("response", array(response));
        o.put("file", file);
        o.put("line", line);
        o.set("actions", array(actions));
        return o;
    }

    private static ArrayNode array(List<String> l) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        l.forEach(a::add);
        return a;
    }
}
