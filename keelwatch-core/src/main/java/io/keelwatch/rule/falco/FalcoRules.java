package io.keelwatch.rule.falco;

import io.keelwatch.alert.Priority;
import io.keelwatch.rule.ForeignRule;
import io.keelwatch.rule.RuleDescriptor;
import io.keelwatch.rule.RuleRuntime;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.OutputTemplate;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Falco rule files compiled for Keelwatch's engine. Rules of Falco's {@code k8s_audit} source run on events of
 * the {@code k8s_audit} reader, with their Falco name as rule id and title; Falco priorities map to Keelwatch's
 * (EMERGENCY, ALERT, CRITICAL: critical; ERROR: high; WARNING: medium; NOTICE: low; INFORMATIONAL, INFO, DEBUG:
 * info) and the original is kept as a {@code falco.priority:...} tag. Rules of other sources (syscall, plugins
 * other than k8saudit) are refused with an error naming the source. {@code skip-if-unknown-filter: true} turns
 * a rule's field errors into a warning and skips the rule, as in Falco.
 */
public final class FalcoRules {
    public static final String SOURCE = "k8s_audit";
    private static final Pattern TECHNIQUE = Pattern.compile("(?i)^(T\\d{4}(\\.\\d{3})?)$");
    private static final Pattern TACTIC = Pattern.compile("^mitre_([a-z_]+)$");

    private FalcoRules() {
    }

    public static List<ForeignRule> compile(List<RuleSetSource.RuleFile> files, Problems p) {
        List<SourceFile> sources = new ArrayList<>();
        files.forEach(f -> sources.add(new SourceFile(f.name(), f.text())));
        FalcoDefs defs = FalcoLoader.load(sources, p);
        Map<String, List<String>> lists = defs.expandedLists();
        Map<String, LocatedString> macros = new LinkedHashMap<>();
        defs.macros.forEach((k, v) -> macros.put(k, v.condition()));
        List<ForeignRule> out = new ArrayList<>();
        for (FalcoDefs.RuleDef r : defs.rules.values()) {
            Problems local = new Problems();
            ForeignRule fr = rule(r, new FalcoConditions(lists, macros, local), local);
            if (local.errorCount() > 0 && r.skipIfUnknownFilter) {
                p.warn(r.loc.error("Falco rule '" + r.name + "' skipped (skip-if-unknown-filter): "
                        + local.errors().get(0).message()));
                continue;
            }
            local.errors().forEach(p::error);
            local.warnings().forEach(p::warn);
            if (fr != null && local.errorCount() == 0) {
                out.add(fr);
            }
        }
        return out;
    }

    private static ForeignRule rule(FalcoDefs.RuleDef r, FalcoConditions cc, Problems p) {
        String what = "in rule '" + r.name + "'";
        if (!r.source.equals(SOURCE)) {
            p.error((r.sourceLoc != null ? r.sourceLoc : r.loc), "Falco rule '" + r.name + "' is for source '"
                    + r.source + "'; Keelwatch runs Falco rules of the k8s_audit source only");
            return null;
        }
        Priority priority = priority(r, p);
        Cond cond = r.condition == null ? null : cc.compile(r.condition, what);
        List<ExceptionCompiler.Named> ex = new ArrayList<>();
        for (FalcoDefs.ExceptionDef d : r.exceptions) {
            ExceptionCompiler.Named n = FalcoExceptions.compile(d, r.name, cc, p);
            if (n != null) {
                ex.add(n);
            }
        }
        OutputTemplate output = r.output == null ? null : FalcoOutput.compile(r.output, r.name, p);
        if (cond == null || priority == null || p.errorCount() > 0) {
            return null;
        }
        List<String> techniques = new ArrayList<>();
        List<String> tactics = new ArrayList<>();
        for (String t : r.tags) {
            Matcher m = TECHNIQUE.matcher(t);
            if (m.matches()) {
                techniques.add(m.group(1).toUpperCase(Locale.ROOT));
            }
            Matcher tm = TACTIC.matcher(t);
            if (tm.matches()) {
                tactics.add(tm.group(1).replace('_', '-'));
            }
        }
        List<String> tags = new ArrayList<>(r.tags);
        tags.add("falco");
        tags.add("falco.priority:" + r.priority.value().toUpperCase(Locale.ROOT));
        Set<String> actions = cond.requiredActions();
        RuleDescriptor d = new RuleDescriptor(r.name, r.name, r.desc, priority, techniques, tactics, null,
                List.of(SOURCE), r.condition.value().strip(), ex.stream().map(ExceptionCompiler.Named::name).toList(),
                r.output == null ? null : r.output.value().strip(), r.enabled, true, tags, List.of(), List.of(),
                List.of(), "stateless", Map.of(), r.loc.fileName(), r.loc.line(),
                actions == null ? List.of() : List.copyOf(new TreeSet<>(actions)));
        return new ForeignRule(d, cond, ex, output, RuleRuntime.STATELESS, r.loc);
    }

    /** Falco's priority names (any case) mapped to Keelwatch's; null after reporting an unknown one. */
    static Priority priority(FalcoDefs.RuleDef r, Problems p) {
        if (r.priority == null) {
            p.error(r.loc, "Falco rule '" + r.name + "' has no priority");
            return null;
        }
        return switch (r.priority.value().trim().toUpperCase(Locale.ROOT)) {
            case "EMERGENCY", "ALERT", "CRITICAL" -> Priority.CRITICAL;
            case "ERROR" -> Priority.HIGH;
            case "WARNING" -> Priority.MEDIUM;
            case "NOTICE" -> Priority.LOW;
            case "INFORMATIONAL", "INFO", "DEBUG" -> Priority.INFO;
            default -> {
                p.error(r.priority.loc(), "unknown Falco priority '" + r.priority.value() + "' of rule '" + r.name
                        + "' (EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG)");
                yield null;
            }
        };
    }

}
