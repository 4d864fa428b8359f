package io.keelwatch.rule.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a rule fires. {@link Stateless} rules alert on each matching event. The stateful kinds
 * ({@code threshold}, {@code sequence}, {@code lifetime}, {@code first_seen}, {@code baseline}) keep their own
 * keys ({@code window}, {@code group_by}, ...) as written, in {@link Stateful#params()}, for their compilers.
 */
public sealed interface RuleKind permits RuleKind.Stateless, RuleKind.Stateful {
    /** The kinds a rule file may name, besides stateless. */
    List<String> STATEFUL = List.of("threshold", "sequence", "lifetime", "first_seen", "baseline");

    String name();

    record Stateless() implements RuleKind {
        @Override
        public String name() {
            return "stateless";
        }
    }

    /** A stateful kind with the rule's kind-specific keys (every key not common to all rules), in file order. */
    record Stateful(String name, Map<String, YNode> params, Loc loc) implements RuleKind {
        public Stateful {
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The parameters as plain Java values (String, Long, Double, Boolean, List, Map). */
        public Map<String, Object> plainParams() {
            Map<String, Object> out = new LinkedHashMap<>();
            params.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
    }
}
