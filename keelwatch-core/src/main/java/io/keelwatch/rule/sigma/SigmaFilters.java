package io.keelwatch.rule.sigma;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.YNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Sigma global filters ({@code filter: {rules: [...], <identifiers>, condition}}): for every rule they name (by id or
 * name) the filter's condition, compiled with that rule's field mappings, becomes an exception — the rule fires only
 * when its own condition holds and the filter's does not.
 */
final class SigmaFilters {
    private SigmaFilters() {
    }

    static void apply(SigmaDocument f, Collection<SigmaRules.Compiled> rules, SigmaPipeline pipeline, Problems p) {
        if (!(f.root().get("filter") instanceof YNode.Map spec)) {
            p.error(f.loc(), "Sigma filter '" + f.title() + "' refused: 'filter' must be a mapping");
            return;
        }
        List<String> refs = SigmaDocument.strings(spec.get("rules"));
        if (refs.isEmpty()) {
            p.error(f.loc(), "Sigma filter '" + f.title() + "' refused: 'filter.rules' names no rule");
            return;
        }
        List<YNode.Entry> entries = new ArrayList<>();
        spec.entries().stream().filter(e -> !e.key().equals("rules")).forEach(entries::add);
        YNode.Map detection = new YNode.Map(entries, spec.loc());
        for (String ref : refs) {
            SigmaRules.Compiled target = rules.stream().filter(r -> r.doc().isNamed(ref)).findFirst().orElse(null);
            if (target == null) {
                p.warn(spec.get("rules").loc(), "Sigma filter '" + f.title() + "' names rule '" + ref
                        + "', which is not loaded");
                continue;
            }
            if (!sameLogsource(f.logsource(), target.doc().logsource())) {
                p.warn(f.loc(), "Sigma filter '" + f.title() + "' has logsource " + f.logsource() + " but rule '" + ref
                        + "' has " + target.doc().logsource());
            }
            try {
                Map<String, Cond> bySource = SigmaSources.compile(detection,
                        pipeline.mapping(target.doc().logsource()), pipeline, new HashSet<>());
                target.filters().add(new ExceptionCompiler.Named("sigma filter: " + f.title(),
                        new SigmaConds.BySource("filter " + f.title(), bySource)));
            } catch (SigmaRefusal r) {
                p.error(r.loc() != null ? r.loc() : f.loc(), "Sigma filter '" + f.title() + "' refused: "
                        + r.getMessage());
                return;
            }
        }
    }

    private static boolean sameLogsource(Map<String, String> a, Map<String, String> b) {
        for (String k : List.of("category", "product", "service")) {
            String x = a.get(k);
            String y = b.get(k);
            if (x != null && y != null && !x.equalsIgnoreCase(y)) {
                return false;
            }
        }
        return true;
    }
}
