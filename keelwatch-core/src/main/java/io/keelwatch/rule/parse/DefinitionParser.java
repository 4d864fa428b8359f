package io.keelwatch.rule.parse;

import io.keelwatch.alert.Priority;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Third pass: turns merged items into typed {@link ListDef}s, {@link MacroDef}s and {@link RuleDef}s. */
public final class DefinitionParser {
    /** ATT&CK technique ids: T1609, T1562.001. */
    public static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern TACTIC_ID = Pattern.compile("TA\\d{4}");
    private static final Pattern STRATEGY = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_]*");
    /** The ATT&CK enterprise tactics, as written in rules (lower case, hyphenated). */
    public static final Set<String> TACTICS = Set.of("reconnaissance", "resource-development", "initial-access",
            "execution", "persistence", "privilege-escalation", "defense-evasion", "credential-access", "discovery",
            "lateral-movement", "collection", "command-and-control", "exfiltration", "impact");
    /** Keys every rule may have, whatever its kind. Other keys are errors for stateless rules. */
    public static final Set<String> RULE_KEYS = Set.of("rule", "title", "description", "priority", "techniques",
            "tactics", "strategy", "sources", "condition", "exceptions", "output", "enabled", "allowlist", "tags",
            "false_positives", "blind_spots", "response", "kind", "append", "override");
    private static final Set<String> LIST_KEYS = Set.of("list", "items", "append", "override");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition", "append", "override");

    private final Problems p;

    private DefinitionParser(Problems p) {
        this.p = p;
    }

    /**
     * Parsed definitions, each in order of first definition. Rules listed in {@code invalid} had errors in
     * their keys; they are still returned (with placeholders) so that their conditions are checked too.
     */
    public record Definitions(Map<String, ListDef> lists, Map<String, MacroDef> macros, List<RuleDef> rules,
                              Set<String> invalid) {
    }

    public static Definitions parse(ItemMerger.Result merged, Problems p) {
        DefinitionParser d = new DefinitionParser(p);
        Map<String, ListDef> lists = new LinkedHashMap<>();
        merged.lists().forEach((k, v) -> {
            ListDef l = d.list(v);
            if (l != null) {
                lists.put(k, l);
            }
        });
        Map<String, MacroDef> macros = new LinkedHashMap<>();
        merged.macros().forEach((k, v) -> {
            MacroDef m = d.macro(v);
            if (m != null) {
                macros.put(k, m);
            }
        });
        List<RuleDef> rules = new ArrayList<>();
        Set<String> invalid = new java.util.HashSet<>();
        merged.rules().values().forEach(v -> {
            int before = p.errorCount();
            RuleDef r = d.rule(v);
            if (r != null) {
                rules.add(r);
            }
            if (p.errorCount() > before) {
                invalid.add(v.name());
            }
        });
        return new Definitions(lists, macros, rules, Set.copyOf(invalid));
    }

    private void unknownKeys(YNode.Map m, Set<String> allowed, String what) {
        for (YNode.Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                p.error(e.keyLoc(), "unknown key '" + e.key() + "' in " + what);
            }
        }
    }

    private ListDef list(ItemMerger.Merged m) {
        unknownKeys(m.node(), LIST_KEYS, "list '" + m.name() + "'");
        YNode items = m.node().get("items");
        if (items == null) {
            p.error(m.loc(), "list '" + m.name() + "' has no 'items'");
            return null;
        }
        return new ListDef(m.name(), m.loc(), Nodes.scalars(items, "list items", p));
    }

    private MacroDef macro(ItemMerger.Merged m) {
        unknownKeys(m.node(), MACRO_KEYS, "macro '" + m.name() + "'");
        YNode.Scalar c = Nodes.scalar(m.node().get("condition"), "macro condition", p);
        if (c == null) {
            p.error(m.loc(), "macro '" + m.name() + "' has no 'condition'");
            return null;
        }
        return new MacroDef(m.name(), m.loc(), c.text());
    }

    private RuleDef rule(ItemMerger.Merged m) {
        YNode.Map n = m.node();
        String id = m.name();
        String what = "rule '" + id + "'";
        RuleKind kind = kind(n, what);
        if (kind instanceof RuleKind.Stateless) {
            unknownKeys(n, RULE_KEYS, what);
        }
        String title = Nodes.string(n.get("title"), "title", p);
        String description = Nodes.string(n.get("description"), "description", p);
        Priority priority = null;
        YNode.Scalar pr = Nodes.scalar(n.get("priority"), "priority", p);
        if (pr == null) {
            p.error(m.loc(), what + " has no 'priority' (critical, high, medium, low or info)");
        } else {
            priority = Priority.parse(pr.value()).orElse(null);
            if (priority == null) {
                p.error(pr.loc(), "unknown priority '" + pr.value() + "' (expected critical, high, medium, low or "
                        + "info)");
            }
        }
        List<String> techniques = new ArrayList<>();
        for (YNode.Scalar t : Nodes.scalars(n.get("techniques"), "techniques", p)) {
            if (TECHNIQUE.matcher(t.value()).matches()) {
                techniques.add(t.value());
            } else {
                p.error(t.loc(), "bad ATT&CK technique id '" + t.value() + "' (expected T1234 or T1234.001)");
            }
        }
        List<String> tactics = new ArrayList<>();
        for (YNode.Scalar t : Nodes.scalars(n.get("tactics"), "tactics", p)) {
            String norm = t.value().trim().toLowerCase(Locale.ROOT).replace(' ', '-').replace('_', '-');
            if (TACTIC_ID.matcher(t.value()).matches()) {
                tactics.add(t.value());
            } else if (TACTICS.contains(norm)) {
                tactics.add(norm);
            } else {
                p.error(t.loc(), "unknown ATT&CK tactic '" + t.value() + "' (expected an id like TA0002 or one of "
                        + new java.util.TreeSet<>(TACTICS) + ")");
            }
        }
        String strategy = checked(n.get("strategy"), STRATEGY, "strategy", "lower-case letters, digits, - and _");
        List<String> sources = new ArrayList<>();
        for (YNode.Scalar s : Nodes.scalars(n.get("sources"), "sources", p)) {
            if (SOURCE.matcher(s.value()).matches()) {
                sources.add(s.value());
            } else {
                p.error(s.loc(), "bad source type '" + s.value() + "' (expected a name like k8s_audit)");
            }
        }
        YNode.Scalar cond = Nodes.scalar(n.get("condition"), "condition", p);
        if (cond == null && kind instanceof RuleKind.Stateless) {
            p.error(m.loc(), what + " has no 'condition'");
        }
        List<ExceptionDef> exceptions = ExceptionDef.parseList(n.get("exceptions"), p);
        YNode.Scalar output = Nodes.scalar(n.get("output"), "output", p);
        Boolean enabled = Nodes.bool(n.get("enabled"), "enabled", p);
        Boolean allowlist = Nodes.bool(n.get("allowlist"), "allowlist", p);
        List<String> tags = Nodes.strings(n.get("tags"), "tags", p);
        List<String> fps = Nodes.strings(n.get("false_positives"), "false_positives", p);
        List<String> blind = Nodes.strings(n.get("blind_spots"), "blind_spots", p);
        List<String> response = Nodes.strings(n.get("response"), "response", p);
        // on errors the rule is still returned (the caller marks it invalid) so its condition gets checked too
        return new RuleDef(id, m.loc(), title == null ? id : title, description == null ? "" : description,
                priority == null ? Priority.INFO : priority, techniques, tactics, strategy, sources, cond == null ? null : cond.text(), exceptions,
                output == null ? null : output.text(), enabled == null || enabled, allowlist == null || allowlist,
                tags, fps, blind, response, kind == null ? new RuleKind.Stateless() : kind);
    }

    private String checked(YNode node, Pattern shape, String what, String hint) {
        YNode.Scalar s = Nodes.scalar(node, what, p);
        if (s == null) {
            return null;
        }
        if (!shape.matcher(s.value()).matches()) {
            p.error(s.loc(), "bad " + what + " '" + s.value() + "' (" + hint + ")");
            return null;
        }
        return s.value();
    }

    private RuleKind kind(YNode.Map n, String what) {
        YNode.Scalar k = Nodes.scalar(n.get("kind"), "kind", p);
        if (k == null || k.value().equals("stateless")) {
            return new RuleKind.Stateless();
        }
        if (!RuleKind.STATEFUL.contains(k.value())) {
            p.error(k.loc(), "unknown rule kind '" + k.value() + "' (expected stateless, "
                    + String.join(", ", RuleKind.STATEFUL) + ")");
            return null;
        }
        Map<String, YNode> params = new LinkedHashMap<>();
        for (YNode.Entry e : n.entries()) {
            if (!RULE_KEYS.contains(e.key())) {
                params.put(e.key(), e.value());
            }
        }
        return new RuleKind.Stateful(k.value(), params, k.loc());
    }
}
