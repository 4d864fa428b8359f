package io.keelwatch.rule.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * First pass: turns one rule file into {@link Item}s. A rule file is a YAML sequence (several documents are
 * allowed); each element is a mapping with exactly one of the keys {@code list}, {@code macro} or {@code rule}.
 */
public final class RuleFileParser {
    /** Macro and list names: identifiers. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Rule ids: letters, digits and {@code _ . : -}, starting with a letter or digit. */
    public static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    private RuleFileParser() {
    }

    public static List<Item> parse(SourceFile file, Problems problems) {
        List<Item> out = new ArrayList<>();
        for (YNode doc : YamlTreeReader.read(file, problems)) {
            if (doc instanceof YNode.Scalar s && s.isNull()) {
                continue;
            }
            if (!(doc instanceof YNode.Seq seq)) {
                problems.error(doc.loc(), "a rule file must be a YAML list of items (- rule: ..., - macro: ..., "
                        + "- list: ...), found " + doc.shape());
                continue;
            }
            for (YNode n : seq.items()) {
                Item item = item(n, problems);
                if (item != null) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    private static Item item(YNode n, Problems problems) {
        if (!(n instanceof YNode.Map m)) {
            problems.error(n.loc(), "each item must be a mapping with a 'rule', 'macro' or 'list' key, found "
                    + n.shape());
            return null;
        }
        Item.Type type = null;
        for (Item.Type t : Item.Type.values()) {
            if (m.has(t.key())) {
                if (type != null) {
                    problems.error(m.entry(t.key()).keyLoc(), "an item can't be both a " + type.key() + " and a "
                            + t.key());
                    return null;
                }
                type = t;
            }
        }
        if (type == null) {
            problems.error(m.loc(), "unknown item: expected a 'rule', 'macro' or 'list' key, found keys "
                    + m.keys());
            return null;
        }
        YNode nameNode = m.get(type.key());
        if (!(nameNode instanceof YNode.Scalar s) || s.isNull() || s.value().isBlank()) {
            problems.error(nameNode.loc(), "the " + type.key() + " name must be a non-empty string");
            return null;
        }
        String name = s.value().trim();
        Pattern shape = type == Item.Type.RULE ? RULE_ID : NAME;
        if (!shape.matcher(name).matches()) {
            problems.error(s.loc(), type == Item.Type.RULE
                    ? "bad rule id '" + name + "': use letters, digits and _ . : - (start with a letter or digit)"
                    : "bad " + type.key() + " name '" + name + "': use letters, digits and _ (start with a letter)");
            return null;
        }
        if (type != Item.Type.RULE && ConditionParser.isReserved(name)) {
            problems.error(s.loc(), "'" + name + "' is a keyword of the condition language and can't name a "
                    + type.key());
            return null;
        }
        return new Item(type, name, m.loc(), m);
    }
}
