package io.keelwatch.rule.falco;

import java.util.List;

/** A parsed Falco condition. {@code pos} is the offset of the node's first character in the condition text. */
sealed interface FalcoExpr {
    int pos();

    record And(List<FalcoExpr> terms, int pos) implements FalcoExpr {
    }

    record Or(List<FalcoExpr> terms, int pos) implements FalcoExpr {
    }

    record Not(FalcoExpr inner, int pos) implements FalcoExpr {
    }

    /** A bare name: a macro reference. */
    record MacroRef(String name, int pos) implements FalcoExpr {
    }

    /**
     * {@code field[arg] op operand}. {@code values} holds one value, or the items of a parenthesized list
     * ({@code listOperand}); unquoted items may name lists. {@code exists} has no values.
     */
    record Check(String field, String arg, String op, List<Operand> values, boolean listOperand, int pos)
            implements FalcoExpr {
    }

    /** A value as written: its text, whether it was quoted, and where. */
    record Operand(String text, boolean quoted, int pos) {
    }
}
