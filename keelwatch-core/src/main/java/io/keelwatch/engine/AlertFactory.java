package io.keelwatch.engine;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.detect.Detection;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.CompiledRule;
import io.keelwatch.rule.RuleDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns (folded) detections into alerts. Rule metadata comes from the descriptor. A stateless rule's alert is the
 * rule's alert for its first event, with the fold's count, times and evidence. A stateful rule's alert takes its
 * summary from the rule's output for the last evidence event (the one that completed the pattern) followed by the
 * detector's reason ("12 short-lived entities ... within 1m"); its entity is the detection's key plus the entity
 * fields on which all evidence events agree (a burst over many containers names no single container).
 */
final class AlertFactory {
    private AlertFactory() {
    }

    static Alert alert(CompiledRule rule, Detection d, boolean stateful) {
        List<Event> events = new ArrayList<>();
        d.evidence().stream().filter(Objects::nonNull).forEach(events::add);
        if (!stateful && !events.isEmpty()) {
            Alert base = rule.alert(events.get(0));
            List<Evidence> ev = new ArrayList<>();
            events.forEach(e -> ev.add(Evidence.of(e, rule.summary(e))));
            return new Alert(d.timeNanos(), base.rule(), base.title(), base.priority(), base.techniques(),
                    base.tactics(), base.strategy(), base.source(), base.entity(), base.summary(), ev, base.response(),
                    d.count(), d.firstTime(), d.lastTime(), base.tags());
        }
        RuleDescriptor r = rule.descriptor();
        Event rep = events.isEmpty() ? null : events.get(events.size() - 1);
        String head = rep == null ? r.title() : rule.summary(rep);
        String summary = d.reason().isEmpty() ? head : head + ": " + d.reason();
        List<Evidence> ev = new ArrayList<>();
        events.forEach(e -> ev.add(Evidence.of(e, describe(e))));
        return new Alert(d.timeNanos(), r.id(), r.title(), r.priority(), r.techniques(), r.tactics(), r.strategy(),
                rep == null ? "" : rep.source(), entity(d, events), summary, ev, r.response(), d.count(),
                d.firstTime(), d.lastTime(), r.tags());
    }

    /** The detection's key, then the entity fields every evidence event that has them agrees on. */
    static Map<String, String> entity(Detection d, List<Event> events) {
        Map<String, String> out = new LinkedHashMap<>(d.key());
        Map<String, String> common = null;
        List<String> conflicting = new ArrayList<>();
        for (Event e : events) {
            Map<String, String> ent = CompiledRule.entity(e);
            if (common == null) {
                common = new LinkedHashMap<>(ent);
                continue;
            }
            for (Map.Entry<String, String> x : ent.entrySet()) {
                String prev = common.get(x.getKey());
                if (prev == null && !conflicting.contains(x.getKey())) {
                    common.put(x.getKey(), x.getValue());
                } else if (prev != null && !prev.equals(x.getValue())) {
                    common.remove(x.getKey());
                    conflicting.add(x.getKey());
                }
            }
        }
        if (common != null) {
            for (String f : CompiledRule.ENTITY_FIELDS) {
                if (common.containsKey(f)) {
                    out.putIfAbsent(f, common.get(f));
                }
            }
        }
        return out;
    }

    /** A one-line description of an evidence event: source, action and whom it is about. */
    static String describe(Event e) {
        StringBuilder sb = new StringBuilder(e.source());
        String action = e.action();
        Object lived = e.field("lifetime.seconds");
        if (lived != null) {
            // a short-lived entity of a lifetime burst: its start event, placed at its end
            sb.append(' ').append(action).append(" → ").append(e.string("lifetime.end_action")).append(" after ")
                    .append(lived).append('s');
        } else if (action != null) {
            sb.append(' ').append(action);
        }
        append(sb, "container", e.string(Fields.CONTAINER_NAME) != null ? e.string(Fields.CONTAINER_NAME)
                : e.string(Fields.CONTAINER_ID));
        append(sb, "pod", e.string(Fields.ORCH_RESOURCE_NAME) == null ? null
                : e.string(Fields.ORCH_NAMESPACE) + "/" + e.string(Fields.ORCH_RESOURCE_NAME));
        append(sb, "user", e.string(Fields.USER_NAME));
        append(sb, "path", e.string(Fields.URL_PATH));
        if (e.field(Fields.DEST_IP) != null) {
            append(sb, "to", e.string(Fields.DEST_IP) + (e.field(Fields.DEST_PORT) == null ? ""
                    : ":" + e.string(Fields.DEST_PORT)));
            append(sb, "state", e.string(Fields.NETWORK_STATE));
        }
        append(sb, "cpu%", e.string(Fields.CONTAINER_CPU_PCT));
        append(sb, "command", e.string(Fields.PROCESS_COMMAND_LINE));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String label, String value) {
        if (value != null) {
            sb.append(' ').append(label).append('=').append(value);
        }
    }
}
