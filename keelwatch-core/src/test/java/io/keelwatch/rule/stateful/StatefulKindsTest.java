package io.keelwatch.rule.stateful;

import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleError;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatefulKindsTest {
    private static final String LISTS = """
            - list: recon_ports
              items: [21, 22, 23]
            - macro: refused
              condition: network.connection.state in (rejected, unanswered)
            """;

    private static CompileResult compile(String yaml) {
        return RuleCompiler.standard().compileAll(List.of(RuleSetSource.of("lists.yaml", LISTS),
                RuleSetSource.of("s.yaml", yaml)), TuningConfig.none());
    }

    private static List<String> errors(String yaml) {
        return compile(yaml).errors().stream().map(e -> e.line() + ":" + e.column() + " " + e.message()).toList();
    }

    private static String rule(String kind, String body) {
        return "- rule: r\n  priority: medium\n  kind: " + kind + "\n  condition: event.kind = flow\n" + body;
    }

    @Test
    void everyKindCompilesWithTheStandardCompiler() {
        CompileResult r = compile("""
                - rule: t
                  priority: high
                  kind: threshold
                  condition: refused
                  group_by: [source.ip]
                  distinct: destination.port
                  threshold: {op: ">", value: 9}
                  window: 60s
                - rule: s
                  priority: medium
                  kind: sequence
                  condition: event.kind = lifecycle
                  by: container.id
                  maxspan: 1m
                  steps:
                    - {name: created, condition: "event.action = create"}
                    - {name: no_exec, absent: true, condition: "event.action = exec_create"}
                    - {name: gone, condition: "event.action in (die, destroy)"}
                - rule: l
                  priority: medium
                  kind: lifetime
                  condition: event.kind in (lifecycle, exec)
                  entity: container.id
                  start: event.action = create
                  end: event.action = die
                  max_lifetime: 500ms
                  require: {exec: "event.action = exec_create"}
                  burst: {min_count: 3, window: 10m, group_by: [host.name]}
                - rule: f
                  priority: low
                  kind: first_seen
                  condition: event.kind = flow
                  group_by: [container.image.name]
                  value: [destination.ip, destination.port]
                  learning: 1h
                  learning_scope: global
                - rule: b
                  priority: medium
                  kind: baseline
                  condition: container.cpu.pct exists
                  group_by: container.name
                  value: container.cpu.pct
                  k: 3.5
                  min_history: 10
                  floor: 50
                  max_age: 2m
                  ttl: 1d
                  max_keys: 5000
                - rule: u
                  priority: medium
                  kind: threshold
                  condition: event.action = container_inspect
                  count: 5
                  window: 30s
                  unless: {condition: "event.action = exec_create", by: [container.name], within: 2s}
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.ruleSet().rules()).extracting(d -> d.id() + ":" + d.kind())
                .containsExactly("t:threshold", "s:sequence", "l:lifetime", "f:first_seen", "b:baseline", "u:threshold");
        assertThat(r.ruleSet().compiled("s").orElseThrow().runtime()).isInstanceOf(StatefulRuntime.class);
        StatefulRuntime u = (StatefulRuntime) r.ruleSet().compiled("u").orElseThrow().runtime();
        assertThat(u.newDetector(e -> false)).isInstanceOf(GuardedDetector.class);
        assertThat(r.ruleSet().rule("t").orElseThrow().kindParams()).containsEntry("window", "60s");
    }

    @Test
    void thresholdKeysAreCheckedWithPositions() {
        assertThat(errors(rule("threshold", "  window: 60\n  count: 0\n  colour: red\n"))).containsExactlyInAnyOrder(
                "5:11 threshold rule 'r': 'window' must be a positive duration such as 500ms, 30s, 10m or 1h, found '60'",
                "6:10 threshold rule 'r': 'count' must be a whole number of at least 1, found '0'",
                "7:11 threshold rule 'r': unknown key 'colour' for a threshold rule (expected one of buckets, count, "
                        + "distinct, evidence, group_by, max_distinct, max_keys, rearm, threshold, ttl, unless, window)");
        assertThat(errors(rule("threshold", "  window: 1m\n  distinct: destination.port\n"))).containsExactly(
                "3:9 threshold rule 'r': needs 'threshold' (how many distinct values)");
        assertThat(errors(rule("threshold", "  window: 1m\n  count: {op: '<', value: 3}\n"))).containsExactly(
                "6:15 threshold rule 'r': 'count.op' must be \">=\" or \">\", found '<'");
        assertThat(errors(rule("threshold", "  window: 1m\n  count: 3\n  group_by: [source.ip, container.nmae]\n")))
                .singleElement().asString().startsWith("7:25 unknown field 'container.nmae'")
                .contains("did you mean 'container.name'?");
    }

    @Test
    void sequenceStepConditionsAreCompiledWithListsAndMacrosAndPositions() {
        String bad = rule("sequence", """
                  maxspan: 1m
                  steps:
                    - {name: a, condition: "refused and destination.port in (recon_ports)"}
                    - {name: b, condition: "no_such_macro or destination.port ="}
                    - {name: b, absent: maybe, condition: "event.action = x"}
                """);
        assertThat(errors(bad)).containsExactlyInAnyOrder(
                "8:64 in step 'b' of rule 'r': expected a value after '=' but found the end of the condition",
                "9:14 sequence rule 'r': two steps are named 'b'",
                "9:25 sequence rule 'r': a step's 'absent' must be true or false, found 'maybe'");
        assertThat(errors(rule("sequence", "  maxspan: 1m\n  steps:\n    - {name: a, absent: true, condition: \"x = 1\"}\n")))
                .containsExactly("7:25 sequence rule 'r': the first step must not be absent (a sequence starts with an event)");
        assertThat(errors(rule("sequence", "  maxspan: 1m\n  steps:\n    - {name: a, condition: \"unknown_macro\"}\n")))
                .containsExactly("7:29 unknown macro 'unknown_macro'");
    }

    @Test
    void lifetimeFirstSeenAndBaselineNeedTheirKeys() {
        assertThat(errors(rule("lifetime", "  entity: container.id\n  end: event.action = die\n"))).containsExactlyInAnyOrder(
                "3:9 lifetime rule 'r': needs 'start' (a condition)",
                "3:9 lifetime rule 'r': needs 'max_lifetime' (a duration such as 30s)");
        assertThat(errors(rule("lifetime", "  entity: container.id\n  start: a = 1\n  end: b = 1\n  max_lifetime: 30s\n"
                + "  burst: {min_count: 0, window: 1m}\n"))).containsExactly(
                "9:22 lifetime rule 'r': 'burst.min_count' must be a whole number of at least 1, found '0'");
        assertThat(errors(rule("first_seen", "  group_by: container.name\n  learning: 10m\n"))).containsExactly(
                "3:9 first_seen rule 'r': needs 'value' (a field or a list of fields)");
        assertThat(errors(rule("baseline", "  value: container.cpu.pct\n  bucket: 1m\n  k: 0\n"))).containsExactlyInAnyOrder(
                "6:11 baseline rule 'r': needs exactly one of 'value' (a number field) or 'bucket' (a rate per bucket)",
                "7:6 baseline rule 'r': 'k' must be a number above 0, found '0'");
        assertThat(errors(rule("baseline", "  value: container.cpu.pct\n  use_baseline: false\n"))).containsExactly(
                "6:17 baseline rule 'r': 'use_baseline: false' needs 'max_age' (the young-group test)");
    }

    @Test
    void unlessIsCheckedToo() {
        assertThat(errors(rule("threshold", "  window: 1m\n  count: 2\n  unless: {condition: \"a =\", by: [], within: 2m}\n")))
                .containsExactlyInAnyOrder(
                        "7:27 in 'unless' of rule 'r': expected a value after '=' but found the end of the condition",
                        "7:34 threshold rule 'r': 'unless.by' needs at least one field",
                        "7:46 threshold rule 'r': 'unless.within' must be at most 1m");
    }

    @Test
    void durationsAreWholeNumbersWithAUnit() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("1.5s")).isNull();
        assertThat(DurationText.parse("30")).isNull();
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5m");
    }

    @Test
    void theStatelessOnlyCompilerStillRefusesStatefulKinds() {
        CompileResult r = RuleCompiler.statelessOnly().compileAll(List.of(RuleSetSource.of("s.yaml",
                rule("threshold", "  window: 1m\n  count: 2\n"))), TuningConfig.none());
        assertThat(r.errors()).extracting(RuleError::message)
                .containsExactly("rule kind 'threshold' not supported yet (rule 'r')");
    }
}
