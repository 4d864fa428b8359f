package io.keelwatch.rule;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.keelwatch.rule.RuleTesting.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class RuleCompilerTest {
    private static final String T = "RuleCompilerTest";

    private static RuleSetSource fx(String name) {
        return RuleSetSource.of(name, fixture(T, name));
    }

    private static CompileResult baseAndOverrides() {
        return RuleCompiler.compile(TuningConfig.none(), fx("base.yaml"), fx("overrides.yaml"));
    }

    private static Event docker(String action, String container, String process) {
        return Event.builder("docker_events").put("event.action", action).put("container.name", container)
                .put("process.name", process).build();
    }

    @Test
    void laterFilesAppendAndOverride() {
        CompileResult r = baseAndOverrides();
        assertThat(r.errors()).isEmpty();
        CompiledRuleSet set = r.ruleSet();
        RuleDescriptor shell = set.rule("shell-in-container").orElseThrow();
        assertThat(shell.priority().label()).isEqualTo("high");
        assertThat(shell.tags()).containsExactly("shell");
        assertThat(shell.exceptions()).containsExactly("trusted", "local-registry");
        assertThat(shell.actions()).containsExactly("exec_create", "exec_start");
        assertThat(shell.file()).isEqualTo("base.yaml");
        assertThat(shell.line()).isEqualTo(11);
        // list append: zsh now a shell; macro append: exec_start now an exec
        assertThat(set.verdict("shell-in-container", docker("exec_start", "web", "zsh"))).isEqualTo(Verdict.MATCH);
        // exception rows: (builder, sh) from base, (ci, zsh) appended by name
        assertThat(set.verdict("shell-in-container", docker("exec_create", "builder", "sh")))
                .isEqualTo(Verdict.EXCEPTION);
        assertThat(set.verdict("shell-in-container", docker("exec_create", "builder", "bash")))
                .isEqualTo(Verdict.MATCH);
        assertThat(set.verdict("shell-in-container", docker("exec_create", "ci", "zsh"))).isEqualTo(Verdict.EXCEPTION);
        Event local = Event.builder("docker_events").put("event.action", "exec_create").put("process.name", "sh")
                .put("container.image.name", "registry.local/app").build();
        assertThat(set.verdict("shell-in-container", local)).isEqualTo(Verdict.EXCEPTION);
        // enabled: false alone disables
        assertThat(set.rule("any-source").orElseThrow().enabled()).isFalse();
        assertThat(RuleTesting.alerts(set, Event.builder("x").put("container.name", "zzz").build())).isEmpty();
    }

    @Test
    void indexSelectsBySourceAndAction() {
        CompiledRuleSet set = baseAndOverrides().ruleSet();
        assertThat(ids(set.candidates(docker("exec_create", "a", "sh")))).containsExactly("shell-in-container");
        // create-privileged needs its action and container.privileged = true
        assertThat(ids(set.candidates(docker("container_create", "a", "sh")))).isEmpty();
        assertThat(ids(set.candidates(Event.builder("docker_events").put("event.action", "container_create")
                .put("container.privileged", true).build()))).containsExactly("create-privileged");
        assertThat(ids(set.candidates(docker("die", "a", "sh")))).isEmpty();
        assertThat(ids(set.candidates(Event.builder("k8s_audit").put("event.action", "create")
                .put("container.privileged", true).build()))).containsExactly("create-privileged");
        assertThat(ids(set.candidates(Event.builder("k8s_audit").put("event.action", "create").build()))).isEmpty();
        assertThat(ids(set.candidates(Event.builder("k8s_audit").build()))).isEmpty();
        CompiledRuleSet all = RuleTesting.compileOk("""
                - rule: any
                  priority: low
                  condition: container.name = x
                - rule: k8s
                  priority: low
                  sources: [k8s_audit]
                  condition: (event.action = get or event.action in (list, watch)) and container.name = x
                - rule: not-indexable
                  priority: low
                  sources: [k8s_audit]
                  condition: event.action = get or container.name = x
                """);
        assertThat(all.rule("k8s").orElseThrow().actions()).containsExactly("get", "list", "watch");
        assertThat(all.rule("not-indexable").orElseThrow().actions()).isEmpty();
        assertThat(ids(all.candidates(Event.builder("k8s_audit").put("event.action", "get").put("container.name", "x")
                .build()))).containsExactly("any", "k8s", "not-indexable");
        assertThat(ids(all.candidates(Event.builder("k8s_audit").put("event.action", "delete").put("container.name", "x")
                .build()))).containsExactly("any", "not-indexable");
        assertThat(ids(all.candidates(Event.builder("zeek_conn").put("event.action", "get").put("container.name", "x")
                .build()))).containsExactly("any");
        // without action, "any" is indexed by the container name it requires
        assertThat(ids(all.candidates(Event.builder("zeek_conn").put("container.name", "y").build()))).isEmpty();
    }

    private static List<String> ids(List<CompiledRule> rules) {
        return rules.stream().map(CompiledRule::id).toList();
    }

    @Test
    void allErrorsOfAllFilesAreReportedTogether() {
        CompileResult r = RuleCompiler.compile(TuningConfig.none(), fx("errors-a.yaml"), fx("errors-b.yaml"),
                fx("errors-c.yaml"));
        String report = r.errors().stream().map(e -> e.file() + ":" + e.line() + ":" + e.column() + " "
                + e.message()).collect(Collectors.joining("\n"));
        assertThat(report).contains(
                "errors-a.yaml:3:37 in rule 'bad-syntax': unexpected 'or'",
                "errors-a.yaml:8:34 in rule 'bad-block': expected ',' or ')' in the list",
                "errors-a.yaml:11:14 unknown field 'container.nmae'",
                "did you mean 'container.name'?",
                "errors-a.yaml:14:14 '<' compares numbers; 'container.capabilities.add' is a list-of-text field",
                "errors-a.yaml:14:49 'cidr' needs an IP address field",
                "errors-a.yaml:17:33 bad regex 'a(b': missing closing )",
                "errors-a.yaml:19:13 unknown priority 'urgent'",
                "errors-a.yaml:20:16 bad ATT&CK technique id 'T123'",
                "errors-a.yaml:21:24 unknown ATT&CK tactic 'lunch'",
                "errors-b.yaml:4:14 macro recursion: loop_a -> loop_b -> loop_a",
                "errors-b.yaml:7:14 unknown macro 'no_such_macro'",
                "errors-b.yaml:7:50 unknown list 'no_such_list'",
                "errors-b.yaml:9:9 threshold rule 'stateful': needs 'count' (or 'distinct' and 'threshold')",
                "errors-b.yaml:16:3 unknown key 'condtion' in rule 'typo-key'",
                "errors-b.yaml:17:3 can't append to list 'nowhere'",
                "errors-c.yaml:3:12 YAML syntax error");
        assertThat(r.errors()).hasSize(17);
        RuleError regex = r.errors().stream().filter(e -> e.message().startsWith("bad regex")).findFirst()
                .orElseThrow();
        assertThat(regex.snippet()).isEqualTo("  condition: process.name regex \"a(b\"\n"
                + "                                ^");
        assertThat(regex.toJson().get("line").asInt()).isEqualTo(17);
        assertThat(regex.toJson().get("snippet").asText()).endsWith("^");
        assertThat(regex.toString()).startsWith("errors-a.yaml:17:33: bad regex");
        // rules without errors still compile; the ones with errors are left out
        assertThat(r.ruleSet().rules()).isEmpty();
    }

    @Test
    void unusedMacrosAreCheckedToo() {
        CompileResult r = RuleTesting.compile("m.yaml", """
                - macro: unused
                  condition: container.name = a and missing_macro
                - macro: broken
                  condition: container.name = = a
                - rule: uses-broken
                  priority: low
                  condition: broken
                """);
        assertThat(r.errors()).extracting(e -> e.line() + ":" + e.column() + " " + e.message()).containsExactly(
                "4:31 in macro 'broken': expected a value after '=' but found '='",
                "2:37 unknown macro 'missing_macro'");
    }

    @Test
    void appendedConditionReportsErrorsInTheFileThatAppended() {
        CompileResult r = RuleTesting.compile("a.yaml", """
                - rule: x
                  priority: low
                  condition: container.name = a
                """, "b.yaml", """
                - rule: x
                  append: true
                  condition: and container.nam = b
                """);
        assertThat(r.errors()).extracting(e -> e.file() + ":" + e.line() + ":" + e.column()).containsExactly(
                "b.yaml:3:18");
    }

    @Test
    void redefinitionReplacesWithAWarning() {
        CompileResult r = RuleTesting.compile("a.yaml", """
                - rule: x
                  priority: low
                  condition: container.name = a
                """, "b.yaml", """
                - rule: x
                  priority: high
                  condition: container.name = b
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(RuleError::message)
                .containsExactly("rule 'x' is redefined; the definition at a.yaml:1:3 is replaced");
        assertThat(r.ruleSet().rule("x").orElseThrow().condition()).isEqualTo("container.name = b");
    }

    @Test
    void singleFieldExceptionsAndListValues() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - list: trusted_images
                  items: [registry.local/*, quay.io/org/*]
                - rule: e
                  priority: low
                  condition: container.name exists
                  exceptions:
                    - {name: names, fields: container.name, comps: in, values: [build, [ci, cd]]}
                    - {name: images, fields: [container.image.name], comps: [glob], values: [[trusted_images]]}
                    - {name: nets, fields: [source.ip, process.name], comps: [cidr, startswith],
                       values: [[[10.0.0.0/8, 192.168.0.0/16], kube]]}
                """);
        assertThat(set.verdict("e", Event.builder("x").put("container.name", "cd").build()))
                .isEqualTo(Verdict.EXCEPTION);
        assertThat(set.verdict("e", Event.builder("x").put("container.name", "build").build()))
                .isEqualTo(Verdict.EXCEPTION);
        assertThat(set.verdict("e", Event.builder("x").put("container.name", "web")
                .put("container.image.name", "quay.io/org/app:1").build())).isEqualTo(Verdict.EXCEPTION);
        assertThat(set.verdict("e", Event.builder("x").put("container.name", "web").put("source.ip", "192.168.1.1")
                .put("process.name", "kube-proxy").build())).isEqualTo(Verdict.EXCEPTION);
        assertThat(set.verdict("e", Event.builder("x").put("container.name", "web").put("source.ip", "172.16.0.1")
                .put("process.name", "kube-proxy").build())).isEqualTo(Verdict.MATCH);
    }

    @Test
    void statefulKindsKeepTheirKeysForLaterCompilers() {
        RuleKindSupport threshold = new RuleKindSupport() {
            @Override
            public String kind() {
                return "threshold";
            }

            @Override
            public RuleRuntime compile(io.keelwatch.rule.parse.RuleDef rule,
                                       io.keelwatch.rule.parse.RuleKind.Stateful kind,
                                       io.keelwatch.rule.parse.Problems problems) {
                assertThat(kind.plainParams()).containsEntry("window", "5m")
                        .containsEntry("group_by", List.of("user.name")).containsEntry("count", 3L);
                return (r, e, out) -> { };
            }
        };
        String yaml = """
                - rule: s
                  kind: threshold
                  window: 5m
                  count: 3
                  group_by: [user.name]
                  priority: medium
                  condition: event.action = exec
                """;
        CompileResult r = RuleCompiler.standard().withKind(threshold)
                .compileAll(List.of(RuleSetSource.of("s.yaml", yaml)), TuningConfig.none());
        assertThat(r.errors()).isEmpty();
        assertThat(r.ruleSet().rule("s").orElseThrow().kind()).isEqualTo("threshold");
        assertThat(r.ruleSet().rule("s").orElseThrow().toJson().get("kind_params").get("count").asInt())
                .isEqualTo(3);
        assertThat(RuleTesting.compile("u.yaml", "- rule: u\n  kind: windowed\n  priority: low\n  condition: a = 1\n")
                .errors()).extracting(RuleError::message)
                .containsExactly("unknown rule kind 'windowed' (expected stateless, threshold, sequence, lifetime, "
                        + "first_seen, baseline)");
    }

    @Test
    void builtInPackCompilesWithDefaults() {
        CompileResult r = RuleCompiler.compile(TuningConfig.defaults(), RuleLoader.builtIn());
        assertThat(r.errors()).isEmpty();
    }
}
