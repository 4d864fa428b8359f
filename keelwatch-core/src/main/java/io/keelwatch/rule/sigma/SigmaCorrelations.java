package io.keelwatch.rule.sigma;

import io.keelwatch.detect.StateLimits;
import io.keelwatch.event.Event;
import io.keelwatch.rule.ForeignRule;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.Values;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.stateful.StatefulRuntime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sigma correlation rules as stateful rules of the engine ({@link SigmaCorrelationDetector} under a
 * {@link StatefulRuntime}). A correlation's condition (its gate) is "one of the detection rules it reaches — directly
 * or through the correlations it names — matches", each with its global filters. Rules reached only by correlations
 * without {@code generate: true} do not alert on their own (they are compiled disabled).
 */
final class SigmaCorrelations {
    /** The compiled correlations and the ids of the rules that must not alert on their own. */
    record Result(List<ForeignRule> rules, Set<String> silenced) {
    }

    private final Map<String, SigmaRules.Compiled> detections = new LinkedHashMap<>();
    private final Map<String, SigmaDocument> correlations = new LinkedHashMap<>();
    private final Map<String, SigmaCorrelationSpec> specs = new LinkedHashMap<>();
    private final SigmaPipeline pipeline;

    private SigmaCorrelations(SigmaPipeline pipeline) {
        this.pipeline = pipeline;
    }

    static Result compile(List<SigmaDocument> docs, Collection<SigmaRules.Compiled> rules, SigmaPipeline pipeline,
                          Problems p) {
        SigmaCorrelations c = new SigmaCorrelations(pipeline);
        rules.forEach(r -> c.detections.put(r.id(), r));
        for (SigmaDocument d : docs) {
            if (d.kind() == SigmaDocument.Kind.CORRELATION) {
                try {
                    c.specs.put(d.ruleId(), SigmaCorrelationSpec.parse(d));
                    c.correlations.put(d.ruleId(), d);
                } catch (SigmaRefusal r) {
                    p.error(r.loc() != null ? r.loc() : d.loc(), "Sigma correlation '" + d.title() + "' refused: "
                            + r.getMessage());
                }
            }
        }
        List<ForeignRule> out = new ArrayList<>();
        Set<String> silenced = new HashSet<>();
        Set<String> generated = new HashSet<>();
        for (String id : new ArrayList<>(c.correlations.keySet())) {
            SigmaDocument d = c.correlations.get(id);
            try {
                c.leaves(id, new ArrayList<>());
                for (String ref : c.specs.get(id).rules()) {
                    String target = c.resolve(ref);
                    (c.specs.get(id).generate() ? generated : silenced).add(target);
                }
                out.add(c.rule(id));
            } catch (SigmaRefusal r) {
                p.error(r.loc() != null ? r.loc() : d.loc(), "Sigma correlation '" + d.title() + "' refused: "
                        + r.getMessage());
            }
        }
        silenced.removeAll(generated);
        List<ForeignRule> result = new ArrayList<>();
        for (ForeignRule r : out) {
            result.add(silenced.contains(r.descriptor().id()) ? disabled(r) : r);
        }
        return new Result(result, silenced);
    }

    static ForeignRule disabled(ForeignRule r) {
        RuleDescriptor d = r.descriptor();
        RuleDescriptor off = new RuleDescriptor(d.id(), d.title(), d.description(), d.priority(), d.techniques(),
                d.tactics(), d.strategy(), d.sources(), d.condition(), d.exceptions(), d.output(), false, d.allowlist(),
                d.tags(), d.falsePositives(), d.blindSpots(), d.response(), d.kind(), d.kindParams(), d.file(),
                d.line(), d.actions());
        return new ForeignRule(off, r.condition(), r.exceptions(), r.output(), r.runtime(), r.loc());
    }

    /** The id of the rule or correlation a reference names. */
    private String resolve(String ref) throws SigmaRefusal {
        for (SigmaRules.Compiled r : detections.values()) {
            if (r.doc().isNamed(ref)) {
                return r.id();
            }
        }
        for (SigmaDocument d : correlations.values()) {
            if (d.isNamed(ref)) {
                return d.ruleId();
            }
        }
        throw new SigmaRefusal("names rule '" + ref + "', which is not loaded (or was refused)");
    }

    /** The detection rules a correlation reaches; refuses cycles. */
    private Set<String> leaves(String id, List<String> path) throws SigmaRefusal {
        if (path.contains(id)) {
            throw new SigmaRefusal("correlations refer to each other in a cycle: " + String.join(" -> ", path) + " -> "
                    + id);
        }
        path.add(id);
        Set<String> out = new LinkedHashSet<>();
        for (String ref : specs.get(id).rules()) {
            String t = resolve(ref);
            if (detections.containsKey(t)) {
                out.add(t);
            } else {
                out.addAll(leaves(t, path));
            }
        }
        path.remove(path.size() - 1);
        return out;
    }

    private ForeignRule rule(String id) throws SigmaRefusal {
        SigmaDocument d = correlations.get(id);
        SigmaCorrelationSpec spec = specs.get(id);
        List<Cond> gate = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        for (String leaf : leaves(id, new ArrayList<>())) {
            gate.add(matcher(detections.get(leaf)));
            sources.addAll(detections.get(leaf).bySource().keySet());
        }
        Cond cond = gate.size() == 1 ? gate.get(0) : new Conds.Or("any referenced rule", gate);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("type", spec.type());
        params.put("rules", spec.rules());
        params.put("group-by", spec.groupBy());
        params.put("timespan", spec.timespan().toString());
        RuleDescriptor desc = SigmaRules.descriptor(d, id, new ArrayList<>(sources), spec.conditionText(), List.of(),
                "sigma_correlation", params);
        StatefulRuntime runtime = StatefulRuntime.of("sigma_correlation", g -> detector(id, g));
        return new ForeignRule(desc, cond, List.of(), SigmaRules.summary(d), runtime, d.loc());
    }

    /** A detection rule's condition with its filters: the rule matches the event. */
    private static Cond matcher(SigmaRules.Compiled r) {
        Cond c = new SigmaConds.BySource("rule " + r.id(), r.bySource());
        List<Cond> terms = new ArrayList<>(List.of(c));
        for (ExceptionCompiler.Named f : r.filters()) {
            terms.add(new Conds.Not("not " + f.name(), f.cond()));
        }
        return terms.size() == 1 ? c : new SigmaConds.Named("rule " + r.id(), new Conds.And("and", terms));
    }

    private SigmaCorrelationDetector detector(String id, Predicate<Event> gate) {
        SigmaCorrelationSpec spec = specs.get(id);
        List<SigmaCorrelationDetector.Base> bases = new ArrayList<>();
        List<SigmaCorrelationDetector.Nested> nested = new ArrayList<>();
        for (String ref : spec.rules()) {
            String t;
            try {
                t = resolve(ref);
            } catch (SigmaRefusal r) {
                throw new IllegalStateException(r);
            }
            if (detections.containsKey(t)) {
                SigmaRules.Compiled r = detections.get(t);
                Cond m = matcher(r);
                SigmaPipeline.Mapping mapping = pipeline.mapping(r.doc().logsource());
                bases.add(new SigmaCorrelationDetector.Base(m::test, e -> key(spec, r.doc(), mapping, e),
                        e -> spec.field() == null ? null : first(field(spec.fieldFor(spec.field(), r.doc()), mapping,
                                e))));
            } else {
                SigmaDocument inner = correlations.get(t);
                nested.add(new SigmaCorrelationDetector.Nested(g -> detector(t, g), k -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    for (String g : spec.groupBy()) {
                        String v = k.get(spec.fieldFor(g, inner));
                        if (v == null) {
                            return null;
                        }
                        out.put(g, v);
                    }
                    return out;
                }));
            }
        }
        return new SigmaCorrelationDetector(id, spec, gate, bases, nested, StateLimits.DEFAULT);
    }

    private Map<String, String> key(SigmaCorrelationSpec spec, SigmaDocument doc, SigmaPipeline.Mapping m, Event e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String g : spec.groupBy()) {
            String v = Values.text(first(field(spec.fieldFor(g, doc), m, e)));
            if (v == null) {
                return null;
            }
            out.put(g, v);
        }
        return out;
    }

    private static List<Object> field(String name, SigmaPipeline.Mapping m, Event e) {
        return SigmaSources.field(name, e.source(), m).values(e);
    }

    private static Object first(List<Object> vs) {
        return vs.isEmpty() ? null : vs.get(0);
    }
}
