package io.keelwatch.rule.parse;

/** A syntax error at a character offset of a condition string. */
public final class ConditionSyntaxException extends Exception {
    private final int offset;

    public ConditionSyntaxException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
