package io.keelwatch.engine;

import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;

import java.util.function.Consumer;

/**
 * Events in, alerts out: the compiled rule set (stateless rules) and the stateful detectors, on event time.
 * Single-threaded. Call {@link #finish()} at the end of input to flush windows and folded alerts.
 */
public final class Pipeline {
    private final CompiledRuleSet rules;
    private final Consumer<Alert> out;

    public Pipeline(CompiledRuleSet rules, Consumer<Alert> out) {
        this.rules = rules;
        this.out = out;
    }

    public void accept(Event e) {
        rules.evaluate(e, out);
    }

    public void finish() {
        rules.flush(out);
    }
}
