package io.keelwatch.rule;

import io.keelwatch.event.FieldPath;
import io.keelwatch.rule.compile.Cond;
import io.keelwatch.rule.parse.LocatedString;
import io.keelwatch.rule.parse.Problems;
import io.keelwatch.rule.parse.RuleDef;
import io.keelwatch.rule.parse.RuleKind;
import io.keelwatch.rule.parse.YNode;

/**
 * Compiler support for one stateful rule kind ({@code threshold}, {@code sequence}, ...). Register it with
 * {@link RuleCompiler#withKind}; kinds without support are reported as "not supported yet". Implement one of the
 * two {@code compile} methods: the {@link Context} form when the kind has conditions or fields of its own.
 */
public interface RuleKindSupport {
    /** The kind name as written in rules ({@code kind: threshold}). */
    String kind();

    /**
     * What the compiler lends a kind: its problem list and the compilers of the rule set being compiled, so that
     * conditions inside a kind's keys (sequence steps, lifetime start/end) use the same lists and macros and report
     * errors at their file, line and column.
     */
    interface Context {
        Problems problems();

        /**
         * Compiles a condition written in the rule (for the rule's sources); null after reporting errors.
         * {@code what} prefixes syntax errors, e.g. {@code "in step 'created' of rule 'x'"}.
         */
        Cond condition(LocatedString text, String what);

        /** A field name written in the rule, checked like a condition's fields; null after reporting an error. */
        FieldPath field(YNode.Scalar name);
    }

    /**
     * Validates the kind's keys ({@code kind.params()}, with their positions for errors) and returns the
     * runtime that will receive the rule's matching events; null after reporting errors to {@code problems}.
     */
    default RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Problems problems) {
        throw new UnsupportedOperationException("rule kind '" + kind() + "' needs the compiler context");
    }

    /** Like {@link #compile(RuleDef, RuleKind.Stateful, Problems)}, with the compiler's {@link Context}. */
    default RuleRuntime compile(RuleDef rule, RuleKind.Stateful kind, Context context) {
        return compile(rule, kind, context.problems());
    }
}
