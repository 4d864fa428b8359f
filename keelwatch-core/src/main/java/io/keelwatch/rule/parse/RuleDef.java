package io.keelwatch.rule.parse;

import io.keelwatch.alert.Priority;

import java.util.List;

/**
 * A rule after all files are merged: metadata, condition, exceptions and kind. {@code condition} may be null
 * only for stateful kinds; {@code output} may be null (the title is used).
 */
public record RuleDef(String id, Loc loc, String title, String description, Priority priority,
                      List<String> techniques, List<String> tactics, String strategy, List<String> sources,
                      LocatedString condition, List<ExceptionDef> exceptions, LocatedString output, boolean enabled,
                      boolean allowlist, List<String> tags, List<String> falsePositives, List<String> blindSpots,
                      List<String> response, RuleKind kind) {
    public RuleDef {
        techniques = List.copyOf(techniques);
        tactics = List.copyOf(tactics);
        sources = List.copyOf(sources);
        exceptions = List.copyOf(exceptions);
        tags = List.copyOf(tags);
        falsePositives = List.copyOf(falsePositives);
        blindSpots = List.copyOf(blindSpots);
        response = List.copyOf(response);
    }

    /** A copy with other settings (used to apply a tuning config). */
    public RuleDef tuned(boolean newEnabled, Priority newPriority, List<ExceptionDef> newExceptions) {
        return new RuleDef(id, loc, title, description, newPriority, techniques, tactics, strategy, sources,
                condition, newExceptions, output, newEnabled, allowlist, tags, falsePositives, blindSpots, response,
                kind);
    }
}
