package io.keelwatch.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Rule files as read (name and text), in load order, plus the problems met while reading them (a missing
 * file, an unreadable resource). Compile with {@link RuleCompiler}.
 */
public record RuleSetSource(List<RuleFile> files, List<RuleError> errors) {
    /** One rule file: its display name (path or {@code builtin:NAME}) and text. */
    public record RuleFile(String name, String text) {
    }

    public RuleSetSource {
        files = List.copyOf(files);
        errors = List.copyOf(errors);
    }

    public static RuleSetSource of(String name, String text) {
        return new RuleSetSource(List.of(new RuleFile(name, text)), List.of());
    }

    public static RuleSetSource empty() {
        return new RuleSetSource(List.of(), List.of());
    }

    /** The files of all sources, in order. */
    public static RuleSetSource concat(List<RuleSetSource> sources) {
        List<RuleFile> f = new ArrayList<>();
        List<RuleError> e = new ArrayList<>();
        for (RuleSetSource s : sources) {
            f.addAll(s.files);
            e.addAll(s.errors);
        }
        return new RuleSetSource(f, e);
    }

    public RuleSetSource plus(RuleSetSource other) {
        return concat(List.of(this, other));
    }
}
