package io.keelwatch.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.alert.Alert;
import io.keelwatch.detect.Suppressor;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {
    static final long T0 = 1_800_000_000_000_000_000L;
    static final long S = 1_000_000_000L;

    static final String RULES = """
            - rule: exec
              title: exec
              priority: medium
              techniques: [T1609]
              condition: event.action = exec_create
              output: "%process.command_line in %container.name"
            - rule: scan
              title: scan
              priority: high
              techniques: [T1046]
              kind: threshold
              condition: event.kind = flow and network.connection.state = rejected
              group_by: [source.ip]
              distinct: destination.port
              threshold: 5
              window: 30s
              output: "scan from %source.ip"
            - rule: short
              title: short
              priority: medium
              kind: lifetime
              condition: event.action in (create, die)
              entity: container.id
              start: event.action = create
              end: event.action = die
              max_lifetime: 10s
              burst: {min_count: 3, window: 1m}
            - rule: quiet
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
            - rule: sweep
              title: sweep
              priority: medium
              kind: threshold
              condition: event.action = container_inspect
              distinct: url.path
              threshold: 3
              window: 30s
              unless: {condition: "event.action = exec_create", by: [container.name], within: 2s}
            """;

    static CompiledRuleSet rules() {
        return rules(RULES);
    }

    static CompiledRuleSet rules(String text) {
        CompileResult r = RuleCompiler.standard().compileAll(List.of(RuleSetSource.of("t.yaml", text)),
                TuningConfig.defaults());
        assertThat(r.errors()).isEmpty();
        return r.ruleSet();
    }

    static Event ev(String file, int line, double sec, String source, Object... kv) {
        var b = Event.builder(source).time(T0 + (long) (sec * S)).origin(Origin.of(file, line));
        for (int i = 0; i < kv.length; i += 2) {
            b.put((String) kv[i], kv[i + 1]);
        }
        return b.build();
    }

    static Event exec(String file, int line, double sec, String container, String cmd) {
        return ev(file, line, sec, "docker_events", "event.action", "exec_create", "event.kind", "exec",
                "container.name", container, "container.id", container + "-id", "process.command_line", cmd);
    }

    static Event flow(int line, double sec, String src, int port) {
        return ev("conn.log", line, sec, "zeek_conn", "event.action", "connection", "event.kind", "flow",
                "source.ip", src, "destination.ip", "10.0.0.9", "destination.port", (long) port,
                "network.connection.state", "rejected");
    }

    static Event life(int line, double sec, String action, String name, String... labels) {
        Event e = ev("events.jsonl", line, sec, "docker_events", "event.action", action, "event.kind", "lifecycle",
                "container.name", name, "container.id", name + "-id");
        if (labels.length > 0) {
            e = e.withFields(java.util.Map.of("container.labels", java.util.Map.of(labels[0], labels[1])), false);
        }
        return e;
    }

    /** A small capture: exec records in two logs, a port scan, a burst of short-lived containers, CI ones. */
    static List<Event> capture() {
        List<Event> out = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < 3; i++) {   // one docker exec seen as exec_create in two logs, and a second one later
            out.add(exec("events.jsonl", line++, 1 + i * 0.001, "web", "id"));
            out.add(ev("dockerd.log", line++, 1 + i * 0.001, "dockerd_log", "event.action", "exec_create",
                    "container.name", "web", "process.command_line", "id"));
        }
        out.add(exec("events.jsonl", line++, 2, "web", "uname -a"));
        for (int p = 0; p < 7; p++) {
            out.add(flow(p + 1, 10 + p * 0.1, "10.0.0.5", 20 + p));
        }
        for (int c = 0; c < 4; c++) {
            out.add(life(line++, 20 + c, "create", "eph" + c));
            out.add(life(line++, 22 + c, "die", "eph" + c));
        }
        for (int c = 0; c < 4; c++) {
            out.add(life(line++, 40 + c, "create", "ci" + c, "ci", "true"));
            out.add(life(line++, 41 + c, "die", "ci" + c, "ci", "true"));
        }
        for (String c : List.of("a", "b", "c", "d")) {   // the inspect of 'a' belongs to an exec into 'a'
            out.add(ev("dockerd.log", line++, 60 + line * 0.01, "dockerd_log", "event.action", "container_inspect",
                    "container.name", c, "url.path", "/v1.41/containers/" + c + "/json"));
        }
        out.add(exec("events.jsonl", line++, 61, "a", "true"));
        out.add(exec("events.jsonl", line++, 200, "web", "id")); // outside the first fold window
        return out;
    }

    static List<String> run(CompiledRuleSet set, List<Event> events, Pipeline.Options o) {
        List<String> out = new ArrayList<>();
        Pipeline p = new Pipeline(set, o, a -> out.add(a.toJson().toString()));
        events.forEach(p::accept);
        p.finish();
        return out;
    }

    static List<Alert> alerts(CompiledRuleSet set, List<Event> events) {
        List<Alert> out = new ArrayList<>();
        Pipeline p = new Pipeline(set, out::add);
        events.forEach(p::accept);
        p.finish();
        return out;
    }

    @Test
    void statelessMatchesFoldBySummaryAndWorkloadAndStatefulRulesFire() {
        List<Alert> a = alerts(rules(), capture());
        assertThat(a).extracting(x -> x.rule() + " " + x.count() + " " + x.summary()).containsExactly(
                "exec 6 id in web",
                "exec 1 uname -a in web",
                "scan 5 scan from 10.0.0.5: 5 distinct destination.port within 30s for source.ip=10.0.0.5 (threshold >= 5)",
                "quiet 2 created and gone without exec: created → died for container.name=eph0 within 2s, with no no_exec",
                "quiet 2 created and gone without exec: created → died for container.name=eph1 within 2s, with no no_exec",
                "quiet 2 created and gone without exec: created → died for container.name=eph2 within 2s, with no no_exec",
                "short 3 short: 3 short-lived entities (each ended within 10s of its start) within 1m",
                "quiet 2 created and gone without exec: created → died for container.name=eph3 within 2s, with no no_exec",
                "sweep 3 sweep: 3 distinct url.path within 30s for all events (threshold >= 3)",
                "exec 1 true in a",
                "exec 1 id in web");
        Alert sweep = a.get(8);
        assertThat(sweep.evidence()).extracting(e -> e.summary())   // the inspect made by the exec into 'a' is left out
                .containsExactly("dockerd_log container_inspect container=b path=/v1.41/containers/b/json",
                        "dockerd_log container_inspect container=c path=/v1.41/containers/c/json",
                        "dockerd_log container_inspect container=d path=/v1.41/containers/d/json");
        Alert exec = a.get(0);
        assertThat(exec.evidence()).hasSize(6).extracting(e -> e.file() + ":" + e.line())
                .startsWith("dockerd.log:2", "events.jsonl:1");
        assertThat(exec.firstTime()).isEqualTo(T0 + S);
        assertThat(exec.lastTime()).isEqualTo(T0 + S + 2_000_000);
        Alert scan = a.get(2);
        assertThat(scan.entity()).containsEntry("source.ip", "10.0.0.5");
        assertThat(scan.techniques()).containsExactly("T1046");
        assertThat(scan.timeNanos()).isEqualTo(T0 + 10 * S + 4 * S / 10);
        assertThat(a).extracting(Alert::timeNanos).isSorted();
    }

    @Test
    void ciContainersAllowListedByLabelNeverReachTheDetectors() {
        Pipeline p = new Pipeline(rules(), x -> { });
        capture().forEach(p::accept);
        p.finish();
        PipelineStats s = p.stats();
        assertThat(s.eventsIn()).isEqualTo(capture().size());
        var shortStats = s.detectors().stream().filter(d -> d.ruleId().equals("short")).findFirst().orElseThrow();
        assertThat(shortStats.counter("short_lived")).isEqualTo(4);   // eph0..3; not ci0..3
        assertThat(s.suppressed()).containsKey("allowlist:container_labels");
        assertThat(s.alertsOut()).isEqualTo(11);
        var sweep = s.detectors().stream().filter(d -> d.ruleId().equals("sweep")).findFirst().orElseThrow();
        assertThat(sweep.counter("excluded")).isEqualTo(1);
        assertThat(sweep.counter("held")).isZero();
        assertThat(s.bytesPerKey()).containsOnlyKeys("scan", "short", "quiet", "sweep");
        assertThat(s.folded()).isGreaterThan(0);
        assertThat(s.toJson().get("detectors")).hasSize(4);
    }

    @Test
    void theSameAlertsWhateverTheInputOrderWithinTheLateness() {
        CompiledRuleSet set = rules();
        List<Event> events = capture();
        List<String> expected = run(set, events, Pipeline.Options.batch());
        Random rnd = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Event> shuffled = new ArrayList<>(events);
            // shuffle within blocks of 3 s so that no event is later than the 5 s lateness
            shuffled.sort((x, y) -> Long.compare(x.timeNanos() / (3 * S), y.timeNanos() / (3 * S)));
            int i = 0;
            while (i < shuffled.size()) {
                int j = i;
                long block = shuffled.get(i).timeNanos() / (3 * S);
                while (j < shuffled.size() && shuffled.get(j).timeNanos() / (3 * S) == block) {
                    j++;
                }
                Collections.shuffle(shuffled.subList(i, j), rnd);
                i = j;
            }
            assertThat(run(set, shuffled, Pipeline.Options.batch())).isEqualTo(expected);
        }
    }

    @Test
    void snapshotAndRestoreContinueExactlyLikeOneRun() throws Exception {
        CompiledRuleSet set = rules();
        List<Event> events = capture();
        List<String> once = run(set, events, Pipeline.Options.batch());
        ObjectMapper m = new ObjectMapper();
        for (int cut = 0; cut <= events.size(); cut += 3) {
            List<String> out = new ArrayList<>();
            Pipeline first = new Pipeline(set, a -> out.add(a.toJson().toString()));
            events.subList(0, cut).forEach(first::accept);
            String saved = m.writeValueAsString(first.snapshot());
            Pipeline second = new Pipeline(set, a -> out.add(a.toJson().toString()));
            second.restore(m.readTree(saved));
            events.subList(cut, events.size()).forEach(second::accept);
            second.finish();
            assertThat(out).as("cut after %d events", cut).isEqualTo(once);
            assertThat(second.stats().eventsIn()).isEqualTo(events.size());
        }
    }

    @Test
    void emitFirstModeAlertsAtOnceAndSummarisesTheRest() {
        List<Alert> out = new ArrayList<>();
        Pipeline p = new Pipeline(rules(), Pipeline.Options.live(), out::add);
        capture().subList(0, 6).forEach(p::accept);
        p.advanceWatermark(T0 + 30 * S);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).count()).isEqualTo(1);
        p.advanceWatermark(T0 + 120 * S);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).count()).isEqualTo(5);
    }

    @Test
    void aSnapshotFromAnotherModeOrRuleSetIsRefused() {
        CompiledRuleSet set = rules();
        JsonNode snap = new Pipeline(set, a -> { }).snapshot();
        Pipeline live = new Pipeline(set, Pipeline.Options.live(), a -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.restore(snap))
                .hasMessageContaining("HOLD mode");
        CompiledRuleSet other = RuleCompiler.standard().compileAll(List.of(RuleSetSource.of("o.yaml",
                "- rule: x\n  priority: low\n  condition: event.action = y\n")), TuningConfig.none()).ruleSet();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Pipeline(other, a -> { }).restore(snap))
                .hasMessageContaining("not an enabled stateful rule");
    }

    @Test
    void optionsAreChecked() {
        assertThat(Pipeline.Options.batch().mode()).isEqualTo(Suppressor.Mode.HOLD);
        assertThat(Pipeline.Options.batch().withLateness(Duration.ZERO).lateness()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pipeline.Options.batch().withSuppression(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
