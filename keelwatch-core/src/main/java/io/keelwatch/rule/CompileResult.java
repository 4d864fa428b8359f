package io.keelwatch.rule;

import java.util.List;

/**
 * The outcome of compiling a rule set: every error and warning of all files (and of the tuning config), and
 * the rule set built from the rules that compiled (rules with errors are left out).
 */
public record CompileResult(List<RuleError> errors, List<RuleError> warnings, CompiledRuleSet ruleSet) {
    public CompileResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}
