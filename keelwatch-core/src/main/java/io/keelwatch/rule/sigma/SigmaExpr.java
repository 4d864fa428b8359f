package io.keelwatch.rule.sigma;

import java.util.List;

/** A parsed Sigma condition. {@code pos} is the offset of the node in the condition text. */
sealed interface SigmaExpr {
    int pos();

    record And(List<SigmaExpr> terms, int pos) implements SigmaExpr {
    }

    record Or(List<SigmaExpr> terms, int pos) implements SigmaExpr {
    }

    record Not(SigmaExpr inner, int pos) implements SigmaExpr {
    }

    /** A search identifier. */
    record Ident(String name, int pos) implements SigmaExpr {
    }

    /**
     * {@code 1 of X}, {@code any of X}, {@code all of X}, {@code N of X}: {@code count} is -1 for all; {@code pattern}
     * is {@code them} or an identifier pattern with {@code *}.
     */
    record Quantified(int count, String pattern, int pos) implements SigmaExpr {
    }
}
