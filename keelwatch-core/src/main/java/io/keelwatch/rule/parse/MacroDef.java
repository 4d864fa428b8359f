package io.keelwatch.rule.parse;

/** A named condition fragment, inlined where its name is used. */
public record MacroDef(String name, Loc loc, LocatedString condition) {
}
