package io.keelwatch.rule;

import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.falco.FalcoRules;
import io.keelwatch.rule.parse.ExceptionDef;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.sigma.SigmaRules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Sigma and Falco files of a rule set, set aside while {@link RuleCompiler} reads the engine's own files and
 * compiled into {@link CompiledRule}s next to them. Falco files are compiled together in load order (later files
 * append to and override earlier ones); Sigma files together (correlations and filters name rules of any file).
 * A file of only lists and macros ({@link RuleFormat#UNDECIDED}) is Falco when it changes a name an earlier Falco
 * file defined; else the engine's own when it changes one of the engine's names or no Falco file came before it;
 * else Falco. Tuning ({@code enabled}, {@code priority}, exceptions) applies to these
 * rules by id like to any other.
 */
public final class ForeignRules {
    /** Compiles a tuning exception (written in Keelwatch's language) for a rule's sources; null after errors. */
    @FunctionalInterface
    public interface ExceptionTranslator {
        ExceptionCompiler.Named compile(ExceptionDef d, List<String> sources, String ruleId);
    }

    private final List<RuleSetSource.RuleFile> falco = new ArrayList<>();
    private final List<RuleSetSource.RuleFile> sigma = new ArrayList<>();
    private final Set<String> falcoNames = new HashSet<>();
    private final Set<String> nativeNames = new HashSet<>();

    /** True when {@code f} is a Sigma or Falco file (kept for {@link #compile}); false for Keelwatch's own rules. */
    public boolean claim(RuleSetSource.RuleFile f) {
        RuleFormat fmt = RuleFormat.detect(f.text());
        Set<String> names = RuleFormat.itemNames(f.text());
        if (fmt == RuleFormat.UNDECIDED) {
            fmt = names.stream().anyMatch(falcoNames::contains) ? RuleFormat.FALCO
                    : names.stream().anyMatch(nativeNames::contains) || falco.isEmpty() ? RuleFormat.NATIVE
                    : RuleFormat.FALCO;
        }
        switch (fmt) {
            case SIGMA -> sigma.add(f);
            case FALCO -> {
                falco.add(f);
                falcoNames.addAll(names);
            }
            default -> {
                nativeNames.addAll(names);
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return falco.isEmpty() && sigma.isEmpty();
    }

    /** Compiles the claimed files; problems go to {@code p}. */
    public List<CompiledRule> compile(TuningConfig tuning, ExceptionTranslator xc, Problems p) {
        List<ForeignRule> rules = new ArrayList<>();
        if (!falco.isEmpty()) {
            rules.addAll(FalcoRules.compile(falco, p));
        }
        if (!sigma.isEmpty()) {
            rules.addAll(SigmaRules.compile(sigma, p));
        }
        List<CompiledRule> out = new ArrayList<>();
        for (ForeignRule r : rules) {
            CompiledRule c = tuned(r, tuning, xc, p);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Builds one compiled rule, with the tuning for its id. */
    public static CompiledRule build(ForeignRule r) {
        return new CompiledRule(r.descriptor(), r.condition(), r.exceptions(), r.output(), r.runtime());
    }

    private static CompiledRule tuned(ForeignRule r, TuningConfig tuning, ExceptionTranslator xc, Problems p) {
        RuleDescriptor d = r.descriptor();
        TuningConfig.RuleTuning t = tuning.rules().get(d.id());
        if (t == null) {
            return build(r);
        }
        List<ExceptionCompiler.Named> ex = new ArrayList<>(r.exceptions());
        List<String> names = new ArrayList<>(d.exceptions());
        int before = p.errorCount();
        for (ExceptionDef e : t.exceptions()) {
            ExceptionCompiler.Named n = xc.compile(e, d.sources(), d.id());
            if (n != null) {
                ex.add(n);
                names.add(n.name());
            }
        }
        if (p.errorCount() > before) {
            return null;
        }
        RuleDescriptor td = new RuleDescriptor(d.id(), d.title(), d.description(),
                t.priority() != null ? t.priority() : d.priority(), d.techniques(), d.tactics(), d.strategy(),
                d.sources(), d.condition(), names, d.output(), t.enabled() != null ? t.enabled() : d.enabled(),
                d.allowlist(), d.tags(), d.falsePositives(), d.blindSpots(), d.response(), d.kind(), d.kindParams(),
                d.file(), d.line(), d.actions());
        return new CompiledRule(td, r.condition(), ex, r.output(), r.runtime());
    }
}
