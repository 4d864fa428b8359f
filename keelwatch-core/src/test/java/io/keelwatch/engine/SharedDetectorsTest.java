package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.detect.DetectorStats;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful rules that cannot tell apart share one detector; each still alerts under its own id, priority and
 * output, exactly as it would alone, through snapshots too. A rule that differs in any parameter keeps its own.
 */
class SharedDetectorsTest {
    /** PipelineTest's rules, a copy of each stateful one (another id, priority and title), and a near-copy. */
    private static final String COPIES = """
            - rule: scan-copy
              title: scan again
              priority: critical
              kind: threshold
              condition: event.kind = flow and network.connection.state = rejected
              group_by: [source.ip]
              distinct: destination.port
              threshold: 5
              window: 30s
              output: "scan from %source.ip"
            - rule: scan-4
              title: scan, lower threshold
              priority: high
              kind: threshold
              condition: event.kind = flow and network.connection.state = rejected
              group_by: [source.ip]
              distinct: destination.port
              threshold: 4
              window: 30s
              output: "scan from %source.ip"
            - rule: short-copy
              title: short
              priority: low
              kind: lifetime
              condition: event.action in (create, die)
              entity: container.id
              start: event.action = create
              end: event.action = die
              max_lifetime: 10s
              burst: {min_count: 3, window: 1m}
            - rule: quiet-copy
              title: created and gone without exec
              priority: low
              kind: sequence
              condition: event.action in (create, exec_create, die)
              by: [container.name]
              maxspan: 1m
              steps:
                - {name: created, condition: "event.action = create"}
                - {name: no_exec, absent: true, condition: "event.action = exec_create"}
                - {name: died, condition: "event.action = die"}
            """;

    private static CompiledRuleSet rules(String text) {
        CompileResult r = RuleCompiler.standard().compileAll(List.of(RuleSetSource.of("t.yaml", text)),
                TuningConfig.defaults());
        assertThat(r.errors()).isEmpty();
        return r.ruleSet();
    }

    private static List<String> lines(List<Alert> alerts, String rule) {
        return alerts.stream().filter(a -> a.rule().equals(rule))
                .map(a -> a.timeNanos() + " " + a.count() + " " + a.evidence().size() + " " + a.summary()).toList();
    }

    @Test
    void copiesAlertAsTheOriginalDoesUnderTheirOwnIdsAndPriorities() {
        List<Event> events = PipelineTest.capture();
        List<Alert> alone = PipelineTest.alerts(rules(PipelineTest.RULES), events);
        List<Alert> shared = PipelineTest.alerts(rules(PipelineTest.RULES + COPIES), events);

        for (String r : List.of("scan", "short", "quiet", "sweep", "exec")) {
            assertThat(lines(shared, r)).as(r).isEqualTo(lines(alone, r)).isNotEmpty();
        }
        assertThat(lines(shared, "scan-copy")).isEqualTo(lines(alone, "scan"));
        assertThat(lines(shared, "quiet-copy")).isEqualTo(lines(alone, "quiet"));
        assertThat(lines(shared, "short-copy")).hasSameSizeAs(lines(alone, "short"));
        assertThat(shared).filteredOn(a -> a.rule().equals("scan-copy"))
                .allSatisfy(a -> assertThat(a.priority().name()).isEqualToIgnoringCase("critical"));
        // the near-copy counts on its own: it fires on the fourth distinct port, before the others
        assertThat(lines(shared, "scan-4")).hasSize(1);
        assertThat(shared.stream().filter(a -> a.rule().equals("scan-4")).findFirst().orElseThrow().timeNanos())
                .isLessThan(alone.stream().filter(a -> a.rule().equals("scan")).findFirst().orElseThrow().timeNanos());
    }

    @Test
    void copiesShareOneDetectorAndItsSnapshot() {
        CompiledRuleSet set = rules(PipelineTest.RULES + COPIES);
        List<Event> events = PipelineTest.capture();
        Pipeline whole = new Pipeline(set, a -> { });
        events.forEach(whole::accept);
        assertThat(whole.stats().detectors()).extracting(DetectorStats::ruleId)
                .containsExactlyInAnyOrder("scan", "short", "quiet", "sweep", "scan-4");

        int cut = events.size() / 2;
        List<Alert> first = new ArrayList<>();
        Pipeline p = new Pipeline(set, first::add);
        events.subList(0, cut).forEach(p::accept);
        JsonNode snap = p.snapshot();
        assertThat(snap.path("detectors").path("scan-copy").path("shared_with").asText()).isEqualTo("scan");
        assertThat(snap.path("detectors").path("scan-4").has("shared_with")).isFalse();

        List<Alert> second = new ArrayList<>();
        Pipeline q = new Pipeline(set, second::add);
        q.restore(snap);
        events.subList(cut, events.size()).forEach(q::accept);
        q.finish();
        List<Alert> resumed = new ArrayList<>(first);
        resumed.addAll(second);

        List<Alert> straight = PipelineTest.alerts(set, events);
        for (String r : List.of("scan", "scan-copy", "scan-4", "short", "short-copy", "quiet", "quiet-copy")) {
            assertThat(lines(resumed, r)).as(r).isEqualTo(lines(straight, r));
        }
    }
}
