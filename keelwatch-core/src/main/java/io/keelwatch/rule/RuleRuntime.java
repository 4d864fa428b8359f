package io.keelwatch.rule;

import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;

import java.util.function.Consumer;

/**
 * What a rule does with events that pass its condition, its exceptions and the allow-lists. Stateless rules
 * emit one alert per event; stateful kinds (threshold, sequence, ...) keep state here and emit when their own
 * logic says so. A runtime belongs to one compiled rule set and is called from one thread at a time.
 */
public interface RuleRuntime {
    void onMatch(CompiledRule rule, Event e, Consumer<Alert> out);

    /** End of input: emit whatever is pending (open windows, ...). */
    default void flush(CompiledRule rule, Consumer<Alert> out) {
    }

    /** The stateless runtime: every match is an alert. */
    RuleRuntime STATELESS = (rule, e, out) -> out.accept(rule.alert(e));
}
