package io.keelwatch.bench;

import io.keelwatch.cli.bench.BenchCommand;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompiledRuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;

/**
 * The rule side of a scan on events already read: finding the rules an event passes (index, conditions,
 * exceptions, allow-list) and the whole pipeline (that, plus the reorder buffer, stateful detectors and folding),
 * with the built-in pack once and multiplied.
 */
public class MatchBenchmark extends Defaults {
    static final int EVENTS = 10_000;

    @Param({"1", "20"})
    public int multiplier;

    private CompiledRuleSet rules;
    private List<Event> events;

    @Setup
    public void setup() {
        rules = BenchCommand.compile(multiplier).ruleSet();
        events = AuditLines.events(AuditLines.lines(EVENTS, 7));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void matches(Blackhole bh) {
        for (Event e : events) {
            bh.consume(rules.matches(e));
        }
    }

    /** As a one-thread scan feeds the pipeline: each event prepared (its rules found) as it comes in. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void pipeline(Blackhole bh) {
        Pipeline p = new Pipeline(rules, bh::consume);
        for (Event e : events) {
            p.accept(e, p.prepare(e));
        }
        p.finish();
    }
}
