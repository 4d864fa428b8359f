package io.keelwatch.rule.sigma;

import io.keelwatch.alert.Alert;
import io.keelwatch.engine.Pipeline;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleError;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigma correlations on the stateful engine, run through the pipeline in event time. */
class SigmaCorrelationTest {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long SEC = 1_000_000_000L;

    static Event ev(long secs, String json) {
        try {
            return Event.builder("json").time(T0 + secs * SEC).raw(SigmaCorpus.M.readTree(json)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Long> run(CompiledRuleSet set, List<Event> events) {
        List<Alert> alerts = new ArrayList<>();
        // a 1 ns folding window: every detection is an alert of its own
        Pipeline p = new Pipeline(set, Pipeline.Options.batch().withSuppression(Duration.ofNanos(1)), alerts::add);
        events.forEach(p::accept);
        p.finish();
        Map<String, Long> out = new TreeMap<>();
        alerts.forEach(a -> out.merge(a.rule(), 1L, Long::sum));
        return out;
    }

    static CompiledRuleSet compile(String yaml) {
        CompileResult r = SigmaCorpus.compileText("corr.yml", yaml);
        assertThat(r.errors()).isEmpty();
        return r.ruleSet();
    }

    static final String BASE = """
            title: Failed login
            id: base
            name: failed_login
            logsource: {product: test}
            detection:
              s: {action: fail}
              condition: s
            ---
            title: Success
            id: ok
            name: login_ok
            logsource: {product: test}
            detection:
              s: {action: ok}
              condition: s
            """;

    @Test
    void pySigmaSampleLoadsAndRuns() throws IOException {
        Assumptions.assumeTrue(SigmaCorpus.exists(), SigmaCorpus.missing());
        CompileResult r = SigmaCorpus.compile(SigmaCorpus.ROOT.resolve(Path.of("spec-tests", "pySigma", "tests",
                "files", "correlation_rule_valid", "correlation_rule.yml")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.ruleSet().rules()).hasSize(6);
        assertThat(r.ruleSet().rule("5d8fd9da-6916-45ef-8d4d-3fa9d19d1a64").orElseThrow().enabled()).isFalse();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(ev(i, "{\"fieldA\":\"value1\",\"fieldB\":\"value2\",\"fieldC\":\"c1\",\"fieldD\":\"d1\"}"));
        }
        // base_rule_2; the sample groups by fieldC (its alias 'field' is not used in group-by), so the event has it
        events.add(ev(20, "{\"fieldA\":\"value3\",\"fieldB\":\"value4\",\"fieldC\":\"c1\",\"fieldD\":\"c1\"}"));
        Map<String, Long> alerts = run(r.ruleSet(), events);
        assertThat(alerts).containsEntry("4db3cdb5-aac6-4827-a756-d99475865d32", 1L)  // event_count >= 10
                .containsEntry("16a288b8-4ed2-440f-9984-7a128e86e006", 1L)              // value_count < 10
                .containsEntry("dc48f97e-237d-42f4-a136-39c94cd53a17", 1L)              // temporal, aliased
                .doesNotContainKey("5d8fd9da-6916-45ef-8d4d-3fa9d19d1a64");             // generate: false
    }

    @Test
    void eventCountSlidesOverTheTimespanPerGroup() {
        CompiledRuleSet set = compile(BASE + """
                ---
                title: Brute force
                id: brute
                level: high
                correlation:
                  type: event_count
                  rules: [failed_login]
                  group-by: [user]
                  timespan: 1m
                  condition: {gte: 3}
                """);
        List<Event> events = List.of(ev(0, "{\"action\":\"fail\",\"user\":\"a\"}"),
                ev(30, "{\"action\":\"fail\",\"user\":\"a\"}"), ev(40, "{\"action\":\"fail\",\"user\":\"b\"}"),
                ev(100, "{\"action\":\"fail\",\"user\":\"a\"}"), ev(110, "{\"action\":\"fail\",\"user\":\"a\"}"),
                ev(120, "{\"action\":\"fail\",\"user\":\"a\"}"));
        assertThat(run(set, events)).isEqualTo(Map.of("brute", 1L));
    }

    @Test
    void temporalOrderedValueTypesAndChaining() {
        CompiledRuleSet set = compile(BASE + """
                ---
                title: Fail then success
                id: fail_then_ok
                name: fail_then_ok
                correlation:
                  type: temporal_ordered
                  rules: [failed_login, login_ok]
                  group-by: [user]
                  timespan: 5m
                ---
                title: Many users broken into
                id: many
                correlation:
                  type: event_count
                  rules: [fail_then_ok]
                  group-by: [user]
                  timespan: 1h
                  condition: {gte: 2}
                ---
                title: Big transfer
                id: bytes
                correlation:
                  type: value_sum
                  rules: [login_ok]
                  group-by: [user]
                  timespan: 1h
                  generate: true
                  condition: {field: bytes, gt: 1000}
                """);
        List<Event> events = List.of(ev(0, "{\"action\":\"ok\",\"user\":\"a\",\"bytes\":600}"),
                ev(10, "{\"action\":\"fail\",\"user\":\"a\"}"), ev(20, "{\"action\":\"ok\",\"user\":\"a\",\"bytes\":600}"),
                ev(30, "{\"action\":\"fail\",\"user\":\"a\"}"), ev(40, "{\"action\":\"ok\",\"user\":\"a\",\"bytes\":1}"),
                ev(50, "{\"action\":\"ok\",\"user\":\"b\"}"));
        Map<String, Long> alerts = run(set, events);
        // fail_then_ok fires twice for user a; it only feeds 'many' (no generate), which needs two of them.
        // login_ok keeps alerting because 'bytes' says generate: true; failed_login is silenced.
        assertThat(alerts).isEqualTo(Map.of("many", 1L, "bytes", 1L, "ok", 4L));
    }

    @Test
    void stateSurvivesSnapshotAndRestore() {
        CompiledRuleSet set = compile(BASE + """
                ---
                title: Distinct users failing
                id: spray
                correlation:
                  type: value_count
                  rules: [failed_login]
                  group-by: [src]
                  timespan: 10m
                  condition: {field: user, gte: 3}
                """);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(ev(i * 10, "{\"action\":\"fail\",\"src\":\"10.0.0.9\",\"user\":\"u" + i + "\"}"));
        }
        List<Alert> whole = new ArrayList<>();
        Pipeline.Options o = Pipeline.Options.batch().withSuppression(Duration.ofNanos(1));
        Pipeline p = new Pipeline(set, o, whole::add);
        events.forEach(p::accept);
        p.finish();
        List<Alert> split = new ArrayList<>();
        Pipeline first = new Pipeline(set, o, split::add);
        events.subList(0, 2).forEach(first::accept);
        Pipeline second = new Pipeline(set, o, split::add);
        second.restore(first.snapshot());
        events.subList(2, 6).forEach(second::accept);
        second.finish();
        assertThat(split).extracting(Alert::rule).containsExactlyElementsOf(whole.stream().map(Alert::rule).toList());
        assertThat(whole).extracting(Alert::rule).containsExactly("spray", "spray");
    }

    @Test
    void badCorrelationsAreRefused() {
        List<String> errors = SigmaCorpus.compileText("c.yml", BASE + """
                ---
                title: Unknown
                correlation:
                  type: event_count
                  rules: [nope]
                  timespan: 1m
                  condition: {gte: 2}
                ---
                title: No span
                correlation:
                  type: event_count
                  rules: [failed_login]
                  condition: {gte: 2}
                ---
                title: Boolean condition
                correlation:
                  type: temporal
                  rules: [failed_login, login_ok]
                  timespan: 1m
                  condition: failed_login and login_ok
                """).errors().stream().map(RuleError::message).toList();
        assertThat(errors).anySatisfy(m -> assertThat(m).contains("names rule 'nope', which is not loaded"))
                .anySatisfy(m -> assertThat(m).contains("needs a timespan"))
                .anySatisfy(m -> assertThat(m).contains("boolean expressions over rule names are not supported"));
    }
}
