package io.keelwatch.rule;

import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.compile.ExceptionCompiler;
import io.keelwatch.rule.compile.OutputTemplate;
import io.keelwatch.rule.parse.Loc;

import java.util.List;

/**
 * A rule written in another language (Sigma, Falco) translated into the engine's parts: a descriptor, a compiled
 * condition, exceptions, a summary template (null: the title) and a runtime ({@link RuleRuntime#STATELESS} for
 * per-event rules). {@code loc} is where the rule was defined, for tuning messages.
 */
public record ForeignRule(RuleDescriptor descriptor, Cond condition, List<ExceptionCompiler.Named> exceptions,
                          OutputTemplate output, RuleRuntime runtime, Loc loc) {
    public ForeignRule {
        exceptions = List.copyOf(exceptions);
    }
}
