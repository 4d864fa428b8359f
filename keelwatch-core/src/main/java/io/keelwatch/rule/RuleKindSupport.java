package io.keelwatch.rule;

import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;

/**
 * Compiler support for one stateful rule kind ({@code threshold}, {@code sequence}, ...). Register it with
 * {@link RuleCompiler#withKind}; kinds without support are reported as "not supported yet".
 */
public interface RuleKindSupport {
    /** The kind name as written in rules ({@code kind: threshold}). */
    String kind();

    /**
     * Validates the kind's keys ({@code kind.params()}, with their positions for errors) and returns the
     * runtime that will receive the rule's matching events; null after reporting errors to {@code problems}.
     */
    RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Problems problems);
}
