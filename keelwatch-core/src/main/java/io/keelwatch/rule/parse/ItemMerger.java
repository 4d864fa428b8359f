package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Second pass: applies the items of all files in order. A plain item defines (or redefines) a list, macro or
 * rule. A later item can modify an earlier definition:
 * <ul>
 * <li>{@code append: true}: every other key of the item is appended (list items, conditions with a space,
 * exceptions and the list-valued rule keys);</li>
 * <li>{@code override: {KEY: append|replace, ...}}: per key; every key of the item must be listed;</li>
 * <li>{@code - rule: ID} with only {@code enabled}: switches an existing rule on or off.</li>
 * </ul>
 */
public final class ItemMerger {
    /** The merged definition of one name; {@code loc} is the item that (re)defined it, not one that modified it. */
    public record Merged(Item.Type type, String name, Loc loc, YNode.Map node) {
    }

    /** The merged lists, macros and rules, each in order of first definition. */
    public record Result(Map<String, Merged> lists, Map<String, Merged> macros, Map<String, Merged> rules) {
    }

    private static final Set<String> TEXT_APPEND = Set.of("condition", "output", "description");
    private static final Map<Item.Type, Set<String>> APPENDABLE = new EnumMap<>(Map.of(
            Item.Type.LIST, Set.of("items"),
            Item.Type.MACRO, Set.of("condition"),
            Item.Type.RULE, Set.of("condition", "output", "description", "exceptions", "tags", "techniques",
                    "tactics", "sources", "response", "false_positives", "blind_spots")));

    private final Problems problems;
    private final Map<Item.Type, Map<String, Merged>> defs = new EnumMap<>(Item.Type.class);

    private ItemMerger(Problems problems) {
        this.problems = problems;
        for (Item.Type t : Item.Type.values()) {
            defs.put(t, new LinkedHashMap<>());
        }
    }

    public static Result merge(List<Item> items, Problems problems) {
        ItemMerger m = new ItemMerger(problems);
        for (Item i : items) {
            m.apply(i);
        }
        return new Result(m.defs.get(Item.Type.LIST), m.defs.get(Item.Type.MACRO), m.defs.get(Item.Type.RULE));
    }

    private void apply(Item item) {
        Map<String, Merged> table = defs.get(item.type());
        Merged existing = table.get(item.name());
        YNode.Map node = item.node();
        String what = item.type().key() + " '" + item.name() + "'";
        YNode appendNode = node.get("append");
        YNode overrideNode = node.get("override");
        boolean append = false;
        if (appendNode != null) {
            if (!(appendNode instanceof YNode.Scalar s) || s.type() != YNode.ScalarType.BOOLEAN) {
                problems.error(appendNode.loc(), "'append' must be true or false");
                return;
            }
            append = Boolean.parseBoolean(s.value().toLowerCase());
        }
        if (append && overrideNode != null) {
            problems.error(overrideNode.loc(), "use either 'append: true' or 'override', not both");
            return;
        }
        if (append || overrideNode != null) {
            if (existing == null) {
                problems.error(item.loc(), "can't " + (append ? "append to " : "override ") + what
                        + ": it is not defined in an earlier item or file");
                return;
            }
            Map<String, String> modes = append ? appendModes(item) : overrideModes(item, overrideNode);
            if (modes == null) {
                return;
            }
            YNode.Map merged = existing.node();
            for (Map.Entry<String, String> e : modes.entrySet()) {
                YNode value = node.get(e.getKey());
                YNode base = merged.get(e.getKey());
                if (e.getValue().equals("append") && base != null) {
                    value = appendValue(e.getKey(), base, value);
                    if (value == null) {
                        return;
                    }
                }
                merged = merged.with(e.getKey(), value);
            }
            table.put(item.name(), new Merged(item.type(), item.name(), existing.loc(), merged));
            return;
        }
        if (item.type() == Item.Type.RULE && existing != null && Set.copyOf(node.keys()).equals(Set.of("rule",
                "enabled"))) {
            table.put(item.name(), new Merged(item.type(), item.name(), existing.loc(),
                    existing.node().with("enabled", node.get("enabled"))));
            return;
        }
        if (item.type() == Item.Type.RULE && existing == null && Set.copyOf(node.keys()).equals(Set.of("rule",
                "enabled"))) {
            problems.error(item.loc(), "can't switch " + what + " on or off: it is not defined in an earlier item "
                    + "or file");
            return;
        }
        if (existing != null) {
            problems.warn(item.loc(), what + " is redefined; the definition at " + existing.loc() + " is replaced");
        }
        table.put(item.name(), new Merged(item.type(), item.name(), item.loc(), node));
    }

    private Map<String, String> appendModes(Item item) {
        Map<String, String> modes = new LinkedHashMap<>();
        for (YNode.Entry e : item.node().entries()) {
            String k = e.key();
            if (k.equals(item.type().key()) || k.equals("append")) {
                continue;
            }
            if (k.equals("enabled")) {
                modes.put(k, "replace");
            } else if (APPENDABLE.get(item.type()).contains(k)) {
                modes.put(k, "append");
            } else {
                problems.error(e.keyLoc(), "'" + k + "' can't be appended to a " + item.type().key()
                        + "; use override: {" + k + ": replace}");
                return null;
            }
        }
        return modes;
    }

    private Map<String, String> overrideModes(Item item, YNode overrideNode) {
        if (!(overrideNode instanceof YNode.Map om)) {
            problems.error(overrideNode.loc(), "'override' must be a mapping of key: append|replace");
            return null;
        }
        Map<String, String> modes = new LinkedHashMap<>();
        boolean ok = true;
        for (YNode.Entry e : om.entries()) {
            String mode = e.value() instanceof YNode.Scalar s ? s.value() : "";
            if (!mode.equals("append") && !mode.equals("replace")) {
                problems.error(e.value().loc(), "override mode for '" + e.key() + "' must be append or "
                        + "replace");
                ok = false;
            } else if (!item.node().has(e.key())) {
                problems.error(e.keyLoc(), "override names '" + e.key() + "' but the item has no '" + e.key() + "'");
                ok = false;
            } else if (mode.equals("append") && !APPENDABLE.get(item.type()).contains(e.key())) {
                problems.error(e.value().loc(), "'" + e.key() + "' can't be appended to a " + item.type().key()
                        + "; use replace");
                ok = false;
            } else {
                modes.put(e.key(), mode);
            }
        }
        for (YNode.Entry e : item.node().entries()) {
            String k = e.key();
            if (k.equals(item.type().key()) || k.equals("override") || modes.containsKey(k) || om.has(k)) {
                continue;
            }
            if (k.equals("enabled")) {
                modes.put(k, "replace");
            } else {
                problems.error(e.keyLoc(), "'" + k + "' has no override mode; add it to override: {" + k
                        + ": append|replace}");
                ok = false;
            }
        }
        return ok ? modes : null;
    }

    private YNode appendValue(String key, YNode base, YNode extra) {
        if (TEXT_APPEND.contains(key)) {
            if (base instanceof YNode.Scalar a && extra instanceof YNode.Scalar b) {
                return new YNode.Scalar(a.text().append(" ", b.text()), YNode.ScalarType.STRING, false, a.loc());
            }
            problems.error(extra.loc(), "'" + key + "' must be a string to be appended");
            return null;
        }
        if (base instanceof YNode.Seq a && extra instanceof YNode.Seq b) {
            List<YNode> all = new ArrayList<>(a.items());
            all.addAll(b.items());
            return new YNode.Seq(all, a.loc());
        }
        problems.error(extra.loc(), "'" + key + "' must be a list to be appended");
        return null;
    }
}
