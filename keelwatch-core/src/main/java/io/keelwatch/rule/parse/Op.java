package io.keelwatch.rule.parse;

import java.util.Locale;

/** The operators of the condition language. */
public enum Op {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    IN("in"), CONTAINS("contains"), ICONTAINS("icontains"), STARTSWITH("startswith"), ENDSWITH("endswith"),
    GLOB("glob"), REGEX("regex"), CIDR("cidr"), IEQUALS("iequals"), EXISTS("exists");

    private final String text;

    Op(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** {@code <, <=, >, >=}: numeric. */
    public boolean isOrdering() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    /** Text operators: contains, icontains, startswith, endswith, glob, regex, iequals. */
    public boolean isText() {
        return this == CONTAINS || this == ICONTAINS || this == STARTSWITH || this == ENDSWITH || this == GLOB
                || this == REGEX || this == IEQUALS;
    }

    /** Operators whose right side may be a parenthesized list (any-of). */
    public boolean acceptsList() {
        return this == IN || this == CIDR || isText();
    }

    /** The operator written {@code text} (a comparison sign or a keyword), or null. */
    public static Op fromText(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Op o : values()) {
            if (o.text.equals(t)) {
                return o;
            }
        }
        return t.equals("==") ? EQ : null;
    }

    /** True for the keywords that can follow a field (in, contains, ..., exists). */
    public static boolean isKeywordOp(String word) {
        Op o = fromText(word);
        return o != null && Character.isLetter(o.text.charAt(0)) && word.equals(o.text);
    }
}
