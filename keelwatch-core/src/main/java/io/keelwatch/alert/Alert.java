package io.keelwatch.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Times;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detection. Immutable. {@code timeNanos} is the triggering event's time; {@code entity} names what the alert
 * is about (container, pod, user, host ... as far as the event tells), in a stable key order; {@code count} is
 * 1 for a stateless rule and more when several hits were folded into one alert (then {@code firstTime} and
 * {@code lastTime} span them).
 */
public record Alert(long timeNanos, String rule, String title, Priority priority, List<String> techniques,
                    List<String> tactics, String strategy, String source, Map<String, String> entity,
                    String summary, List<Evidence> evidence, List<String> response, long count, long firstTime,
                    long lastTime, List<String> tags) {

    public Alert {
        techniques = List.copyOf(techniques);
        tactics = List.copyOf(tactics);
        entity = Collections.unmodifiableMap(new LinkedHashMap<>(entity));
        evidence = List.copyOf(evidence);
        response = List.copyOf(response);
        tags = List.copyOf(tags);
    }

    /**
     * This alert with {@code later} folded in: counts add up, the time span widens and evidence is appended up
     * to {@code maxEvidence} items. Everything else (summary, entity) stays this alert's.
     */
    public Alert fold(Alert later, int maxEvidence) {
        List<Evidence> ev = new ArrayList<>(evidence);
        for (Evidence e : later.evidence) {
            if (ev.size() >= maxEvidence) {
                break;
            }
            ev.add(e);
        }
        return new Alert(timeNanos, rule, title, priority, techniques, tactics, strategy, source, entity, summary,
                ev, response, count + later.count, Math.min(firstTime, later.firstTime),
                Math.max(lastTime, later.lastTime), tags);
    }

    /** A copy with another priority (tuning). */
    public Alert withPriority(Priority p) {
        return new Alert(timeNanos, rule, title, p, techniques, tactics, strategy, source, entity, summary,
                evidence, response, count, firstTime, lastTime, tags);
    }

    /**
     * JSON with keys time, rule, title, priority (lower case), techniques, tactics, strategy, source, entity,
     * summary, evidence, response, count, first_time, last_time, tags. Times are RFC 3339 UTC with nine
     * fractional digits.
     */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("time", Times.format(timeNanos));
        o.put("rule", rule);
        o.put("title", title);
        o.put("priority", priority.label());
        o.set("techniques", strings(techniques));
        o.set("tactics", strings(tactics));
        if (strategy == null) {
            o.putNull("strategy");
        } else {
            o.put("strategy", strategy);
        }
        o.put("source", source);
        ObjectNode ent = o.putObject("entity");
        entity.forEach(ent::put);
        o.put("summary", summary);
        ArrayNode ev = o.putArray("evidence");
        evidence.forEach(e -> ev.add(e.toJson()));
        o.set("response", strings(response));
        o.put("count", count);
        o.put("first_time", Times.format(firstTime));
        o.put("last_time", Times.format(lastTime));
        o.set("tags", strings(tags));
        return o;
    }

    private static ArrayNode strings(List<String> l) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        l.forEach(a::add);
        return a;
    }
}
