package io.keelwatch.rule.parse;

import java.util.List;

/**
 * The syntax tree of a condition. Offsets ({@code start}, {@code end}) are character positions in the
 * condition text the node was parsed from, for error positions and for labels in {@code explain}.
 */
public sealed interface Expr permits Expr.And, Expr.Or, Expr.Not, Expr.Compare, Expr.MacroRef {
    int start();

    int end();

    record And(List<Expr> terms, int start, int end) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }
    }

    record Or(List<Expr> terms, int start, int end) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    record Not(Expr expr, int start, int end) implements Expr {
    }

    /** {@code field OP operand}; for {@code exists} the operand is null. */
    record Compare(FieldRef field, Op op, Operand operand, int start, int end) implements Expr {
    }

    /** A bare identifier that must name a macro. */
    record MacroRef(String name, int start, int end) implements Expr {
    }

    /** A field reference; {@code all} when written {@code all(FIELD)}. */
    record FieldRef(String path, boolean all, int start, int end) {
    }

    /** The right-hand side of a comparison. */
    sealed interface Operand permits Value, ValueList, ListName {
        int start();
    }

    /** A single value; {@code quoted} when written in quotes. */
    record Value(String text, boolean quoted, int start, int end) implements Operand {
    }

    /** {@code (a, b, "c")}: unquoted items that name a list are expanded at compile time. */
    record ValueList(List<Value> items, int start, int end) implements Operand {
        public ValueList {
            items = List.copyOf(items);
        }
    }

    /** {@code in NAME}: must name a list. */
    record ListName(String name, int start, int end) implements Operand {
    }
}
