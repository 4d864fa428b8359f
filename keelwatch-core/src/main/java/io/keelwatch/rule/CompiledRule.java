package io.keelwatch.rule;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.OutputTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rule ready to evaluate: its descriptor, compiled condition and exceptions, summary template and runtime. */
public final class CompiledRule {
    /** Normalized fields copied into an alert's entity, in this order, when the event has them. */
    public static final List<String> ENTITY_FIELDS = List.of(Fields.CONTAINER_ID, Fields.CONTAINER_NAME,
            Fields.CONTAINER_IMAGE, Fields.ORCH_NAMESPACE, Fields.ORCH_RESOURCE_TYPE, Fields.ORCH_RESOURCE_NAME,
            Fields.ORCH_NODE, Fields.USER_NAME, Fields.SOURCE_IP, Fields.DEST_IP, Fields.PROCESS_NAME,
            Fields.HOST_NAME);

    private final RuleDescriptor descriptor;
    private final Cond condition;
    private final List<ExceptionCompiler.Named> exceptions;
    private final OutputTemplate output;
    private final RuleRuntime runtime;

    CompiledRule(RuleDescriptor descriptor, Cond condition, List<ExceptionCompiler.Named> exceptions,
                 OutputTemplate output, RuleRuntime runtime) {
        this.descriptor = descriptor;
        this.condition = condition;
        this.exceptions = List.copyOf(exceptions);
        this.output = output;
        this.runtime = runtime;
    }

    public RuleDescriptor descriptor() {
        return descriptor;
    }

    public String id() {
        return descriptor.id();
    }

    public Cond condition() {
        return condition;
    }

    public RuleRuntime runtime() {
        return runtime;
    }

    public boolean conditionHolds(Event e) {
        return condition.test(e);
    }

    /** The name of the first exception that matches, or null. */
    /** The compiled exceptions, in order. */
    public List<ExceptionCompiler.Named> exceptions() {
        return exceptions;
    }

    public String exceptionHit(Event e) {
        for (ExceptionCompiler.Named x : exceptions) {
            if (x.cond().test(e)) {
                return x.name();
            }
        }
        return null;
    }

    /** The summary for an event: the output template filled in (the title when the rule has no output). */
    public String summary(Event e) {
        return output == null ? descriptor.title() : output.render(e);
    }

    /** The alert this rule raises for one event (count 1). */
    public Alert alert(Event e) {
        String summary = summary(e);
        return new Alert(e.timeNanos(), descriptor.id(), descriptor.title(), descriptor.priority(),
                descriptor.techniques(), descriptor.tactics(), descriptor.strategy(), e.source(), entity(e), summary,
                List.of(Evidence.of(e, summary)), descriptor.response(), 1, e.timeNanos(), e.timeNanos(),
                descriptor.tags());
    }

    /** The entity of an event: the {@link #ENTITY_FIELDS} it has, as text. */
    public static Map<String, String> entity(Event e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : ENTITY_FIELDS) {
            Object v = e.field(f);
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(f, v.toString());
            }
        }
        return out;
    }

    /** Condition, exceptions and allow-list outcome for one event. */
    Explanation explain(Event e, Allowlist allowlist) {
        List<Explanation> parts = new ArrayList<>();
        Explanation cond = condition.explain(e);
        parts.add(cond);
        String hit = null;
        for (ExceptionCompiler.Named x : exceptions) {
            Explanation ex = x.cond().explain(e);
            if (ex.held() && hit == null) {
                hit = x.name();
            }
            parts.add(ex);
        }
        String allow = null;
        if (descriptor.allowlist()) {
            allow = allowlist.match(e).map(Allowlist.Match::toString).orElse(null);
            parts.add(Explanation.leaf("allowlist", allow != null, allow == null ? List.of() : List.of(allow)));
        }
        boolean fires = cond.held() && hit == null && allow == null;
        String verdict = !cond.held() ? "condition did not hold" : hit != null ? "exception " + hit + " matched"
                : allow != null ? "allow-listed (" + allow + ")" : "fires";
        return Explanation.node("rule " + descriptor.id() + ": " + verdict, fires, parts);
    }
}
