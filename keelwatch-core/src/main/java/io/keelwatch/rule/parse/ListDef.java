package io.keelwatch.rule.parse;

import java.util.List;

/** A named list of values; unquoted items that name another list are expanded at compile time. */
public record ListDef(String name, Loc loc, List<YNode.Scalar> items) {
    public ListDef {
        items = List.copyOf(items);
    }
}
