package io.keelwatch.rule.sigma;

import io.keelwatch.alert.Priority;
import io.keelwatch.rule.ForeignRule;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.OutputTemplate;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;
import io.keelwatch.rule.parse.YNode;
import io.keelwatch.rule.parse.YamlTreeReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma files (specification 2.1) compiled for Keelwatch's engine. Each detection rule becomes a rule whose id is the
 * Sigma {@code id}, running on the sources its logsource maps to in the Sigma pipeline ({@link SigmaPipeline}) and on
 * the generic {@code json} source; global filters become exceptions of the rules they name; correlations become
 * stateful rules ({@link SigmaCorrelations}). Levels map to priorities (informational: info). A rule using a
 * construct Keelwatch cannot evaluate is refused with an error naming the construct; the others still load. Every
 * alert names the rule's author and links to the rule (Detection Rule License).
 */
public final class SigmaRules {
    private static final Pattern TECHNIQUE = Pattern.compile("(?i)^attack\\.(t\\d{4}(\\.\\d{3})?)$");
    private static final Pattern TACTIC = Pattern.compile("(?i)^attack\\.([a-z][a-z_-]+)$");

    /** A detection rule compiled for its sources, before filters are attached. */
    record Compiled(SigmaDocument doc, String id, Map<String, Cond> bySource, List<ExceptionCompiler.Named> filters) {
    }

    private SigmaRules() {
    }

    public static List<ForeignRule> compile(List<RuleSetSource.RuleFile> files, Problems p) {
        return compile(files, SigmaPipeline.standard(), p);
    }

    static List<ForeignRule> compile(List<RuleSetSource.RuleFile> files, SigmaPipeline pipeline, Problems p) {
        List<SigmaDocument> docs = new ArrayList<>();
        for (RuleSetSource.RuleFile f : files) {
            int i = 0;
            for (YNode n : YamlTreeReader.read(new SourceFile(f.name(), f.text()), p)) {
                if (n instanceof YNode.Scalar s && s.isNull()) {
                    continue;
                }
                try {
                    docs.add(SigmaDocument.of(f.name(), i, n));
                } catch (SigmaRefusal r) {
                    p.error(r.loc() != null ? r.loc() : n.loc(), "Sigma document refused: " + r.getMessage());
                }
                i++;
            }
        }
        Map<String, Compiled> rules = new LinkedHashMap<>();
        for (SigmaDocument d : docs) {
            if (d.kind() == SigmaDocument.Kind.RULE) {
                Compiled c = rule(d, pipeline, p);
                if (c != null && rules.putIfAbsent(c.id(), c) != null) {
                    p.error(d.loc(), "duplicate Sigma rule id '" + c.id() + "'; the later rule is left out");
                }
            }
        }
        for (SigmaDocument d : docs) {
            if (d.kind() == SigmaDocument.Kind.FILTER) {
                SigmaFilters.apply(d, rules.values(), pipeline, p);
            }
        }
        SigmaCorrelations.Result correlations = SigmaCorrelations.compile(docs, rules.values(), pipeline, p);
        List<ForeignRule> out = new ArrayList<>();
        for (Compiled c : rules.values()) {
            ForeignRule r = foreign(c);
            out.add(correlations.silenced().contains(c.id()) ? SigmaCorrelations.disabled(r) : r);
        }
        out.addAll(correlations.rules());
        return out;
    }

    private static Compiled rule(SigmaDocument d, SigmaPipeline pipeline, Problems p) {
        YNode.Map detection = (YNode.Map) d.root().get("detection");
        SigmaPipeline.Mapping m = pipeline.mapping(d.logsource());
        Set<String> unmapped = new LinkedHashSet<>();
        try {
            Map<String, Cond> bySource = SigmaSources.compile(detection, m, pipeline, unmapped);
            if (!unmapped.isEmpty()) {
                p.warn(d.loc(), "Sigma rule '" + d.title() + "': " + SigmaSources.unmappedWarning(m, unmapped));
            }
            return new Compiled(d, d.ruleId(), bySource, new ArrayList<>());
        } catch (SigmaRefusal r) {
            p.error(r.loc() != null ? r.loc() : d.loc(), "Sigma rule '" + d.title() + "' refused: " + r.getMessage());
            return null;
        }
    }

    private static ForeignRule foreign(Compiled c) {
        SigmaDocument d = c.doc();
        Cond cond = new SigmaConds.BySource("sigma " + c.id(), c.bySource());
        return new ForeignRule(descriptor(d, c.id(), new ArrayList<>(c.bySource().keySet()), conditionText(d),
                c.filters().stream().map(ExceptionCompiler.Named::name).toList(), "stateless", Map.of()), cond,
                c.filters(), summary(d), RuleRuntime.STATELESS, d.loc());
    }

    private static String conditionText(SigmaDocument d) {
        try {
            List<String> parts = new ArrayList<>();
            SigmaDetection.conditions((YNode.Map) d.root().get("detection")).forEach(s -> parts.add(s.value().strip()));
            return String.join(" or ", parts);
        } catch (SigmaRefusal r) {
            return "";
        }
    }

    /** The descriptor of a Sigma rule or correlation. */
    static RuleDescriptor descriptor(SigmaDocument d, String id, List<String> sources, String condition,
                                     List<String> exceptions, String kind, Map<String, Object> params) {
        List<String> techniques = new ArrayList<>();
        List<String> tactics = new ArrayList<>();
        for (String t : d.tags()) {
            Matcher tm = TECHNIQUE.matcher(t);
            Matcher ta = TACTIC.matcher(t);
            if (tm.matches()) {
                techniques.add(tm.group(1).toUpperCase(Locale.ROOT));
            } else if (ta.matches()) {
                tactics.add(ta.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        String link = SigmaAttribution.link(d.file());
        List<String> tags = new ArrayList<>(d.tags());
        tags.add("sigma");
        tags.add("author:" + author(d));
        tags.add("sigma.link:" + link);
        if (SigmaAttribution.isSigmaHq(link)) {
            tags.add("license:DRL-1.1");
        }
        if (d.status() != null) {
            tags.add("sigma.status:" + d.status());
        }
        return new RuleDescriptor(id, d.title(), d.description() == null ? "" : d.description().strip(),
                priority(d.level()), techniques, tactics, null, sources, condition, exceptions, null, true, true, tags,
                d.falsePositives(), List.of(), List.of(attribution(d)), kind, params, d.loc().fileName(),
                d.loc().line(), List.of());
    }

    static Priority priority(String level) {
        if (level == null) {
            return Priority.MEDIUM;
        }
        return level.equals("informational") ? Priority.INFO : Priority.of(level);
    }

    static String author(SigmaDocument d) {
        return d.author() == null || d.author().isBlank() ? "unknown author" : d.author().strip();
    }

    /** "Sigma rule by AUTHOR: LINK (Detection Rule License 1.1)". */
    static String attribution(SigmaDocument d) {
        String link = SigmaAttribution.link(d.file());
        return "Sigma rule by " + author(d) + ": " + link
                + (SigmaAttribution.isSigmaHq(link) ? " (Detection Rule License 1.1)" : "");
    }

    /** Every alert's summary: the title and the attribution. */
    static OutputTemplate summary(SigmaDocument d) {
        return OutputTemplate.of(List.of(d.title() + " [" + attribution(d) + "]"));
    }

}
