package io.keelwatch.rule.falco;

import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.SourceFile;
import io.keelwatch.rule.parse.YNode;
import io.keelwatch.rule.parse.YamlTreeReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Falco rule files in load order into {@link FalcoDefs}. Items: {@code required_engine_version} and
 * {@code required_plugin_versions} (accepted), {@code list}, {@code macro} and {@code rule}. A full definition
 * replaces an earlier one of the same name; {@code append: true} extends it (list items, condition text after a
 * space, rule output/desc/tags/exceptions); {@code override: {key: append|replace}} does so key by key; a rule
 * item with only {@code enabled} switches the rule. Changing something not defined before is an error, as in
 * Falco.
 */
final class FalcoLoader {
    private static final Set<String> RULE_KEYS = Set.of("rule", "desc", "condition", "output", "priority", "source",
            "tags", "enabled", "exceptions", "append", "override", "warn_evttypes", "skip-if-unknown-filter",
            "capture", "capture_duration");
    private static final Set<String> APPENDABLE = Set.of("condition", "output", "desc", "tags", "exceptions");
    private static final Set<String> REPLACEABLE = Set.of("condition", "output", "desc", "tags", "exceptions",
            "priority", "enabled", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration");

    private final FalcoDefs defs = new FalcoDefs();
    private final Problems p;

    private FalcoLoader(Problems p) {
        this.p = p;
    }

    static FalcoDefs load(List<SourceFile> files, Problems p) {
        FalcoLoader l = new FalcoLoader(p);
        for (SourceFile f : files) {
            for (YNode doc : YamlTreeReader.read(f, p)) {
                l.document(doc);
            }
        }
        return l.defs;
    }

    private void document(YNode doc) {
        if (doc instanceof YNode.Scalar s && s.isNull()) {
            return;
        }
        if (!(doc instanceof YNode.Seq seq)) {
            p.error(doc.loc(), "a Falco rules file is a list of items, not " + doc.shape());
            return;
        }
        for (YNode item : seq.items()) {
            if (!(item instanceof YNode.Map m)) {
                p.error(item.loc(), "a Falco item is a mapping (list, macro or rule), not " + item.shape());
            } else if (m.has("list")) {
                list(m);
            } else if (m.has("macro")) {
                macro(m);
            } else if (m.has("rule")) {
                rule(m);
            } else if (!m.has("required_engine_version") && !m.has("required_plugin_versions")) {
                p.error(m.loc(), "unknown Falco item with keys " + m.keys() + " (expected list, macro, rule, "
                        + "required_engine_version or required_plugin_versions)");
            }
        }
    }

    private static String mode(YNode.Map m, String key) {
        YNode append = m.get("append");
        YNode override = m.get("override");
        if (append instanceof YNode.Scalar a && a.value().equals("true")) {
            return "append";
        }
        if (override instanceof YNode.Map o) {
            YNode v = o.get(key);
            if (v instanceof YNode.Scalar s && (s.value().equals("append") || s.value().equals("replace"))) {
                return s.value();
            }
        }
        return override == null ? "define" : "replace";
    }

    private void list(YNode.Map m) {
        String name = scalar(m, "list");
        if (name == null) {
            return;
        }
        List<YNode.Scalar> items = scalars(m.get("items"), "items of list '" + name + "'");
        String mode = mode(m, "items");
        FalcoDefs.ListDef prev = defs.lists.get(name);
        if (!mode.equals("define") && prev == null) {
            p.error(m.loc(), "list '" + name + "' has 'append' or 'override' but no list of that name is defined "
                    + "earlier");
            return;
        }
        if (mode.equals("append")) {
            List<YNode.Scalar> all = new ArrayList<>(prev.items());
            all.addAll(items);
            defs.lists.put(name, new FalcoDefs.ListDef(name, all, prev.loc()));
        } else {
            defs.lists.put(name, new FalcoDefs.ListDef(name, items, m.loc()));
        }
    }

    private void macro(YNode.Map m) {
        String name = scalar(m, "macro");
        LocatedString cond = text(m, "condition");
        if (name == null) {
            return;
        }
        if (cond == null) {
            p.error(m.loc(), "macro '" + name + "' has no condition");
            return;
        }
        String mode = mode(m, "condition");
        FalcoDefs.MacroDef prev = defs.macros.get(name);
        if (!mode.equals("define") && prev == null) {
            p.error(m.loc(), "macro '" + name + "' has 'append' or 'override' but no macro of that name is defined "
                    + "earlier");
            return;
        }
        LocatedString c = mode.equals("append") ? prev.condition().append(" ", cond) : cond;
        defs.macros.put(name, new FalcoDefs.MacroDef(name, c, mode.equals("define") ? m.loc() : prev.loc()));
    }

    private void rule(YNode.Map m) {
        String name = scalar(m, "rule");
        if (name == null) {
            return;
        }
        for (YNode.Entry e : m.entries()) {
            if (!RULE_KEYS.contains(e.key())) {
                p.warn(e.keyLoc(), "unknown key '" + e.key() + "' in Falco rule '" + name + "' (ignored)");
            }
        }
        FalcoDefs.RuleDef prev = defs.rules.get(name);
        boolean append = m.get("append") instanceof YNode.Scalar a && a.value().equals("true");
        YNode override = m.get("override");
        List<String> keys = new ArrayList<>(m.keys());
        keys.removeAll(List.of("rule", "append", "override"));
        if (append || override != null || keys.equals(List.of("enabled"))) {
            if (prev == null) {
                p.error(m.loc(), "rule '" + name + "' " + (keys.equals(List.of("enabled")) ? "only sets 'enabled'"
                        : "has 'append' or 'override'") + " but no rule of that name is defined earlier");
                return;
            }
            change(prev, m, keys, append, override);
            return;
        }
        for (String k : new String[]{"condition", "output", "desc", "priority"}) {
            if (!m.has(k)) {
                p.error(m.loc(), "Falco rule '" + name + "' has no '" + k + "'");
                return;
            }
        }
        FalcoDefs.RuleDef r = new FalcoDefs.RuleDef(name, m.loc());
        keys.forEach(k -> set(r, m, k, false));
        defs.rules.remove(name);
        defs.rules.put(name, r);
    }

    private void change(FalcoDefs.RuleDef r, YNode.Map m, List<String> keys, boolean append, YNode override) {
        YNode.Map ov = override instanceof YNode.Map o ? o : null;
        if (override != null && ov == null) {
            p.error(override.loc(), "'override' of rule '" + r.name + "' must map keys to append or replace");
            return;
        }
        for (String k : keys) {
            boolean add = append && !k.equals("enabled");
            if (ov != null && (ov.has(k) || !k.equals("enabled"))) {
                YNode how = ov.get(k);
                if (!(how instanceof YNode.Scalar s) || !s.value().equals("append") && !s.value().equals("replace")) {
                    p.error(m.entry(k).keyLoc(), "key '" + k + "' of rule '" + r.name + "' is not listed in its "
                            + "'override' (as append or replace)");
                    continue;
                }
                add = s.value().equals("append");
            }
            if (add && !APPENDABLE.contains(k)) {
                p.error(m.entry(k).keyLoc(), "key '" + k + "' of rule '" + r.name + "' cannot be appended "
                        + "(appendable: " + String.join(", ", APPENDABLE.stream().sorted().toList()) + ")");
            } else if (!add && !REPLACEABLE.contains(k)) {
                p.error(m.entry(k).keyLoc(), "key '" + k + "' of rule '" + r.name + "' cannot be replaced");
            } else {
                set(r, m, k, add);
            }
        }
        if (ov != null) {
            for (String k : ov.keys()) {
                if (!m.has(k)) {
                    p.error(ov.entry(k).keyLoc(), "'override' of rule '" + r.name + "' lists '" + k
                            + "', which the item does not give");
                }
            }
        }
    }

    private void set(FalcoDefs.RuleDef r, YNode.Map m, String k, boolean append) {
        YNode v = m.get(k);
        switch (k) {
            case "condition" -> r.condition = join(r.condition, text(m, k), append);
            case "output" -> r.output = join(r.output, text(m, k), append);
            case "desc" -> {
                LocatedString d = text(m, k);
                r.desc = d == null ? r.desc : append ? (r.desc + " " + d.value()).strip() : d.value().strip();
            }
            case "priority" -> r.priority = v instanceof YNode.Scalar s ? s : null;
            case "source" -> {
                r.source = v instanceof YNode.Scalar s ? s.value() : r.source;
                r.sourceLoc = v.loc();
            }
            case "tags" -> {
                if (!append) {
                    r.tags = new ArrayList<>();
                }
                scalars(v, "tags of rule '" + r.name + "'").forEach(s -> r.tags.add(s.value()));
            }
            case "enabled" -> r.enabled = !(v instanceof YNode.Scalar s) || !s.value().equals("false");
            case "skip-if-unknown-filter" -> r.skipIfUnknownFilter = v instanceof YNode.Scalar s
                    && s.value().equals("true");
            case "exceptions" -> FalcoExceptions.merge(r, v, append, p);
            default -> {
            }
        }
    }

    private static LocatedString join(LocatedString old, LocatedString add, boolean append) {
        if (add == null) {
            return old;
        }
        return append && old != null ? old.append(" ", add) : add;
    }

    private String scalar(YNode.Map m, String key) {
        YNode n = m.get(key);
        if (n instanceof YNode.Scalar s && !s.isNull() && !s.value().isBlank()) {
            return s.value();
        }
        p.error(m.loc(), "'" + key + "' needs a name");
        return null;
    }

    private LocatedString text(YNode.Map m, String key) {
        YNode n = m.get(key);
        if (n instanceof YNode.Scalar s) {
            return s.text();
        }
        if (n != null) {
            p.error(n.loc(), "'" + key + "' must be text, not " + n.shape());
        }
        return null;
    }

    private List<YNode.Scalar> scalars(YNode n, String what) {
        List<YNode.Scalar> out = new ArrayList<>();
        if (n == null || n instanceof YNode.Scalar s && s.isNull()) {
            return out;
        }
        if (!(n instanceof YNode.Seq seq)) {
            p.error(n.loc(), what + " must be a list, not " + n.shape());
            return out;
        }
        for (YNode i : seq.items()) {
            if (i instanceof YNode.Scalar s) {
                out.add(s);
            } else {
                p.error(i.loc(), what + ": items must be plain values, not " + i.shape());
            }
        }
        return out;
    }

}
