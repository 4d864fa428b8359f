package io.keelwatch.rule.parse;

import io.keelwatch.rule.RuleError;

/** A position in a source file (a character offset); file may be null for values built in code. */
public record Loc(SourceFile file, int offset) {
    public static final Loc NONE = new Loc(null, 0);

    public String fileName() {
        return file == null ? "<unknown>" : file.name();
    }

    public int line() {
        return file == null ? 0 : file.line(offset);
    }

    public int column() {
        return file == null ? 0 : file.column(offset);
    }

    public RuleError error(String message) {
        if (file == null) {
            return RuleError.of(null, message);
        }
        return new RuleError(file.name(), line(), column(), message, file.snippet(offset));
    }

    @Override
    public String toString() {
        return fileName() + ":" + line() + ":" + column();
    }
}
