package io.keelwatch.rule.stateful;

import io.keelwatch.alert.Alert;
import io.keelwatch.detect.StatefulDetector;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRule;
import io.keelwatch.rule.RuleRuntime;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The runtime of a compiled stateful rule: a recipe for its detector. State lives in the detector, and every
 * {@code io.keelwatch.engine.Pipeline} builds its own from this recipe (so one compiled rule set serves many
 * pipelines, and a snapshot restores into fresh detectors). {@link #onMatch} does nothing: stateful rules only
 * alert through a pipeline, which puts events in time order first.
 */
public final class StatefulRuntime implements RuleRuntime {
    private final String kind;
    private final Function<Predicate<Event>, StatefulDetector> factory;
    private final boolean shareable;

    StatefulRuntime(String kind, Function<Predicate<Event>, StatefulDetector> factory) {
        this(kind, factory, true);
    }

    private StatefulRuntime(String kind, Function<Predicate<Event>, StatefulDetector> factory, boolean shareable) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.shareable = shareable;
    }

    /**
     * True when the detector depends only on the rule's kind parameters (the kinds of the rule language), so that
     * rules with the same condition and parameters may share one.
     */
    public boolean shareable() {
        return shareable;
    }

    /**
     * A runtime for a stateful rule compiled outside this package (Sigma correlations): {@code factory} builds the
     * detector from the filter the pipeline hands it.
     */
    public static StatefulRuntime of(String kind, Function<Predicate<Event>, StatefulDetector> factory) {
        return new StatefulRuntime(kind, factory, false);
    }

    /** {@code threshold}, {@code sequence}, {@code lifetime}, {@code first_seen} or {@code baseline}. */
    public String kind() {
        return kind;
    }

    /**
     * A fresh detector for the rule. {@code filter} tells which events passed the rule's condition, exceptions and
     * allow-lists; the detector is shown every event (for its clock) but only those count.
     */
    public StatefulDetector newDetector(Predicate<Event> filter) {
        return factory.apply(filter);
    }

    @Override
    public void onMatch(CompiledRule rule, Event e, Consumer<Alert> out) {
        // stateful rules run in io.keelwatch.engine.Pipeline
    }
}
