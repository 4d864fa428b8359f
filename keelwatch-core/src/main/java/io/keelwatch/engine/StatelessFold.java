package io.keelwatch.engine;

import io.keelwatch.detect.Detection;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.CompiledRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stateless rule's match as a {@link Detection} whose key is what makes two matches "the same alert": the filled
 * summary (the rule's output: command line, user, names...) and the workload it is about (container, by name or by
 * the first 12 characters of its id; pod, by namespace and name). The suppressor folds detections of one rule with
 * one key inside its window, so the several records of one action (Docker's exec_create and exec_start events and
 * the daemon's API call for one {@code docker exec}) make one alert with a count.
 */
final class StatelessFold {
    static final String SUMMARY = "summary";
    static final String CONTAINER = "container";
    static final String POD = "pod";

    private StatelessFold() {
    }

    static Detection detection(CompiledRule r, Event e) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put(SUMMARY, r.summary(e));
        String c = container(e);
        if (c != null) {
            key.put(CONTAINER, c);
        }
        String ns = e.string(Fields.ORCH_NAMESPACE);
        String pod = e.string(Fields.ORCH_RESOURCE_NAME);
        if (ns != null || pod != null) {
            key.put(POD, (ns == null ? "" : ns) + "/" + (pod == null ? "" : pod));
        }
        long t = e.timeNanos();
        return new Detection(r.id(), t, key, List.of(e), 1, t, t, Map.of(), "");
    }

    private static String container(Event e) {
        String name = e.string(Fields.CONTAINER_NAME);
        if (name != null) {
            return name;
        }
        String id = e.string(Fields.CONTAINER_ID);
        return id == null ? null : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
