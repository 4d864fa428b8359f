package io.keelwatch.rule;

import io.keelwatch.alert.Priority;
import io.keelwatch.rule.parse.ExceptionDef;
import io.keelwatch.rule.parse.Loc;
import io.keelwatch.rule.parse.Nodes;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;
import io.keelwatch.rule.parse.YNode;
import io.keelwatch.rule.parse.YamlTreeReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Site tuning, read from {@code keelwatch.yaml}: global allow-lists and per-rule settings. Keys:
 * <pre>
 * defaults: true            # false drops the shipped defaults (default-tuning.yaml)
 * allowlist:
 *   namespaces: [...]        users: [...]   images: [...]   container_labels: [...]   container_names: [...]
 * rules:
 *   RULE_ID: {enabled: false, priority: low, exceptions: [...same shape as rule exceptions...]}
 * </pre>
 * Other top-level keys are left to other parts of Keelwatch and ignored here. Problems are collected in
 * {@link #errors()} (and reported again by the rule compiler). Immutable.
 */
public final class TuningConfig {
    public static final String DEFAULTS_RESOURCE = "io/keelwatch/rule/default-tuning.yaml";
    private static final Set<String> RULE_KEYS = Set.of("enabled", "priority", "exceptions");

    /** Settings for one rule; null members leave the rule's own setting. */
    public record RuleTuning(String ruleId, Loc loc, Boolean enabled, Priority priority,
                             List<ExceptionDef> exceptions) {
        public RuleTuning {
            exceptions = List.copyOf(exceptions);
        }

        RuleTuning over(RuleTuning base) {
            List<ExceptionDef> ex = new ArrayList<>(base.exceptions);
            ex.addAll(exceptions);
            return new RuleTuning(ruleId, loc, enabled != null ? enabled : base.enabled,
                    priority != null ? priority : base.priority, ex);
        }
    }

    private static final TuningConfig NONE = new TuningConfig(Allowlist.empty(), Map.of(), List.of());

    private final Allowlist allowlist;
    private final Map<String, RuleTuning> rules;
    private final List<RuleError> errors;
    private final boolean useDefaults;

    private TuningConfig(Allowlist allowlist, Map<String, RuleTuning> rules, List<RuleError> errors) {
        this(allowlist, rules, errors, true);
    }

    private TuningConfig(Allowlist allowlist, Map<String, RuleTuning> rules, List<RuleError> errors,
                         boolean useDefaults) {
        this.useDefaults = useDefaults;
        this.allowlist = allowlist;
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        this.errors = List.copyOf(errors);
    }

    /** No allow-lists, no rule settings. */
    public static TuningConfig none() {
        return NONE;
    }

    /** The shipped defaults only. */
    public static TuningConfig defaults() {
        try (InputStream in = TuningConfig.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                return new TuningConfig(Allowlist.empty(), Map.of(),
                        List.of(RuleError.of(DEFAULTS_RESOURCE, "missing resource")));
            }
            return parseOnly("builtin:default-tuning.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new TuningConfig(Allowlist.empty(), Map.of(), List.of(RuleError.of(DEFAULTS_RESOURCE,
                    "cannot read: " + e.getMessage())));
        }
    }

    /** Reads a config file and merges it over the defaults (unless it says {@code defaults: false}). */
    public static TuningConfig load(Path path) {
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new TuningConfig(Allowlist.empty(), Map.of(), List.of(RuleError.of(path.toString(),
                    "cannot read tuning config: " + e.getMessage())));
        }
    }

    /** Like {@link #load} for text already read. */
    public static TuningConfig parse(String name, String text) {
        TuningConfig own = parseOnly(name, text);
        if (!own.useDefaults) {
            return own;
        }
        return defaults().merge(own);
    }

    /** Parses a config without merging defaults. */
    public static TuningConfig parseOnly(String name, String text) {
        Problems p = new Problems();
        SourceFile f = new SourceFile(name, text);
        Allowlist allow = Allowlist.empty();
        Map<String, RuleTuning> rules = new LinkedHashMap<>();
        boolean defaults = true;
        for (YNode doc : YamlTreeReader.read(f, p)) {
            if (doc instanceof YNode.Scalar s && s.isNull()) {
                continue;
            }
            if (!(doc instanceof YNode.Map m)) {
                p.error(doc.loc(), "a tuning config must be a mapping (allowlist:, rules:, defaults:)");
                continue;
            }
            Boolean d = Nodes.bool(m.get("defaults"), "'defaults'", p);
            defaults &= d == null || d;
            allow = allowlist(m.get("allowlist"), allow, p);
            rules(m.get("rules"), rules, p);
        }
        List<RuleError> errs = new ArrayList<>(p.errors());
        return new TuningConfig(allow, rules, errs, defaults);
    }

    private static Allowlist allowlist(YNode n, Allowlist allow, Problems p) {
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return allow;
        }
        if (!(n instanceof YNode.Map m)) {
            p.error(n.loc(), "'allowlist' must be a mapping of namespaces, users, images, container_labels, "
                    + "container_names");
            return allow;
        }
        for (YNode.Entry e : m.entries()) {
            Allowlist.Kind kind = null;
            for (Allowlist.Kind k : Allowlist.Kind.values()) {
                if (k.key().equals(e.key())) {
                    kind = k;
                }
            }
            if (kind == null) {
                p.error(e.keyLoc(), "unknown allowlist key '" + e.key() + "' (expected namespaces, users, images, "
                        + "container_labels or container_names)");
                continue;
            }
            for (YNode.Scalar s : Nodes.scalars(e.value(), "allowlist " + e.key(), p)) {
                try {
                    allow = allow.with(kind, s.value());
                } catch (IllegalArgumentException ex) {
                    p.error(s.loc(), ex.getMessage());
                }
            }
        }
        return allow;
    }

    private static void rules(YNode n, Map<String, RuleTuning> out, Problems p) {
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return;
        }
        if (!(n instanceof YNode.Map m)) {
            p.error(n.loc(), "'rules' must be a mapping of rule id to settings");
            return;
        }
        for (YNode.Entry e : m.entries()) {
            if (!(e.value() instanceof YNode.Map r)) {
                p.error(e.value().loc(), "settings of rule '" + e.key() + "' must be a mapping (enabled, priority, "
                        + "exceptions)");
                continue;
            }
            for (YNode.Entry k : r.entries()) {
                if (!RULE_KEYS.contains(k.key())) {
                    p.error(k.keyLoc(), "unknown key '" + k.key() + "' for rule '" + e.key() + "' (expected enabled,"
                            + " priority or exceptions)");
                }
            }
            Boolean enabled = Nodes.bool(r.get("enabled"), "'enabled'", p);
            Priority pr = null;
            YNode.Scalar ps = Nodes.scalar(r.get("priority"), "'priority'", p);
            if (ps != null) {
                pr = Priority.parse(ps.value()).orElse(null);
                if (pr == null) {
                    p.error(ps.loc(), "unknown priority '" + ps.value() + "' (expected critical, high, medium, low or"
                            + " info)");
                }
            }
            List<ExceptionDef> ex = ExceptionDef.parseList(r.get("exceptions"), p);
            RuleTuning t = new RuleTuning(e.key(), e.keyLoc(), enabled, pr, ex);
            RuleTuning prev = out.get(e.key());
            out.put(e.key(), prev == null ? t : t.over(prev));
        }
    }

    /** {@code other} over this: allow-lists are joined, rule settings of {@code other} win key by key. */
    public TuningConfig merge(TuningConfig other) {
        Map<String, RuleTuning> r = new LinkedHashMap<>(rules);
        other.rules.forEach((k, v) -> r.merge(k, v, (base, over) -> over.over(base)));
        List<RuleError> errs = new ArrayList<>(errors);
        errs.addAll(other.errors);
        return new TuningConfig(allowlist.merge(other.allowlist), r, errs);
    }

    public Allowlist allowlist() {
        return allowlist;
    }

    public Map<String, RuleTuning> rules() {
        return rules;
    }

    public List<RuleError> errors() {
        return errors;
    }
}
