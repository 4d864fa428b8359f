package io.keelwatch.rule;

import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ConditionCompiler;
import io.keelwatch.rule.compile.Conds;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.FieldChecker;
import io.keelwatch.rule.compile.ListResolver;
import io.keelwatch.rule.compile.MacroResolver;
import io.keelwatch.rule.compile.OutputTemplate;
import io.keelwatch.rule.parse.DefinitionParser;
import io.keelwatch.rule.parse.ExceptionDef;
import io.keelwatch.rule.parse.Item;
import io.keelwatch.rule.parse.ItemMerger;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleFileParser;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.SourceFile;
import io.keelwatch.rule.parse.YNode;
import io.keelwatch.rule.stateful.StatefulKinds;
import io.keelwatch.source.Sources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles rule files (all of them together: later files modify earlier definitions) and a tuning config into
 * a {@link CompiledRuleSet}. Every problem of every file is collected; nothing is thrown. Passes: YAML items
 * ({@link RuleFileParser}), append/override ({@link ItemMerger}), typed definitions ({@link DefinitionParser}),
 * lists ({@link ListResolver}), macros ({@link MacroResolver}), then each rule's condition, exceptions, output
 * and kind.
 */
public final class RuleCompiler {
    /**
     * Conditions and output templates that rules with the same text and sources share (copies of a rule), so that
     * what they compute for an event is computed once.
     */
    private record Shared(Map<List<Object>, Cond> conditions, Map<List<Object>, OutputTemplate> outputs) {
    }

    private final Map<String, RuleKindSupport> kinds;

    private RuleCompiler(Map<String, RuleKindSupport> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /**
     * The compiler the built-in pack and the CLI use: stateless rules and the stateful kinds of
     * {@link StatefulKinds} (threshold, sequence, lifetime, first_seen, baseline).
     */
    public static RuleCompiler standard() {
        RuleCompiler c = statelessOnly();
        for (RuleKindSupport k : StatefulKinds.all()) {
            c = c.withKind(k);
        }
        return c;
    }

    /** A compiler for stateless rules only (stateful kinds are reported as not supported). */
    public static RuleCompiler statelessOnly() {
        return new RuleCompiler(Map.of());
    }

    /** A copy that also compiles rules of {@code support.kind()}. */
    public RuleCompiler withKind(RuleKindSupport support) {
        Map<String, RuleKindSupport> k = new LinkedHashMap<>(kinds);
        k.put(support.kind(), support);
        return new RuleCompiler(k);
    }

    public static CompileResult compile(TuningConfig tuning, RuleSetSource... sources) {
        return standard().compileAll(List.of(sources), tuning);
    }

    public static CompileResult compile(List<RuleSetSource> sources, TuningConfig tuning) {
        return standard().compileAll(sources, tuning);
    }

    public CompileResult compileAll(List<RuleSetSource> sources, TuningConfig tuning) {
        Problems p = new Problems();
        List<Item> items = new ArrayList<>();
        ForeignRules foreign = new ForeignRules();
        for (RuleSetSource s : sources) {
            s.errors().forEach(p::error);
            for (RuleSetSource.RuleFile f : s.files()) {
                if (!foreign.claim(f)) {
                    items.addAll(RuleFileParser.parse(new SourceFile(f.name(), f.text()), p));
                }
            }
        }
        tuning.errors().forEach(p::error);
        DefinitionParser.Definitions defs = DefinitionParser.parse(ItemMerger.merge(items, p), p);
        Map<String, List<YNode.Scalar>> lists = ListResolver.resolve(defs.lists(), p);
        MacroResolver.Result macros = MacroResolver.resolve(defs.macros(), p);
        ConditionCompiler cc = new ConditionCompiler(macros, lists, defs.lists().keySet(), p);
        ExceptionCompiler xc = new ExceptionCompiler(cc, lists, p);
        Set<String> ids = new TreeSet<>();
        defs.rules().forEach(r -> ids.add(r.id()));
        List<CompiledRule> translated = foreign.compile(tuning, xc::compile, p);
        translated.forEach(r -> ids.add(r.id()));
        tuning.rules().values().forEach(t -> {
            if (!ids.contains(t.ruleId())) {
                p.warn(t.loc(), "tuning names rule '" + t.ruleId() + "', which is not loaded");
            }
        });
        Set<String> known = new TreeSet<>();
        Sources.defaults().all().forEach(r -> known.add(r.type()));
        List<CompiledRule> compiled = new ArrayList<>();
        Shared shared = new Shared(new HashMap<>(), new HashMap<>());
        for (RuleDef def : defs.rules()) {
            for (String s : def.sources()) {
                if (!known.isEmpty() && !known.contains(s)) {
                    p.warn(def.loc(), "rule '" + def.id() + "' lists source '" + s + "', which no reader produces "
                            + "(known: " + String.join(", ", known) + ")");
                }
            }
            CompiledRule r = compileRule(tuned(def, tuning), cc, xc, p, shared);
            if (r != null && !defs.invalid().contains(def.id())) {
                compiled.add(r);
            }
        }
        compiled.addAll(translated);
        return new CompileResult(p.errors(), p.warnings(), new CompiledRuleSet(compiled, tuning.allowlist()));
    }

    private static RuleDef tuned(RuleDef def, TuningConfig tuning) {
        TuningConfig.RuleTuning t = tuning.rules().get(def.id());
        if (t == null) {
            return def;
        }
        List<ExceptionDef> ex = new ArrayList<>(def.exceptions());
        ex.addAll(t.exceptions());
        return def.tuned(t.enabled() != null ? t.enabled() : def.enabled(),
                t.priority() != null ? t.priority() : def.priority(), ex);
    }

    private static RuleKindSupport.Context context(RuleDef def, ConditionCompiler cc, Problems p) {
        return new RuleKindSupport.Context() {
            @Override
            public Problems problems() {
                return p;
            }

            @Override
            public Cond condition(LocatedString text, String what) {
                return cc.compileText(text, def.sources(), what);
            }

            @Override
            public FieldPath field(YNode.Scalar name) {
                FieldChecker.Resolved r = FieldChecker.resolve(name.value(), name.loc(), def.sources(), p);
                return r == null ? null : r.path();
            }
        };
    }

    /**
     * Compiles one rule. Rules whose condition text and sources are those of an earlier rule (and compile without
     * a problem) get the earlier rule's condition object, which the rule set then tests once per event for all.
     */
    private CompiledRule compileRule(RuleDef def, ConditionCompiler cc, ExceptionCompiler xc, Problems p,
                                     Shared shared) {
        int before = p.errorCount();
        int warnings = p.warnings().size();
        Cond cond = def.condition() == null ? new Conds.Const("(no condition)", true)
                : cc.compileText(def.condition(), def.sources(), "in rule '" + def.id() + "'");
        if (cond != null && def.condition() != null && p.errorCount() == before && p.warnings().size() == warnings) {
            Cond own = cond;
            cond = shared.conditions().computeIfAbsent(List.of(def.condition().value(), def.sources()), k -> own);
        }
        List<ExceptionCompiler.Named> exceptions = new ArrayList<>();
        for (ExceptionDef d : def.exceptions()) {
            ExceptionCompiler.Named n = xc.compile(d, def.sources(), def.id());
            if (n != null) {
                exceptions.add(n);
            }
        }
        OutputTemplate output = null;
        if (def.output() != null) {
            int errors = p.errorCount();
            output = OutputTemplate.compile(def.output(), def.sources(), p);
            if (output != null && p.errorCount() == errors) {
                OutputTemplate own = output;
                output = shared.outputs().computeIfAbsent(List.of(def.output().value(), def.sources()), k -> own);
            }
        }
        RuleRuntime runtime = RuleRuntime.STATELESS;
        Map<String, Object> params = Map.of();
        if (def.kind() instanceof RuleKind.Stateful s) {
            params = s.plainParams();
            RuleKindSupport support = kinds.get(s.name());
            if (support == null) {
                p.error(s.loc(), "rule kind '" + s.name() + "' not supported yet (rule '" + def.id() + "')");
                runtime = null;
            } else {
                runtime = support.compile(def, s, context(def, cc, p));
            }
        }
        if (p.errorCount() > before || cond == null || runtime == null) {
            return null;
        }
        Set<String> actions = cond.requiredActions();
        List<String> exNames = def.exceptions().stream().map(ExceptionDef::name).toList();
        RuleDescriptor d = new RuleDescriptor(def.id(), def.title(), def.description(), def.priority(),
                def.techniques(), def.tactics(), def.strategy(), def.sources(),
                def.condition() == null ? "" : def.condition().value().strip(), exNames,
                def.output() == null ? null : def.output().value(), def.enabled(), def.allowlist(), def.tags(),
                def.falsePositives(), def.blindSpots(), Strategies.withStrategySteps(def.response(), def.strategy()),
                def.kind().name(), params,
                def.loc().fileName(), def.loc().line(), actions == null ? List.of() : List.copyOf(new TreeSet<>(actions)));
        return new CompiledRule(d, cond, exceptions, output, runtime);
    }
}
