package io.keelwatch.rule;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.keelwatch.rule.RuleTesting.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class TuningConfigTest {
    private static final String RULES = """
            - rule: exec
              priority: medium
              condition: event.action = exec
            - rule: never-allowlisted
              priority: critical
              allowlist: false
              condition: event.action = exec
            """;

    private static Event exec(String user, String ns) {
        return Event.builder("k8s_audit").put("event.action", "exec").put("user.name", user)
                .put("orchestrator.namespace", ns).build();
    }

    @Test
    void shippedDefaultsCoverKubernetesSystemUsersAndCiRunners() {
        TuningConfig d = TuningConfig.defaults();
        assertThat(d.errors()).isEmpty();
        Allowlist a = d.allowlist();
        assertThat(a.patterns(Allowlist.Kind.USERS)).contains("system:kube-controller-manager",
                "system:kube-scheduler", "system:apiserver", "system:node:*", "system:serviceaccount:kube-system:*");
        assertThat(a.match(exec("system:node:worker-1", "default"))).isPresent();
        assertThat(a.match(exec("system:serviceaccount:kube-system:coredns", "default")).orElseThrow().reason())
                .isEqualTo("allowlist:users");
        assertThat(a.match(exec("system:serviceaccount:default:app", "kube-system"))).isEmpty();
        assertThat(a.match(exec("alice", "default"))).isEmpty();
        Event ci = Event.builder("docker_events").put("container.labels", Map.of("ci", "true")).build();
        assertThat(a.match(ci).orElseThrow().kind()).isEqualTo(Allowlist.Kind.CONTAINER_LABELS);
        Event gitlab = Event.builder("docker_events")
                .put("container.labels", Map.of("com.gitlab.gitlab-runner.job.id", "42")).build();
        assertThat(a.match(gitlab)).isPresent();
        Event notCi = Event.builder("docker_events").put("container.labels", Map.of("ci", "false")).build();
        assertThat(a.match(notCi)).isEmpty();
    }

    @Test
    void userConfigMergesOverDefaults() {
        TuningConfig t = TuningConfig.parse("keelwatch.yaml", fixture("TuningConfigTest", "keelwatch.yaml"));
        assertThat(t.errors()).isEmpty();
        assertThat(t.allowlist().patterns(Allowlist.Kind.USERS)).contains("system:kube-scheduler", "deploy-bot");
        assertThat(t.allowlist().patterns(Allowlist.Kind.NAMESPACES)).containsExactly("sandbox-*");
        assertThat(t.rules()).containsKeys("exec", "never-allowlisted");

        TuningConfig noDefaults = TuningConfig.parse("k.yaml", "defaults: false\nallowlist:\n  users: [bob]\n");
        assertThat(noDefaults.allowlist().patterns(Allowlist.Kind.USERS)).containsExactly("bob");
        assertThat(noDefaults.allowlist().patterns(Allowlist.Kind.CONTAINER_LABELS)).isEmpty();
    }

    @Test
    void allowlistSuppressesAndCountsUnlessTheRuleOptsOut() {
        TuningConfig t = TuningConfig.parse("k.yaml", "allowlist: {users: [deploy-bot], namespaces: [\"sandbox-*\"]}");
        CompileResult r = RuleCompiler.compile(t, RuleSetSource.of("r.yaml", RULES));
        assertThat(r.errors()).isEmpty();
        CompiledRuleSet set = r.ruleSet();
        List<Alert> out = RuleTesting.alerts(set, exec("system:kube-scheduler", "default"));
        assertThat(out).extracting(Alert::rule).containsExactly("never-allowlisted");
        RuleTesting.alerts(set, exec("alice", "sandbox-7"));
        RuleTesting.alerts(set, exec("alice", "prod"));
        assertThat(set.suppressions()).containsEntry("allowlist:users", 1L).containsEntry("allowlist:namespaces", 1L);
        assertThat(set.suppressionsByRule()).containsEntry("exec", 2L);
        assertThat(set.suppressedTotal()).isEqualTo(2);
        assertThat(set.verdict("exec", exec("deploy-bot", "x"))).isEqualTo(Verdict.ALLOWLISTED);
        assertThat(set.filter("exec").test(exec("deploy-bot", "x"))).isFalse();
        assertThat(set.filter("exec").test(exec("carol", "x"))).isTrue();
        assertThat(set.suppressions()).containsEntry("allowlist:users", 2L);
        assertThat(set.explain("exec", exec("deploy-bot", "x")).label()).contains("allow-listed (users deploy-bot)");
    }

    @Test
    void perRuleSettings() {
        TuningConfig t = TuningConfig.parse("keelwatch.yaml", fixture("TuningConfigTest", "keelwatch.yaml"));
        CompiledRuleSet set = RuleCompiler.compile(t, RuleSetSource.of("r.yaml", RULES)).ruleSet();
        RuleDescriptor exec = set.rule("exec").orElseThrow();
        assertThat(exec.enabled()).isFalse();
        RuleDescriptor never = set.rule("never-allowlisted").orElseThrow();
        assertThat(never.priority()).isEqualTo(Priority.LOW);
        assertThat(never.exceptions()).containsExactly("break-glass");
        assertThat(set.verdict("never-allowlisted", exec("oncall-admin", "prod"))).isEqualTo(Verdict.EXCEPTION);
        List<Alert> out = RuleTesting.alerts(set, exec("mallory", "prod"));
        assertThat(out).extracting(Alert::priority).containsExactly(Priority.LOW);
        assertThat(set.suppressions()).isEmpty();
        RuleTesting.alerts(set, exec("oncall-admin", "prod"));
        assertThat(set.suppressions()).containsEntry("exception", 1L);
    }

    @Test
    void errorsInTheConfigAreLocatedAndReportedByTheCompiler() {
        TuningConfig t = TuningConfig.parseOnly("bad.yaml", """
                allowlist:
                  users: [ok]
                  pods: [x]
                  images: ["a[b"]
                rules:
                  exec:
                    enabled: maybe
                    priority: urgent
                    exceptions:
                      - {name: e, fields: [user.nmae], values: [[x]]}
                  ghost: {enabled: false}
                  other: {colour: red}
                """);
        assertThat(t.errors()).extracting(e -> e.line() + " " + e.message()).containsExactly(
                "3 unknown allowlist key 'pods' (expected namespaces, users, images, container_labels or "
                        + "container_names)",
                "4 unclosed '[' in glob 'a[b'",
                "7 'enabled' must be true or false",
                "8 unknown priority 'urgent' (expected critical, high, medium, low or info)",
                "12 unknown key 'colour' for rule 'other' (expected enabled, priority or exceptions)");
        CompileResult r = RuleCompiler.compile(t, RuleSetSource.of("r.yaml", RULES));
        assertThat(r.errors()).extracting(e -> e.file() + ":" + e.line()).contains("bad.yaml:3", "bad.yaml:10");
        assertThat(r.errors()).anyMatch(e -> e.message().startsWith("unknown field 'user.nmae'"));
        assertThat(r.warnings()).extracting(RuleError::message).containsExactly(
                "tuning names rule 'ghost', which is not loaded", "tuning names rule 'other', which is not loaded");
    }

    @Test
    void labelEntriesMatchKeysOrKeyValuePairsWithGlobs() {
        Allowlist a = Allowlist.empty().with(Allowlist.Kind.CONTAINER_LABELS, "team=plat*")
                .with(Allowlist.Kind.CONTAINER_LABELS, "io.example.*")
                .with(Allowlist.Kind.IMAGES, "registry.local/*")
                .with(Allowlist.Kind.CONTAINER_NAMES, "runner-?");
        assertThat(a.match(Event.builder("x").put("container.labels", Map.of("team", "platform")).build()))
                .isPresent();
        assertThat(a.match(Event.builder("x").put("container.labels", Map.of("team", "web")).build())).isEmpty();
        assertThat(a.match(Event.builder("x").put("container.labels", Map.of("io.example.x", "")).build()))
                .isPresent();
        assertThat(a.match(Event.builder("x").put("container.image.name", "registry.local/a/b:1").build()))
                .isPresent();
        assertThat(a.match(Event.builder("x").put("container.name", "runner-1").build())).isPresent();
        assertThat(a.match(Event.builder("x").put("container.name", "runner-12").build())).isEmpty();
        assertThat(TuningConfig.none().allowlist().isEmpty()).isTrue();
    }

    /** Across kinds the entry defined first wins, and a text seen again gets the same verdict (it is remembered). */
    @Test
    void theFirstMatchingEntryInDefinitionOrderIsReported() {
        Allowlist a = Allowlist.empty().with(Allowlist.Kind.USERS, "system:node:*")
                .with(Allowlist.Kind.NAMESPACES, "kube-*")
                .with(Allowlist.Kind.USERS, "system:*");
        for (int round = 0; round < 3; round++) {
            Event node = Event.builder("x").put("user.name", "system:node:w1")
                    .put("orchestrator.namespace", "kube-system").build();
            assertThat(a.match(node).orElseThrow().toString()).isEqualTo("users system:node:*");
            Event sa = Event.builder("x").put("user.name", "system:serviceaccount:a:b")
                    .put("orchestrator.namespace", "kube-system").build();
            assertThat(a.match(sa).orElseThrow().toString()).isEqualTo("namespaces kube-*");
            Event other = Event.builder("x").put("user.name", "system:serviceaccount:a:b")
                    .put("orchestrator.namespace", "default").build();
            assertThat(a.match(other).orElseThrow().toString()).isEqualTo("users system:*");
            Event none = Event.builder("x").put("user.name", "alice").put("orchestrator.namespace", "default").build();
            assertThat(a.match(none)).isEmpty();
        }
    }
}
