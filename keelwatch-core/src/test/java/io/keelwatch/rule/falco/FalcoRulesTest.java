package io.keelwatch.rule.falco;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleError;
import io.keelwatch.rule.RuleFormat;
import io.keelwatch.rule.RuleSetSource;
import io.keelwatch.rule.TuningConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FalcoRulesTest {
    private static final ObjectMapper M = new ObjectMapper();

    static final String POD = """
            {"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"ResponseComplete","verb":"create",
             "requestURI":"/api/v1/namespaces/default/pods?x=1","auditID":"a1",
             "user":{"username":"alice","groups":["dev"]},
             "objectRef":{"resource":"pods","namespace":"default","name":"web","apiVersion":"v1"},
             "responseStatus":{"code":201},
             "annotations":{"authorization.k8s.io/decision":"allow"},
             "requestObject":{"kind":"Pod","spec":{"hostNetwork":true,
               "containers":[{"name":"a","image":"nginx:1.25"},
                             {"name":"b","image":"registry.io/tools/debug@sha256:00","securityContext":{"privileged":true}}],
               "volumes":[{"name":"v","hostPath":{"path":"/etc/kubernetes"}}]}},
             "stageTimestamp":"2024-01-01T00:00:00Z"}
            """;

    static Event event(String json) throws Exception {
        return Event.builder("k8s_audit").time(1_700_000_000_000_000_000L).raw(M.readTree(json))
                .put("event.action", M.readTree(json).path("verb").asText(null)).build();
    }

    static String rule(String name, String condition) {
        return "- rule: " + name + "\n  desc: test\n  condition: '" + condition.replace("'", "''")
                + "'\n  output: \"%ka.user.name did %ka.verb\"\n  priority: WARNING\n  source: k8s_audit\n";
    }

    static CompileResult compile(String... texts) {
        List<RuleSetSource> s = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            s.add(RuleSetSource.of("f" + i + ".yaml", texts[i]));
        }
        return RuleCompiler.compile(s, TuningConfig.none());
    }

    static boolean fires(String condition, String json) throws Exception {
        CompileResult r = compile(rule("r", condition));
        assertThat(r.errors()).isEmpty();
        List<Alert> out = new ArrayList<>();
        r.ruleSet().evaluate(event(json), out::add);
        return !out.isEmpty();
    }

    @Test
    void operatorsFollowFalco() throws Exception {
        assertThat(fires("ka.verb=create and ka.target.resource in (pods, deployments)", POD)).isTrue();
        assertThat(fires("ka.response.code startswith 2", POD)).isTrue();
        assertThat(fires("ka.req.pod.containers.privileged intersects (true)", POD)).isTrue();
        assertThat(fires("ka.req.pod.initContainers.privileged intersects (true)", POD)).isFalse();
        // in on a list field: every value must be in the set
        assertThat(fires("ka.req.pod.containers.image.repository in (nginx)", POD)).isFalse();
        assertThat(fires("ka.req.pod.containers.image.repository in (nginx, registry.io/tools/debug)", POD)).isTrue();
        assertThat(fires("ka.req.pod.volumes.hostpath intersects (/proc, /etc/kubernetes)", POD)).isTrue();
        assertThat(fires("ka.user.name pmatch (/x, alice)", POD)).isTrue();
        assertThat(fires("ka.uri glob '/api/*/pods?*'", POD)).isTrue();
        assertThat(fires("ka.uri regex '/api/v1/.*'", POD)).isTrue();
        assertThat(fires("ka.uri regex 'v1'", POD)).isFalse();
    }

    @Test
    void missingFieldsMakeEveryComparisonFalseIncludingNotEquals() throws Exception {
        assertThat(fires("ka.target.subresource != exec", POD)).isFalse();
        assertThat(fires("not ka.target.subresource exists", POD)).isTrue();
        assertThat(fires("ka.impuser.name != bob", POD)).isFalse();
        assertThat(fires("ka.user.name != bob", POD)).isTrue();
    }

    @Test
    void jsonPointersAndArguments() throws Exception {
        assertThat(fires("jevt.value[/annotations/authorization.k8s.io~1decision] = allow", POD)).isTrue();
        assertThat(fires("jevt.value[/requestObject/spec/containers/1/securityContext/privileged] = true", POD))
                .isTrue();
        assertThat(fires("json.value[/nope] exists", POD)).isFalse();
        assertThat(fires("ka.uri.param[x] = 1", POD)).isTrue();
        assertThat(fires("ka.req.pod.containers.image[1] intersects (registry.io/tools/debug@sha256:00)", POD))
                .isTrue();
        assertThat(fires("ka.req.volume.hostpath[/etc/*] = true", POD)).isTrue();
        assertThat(fires("ka.req.configmap.obj contains hostNetwork", POD)).isFalse();
        assertThat(fires("jevt.obj contains hostNetwork", POD)).isTrue();
    }

    @Test
    void listsMacrosAppendOverrideAndExceptions() throws Exception {
        String base = """
                - required_engine_version: 15
                - list: images
                  items: [nginx]
                - macro: pod_create
                  condition: ka.verb=create and ka.target.resource=pods
                - rule: Untrusted Image
                  desc: pods with images outside the list
                  condition: pod_create and not ka.req.pod.containers.image.repository in (images)
                  output: "image %ka.req.pod.containers.image by %ka.user.name (%ka.target.subresource)"
                  priority: NOTICE
                  source: k8s_audit
                  tags: [k8s, mitre_execution, T1610]
                """;
        CompileResult r = compile(base);
        assertThat(r.errors()).isEmpty();
        List<Alert> out = new ArrayList<>();
        r.ruleSet().evaluate(event(POD), out::add);
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.summary()).isEqualTo("image (nginx:1.25,registry.io/tools/debug@sha256:00) by alice (<NA>)");
            assertThat(a.priority()).isEqualTo(Priority.LOW);
            assertThat(a.techniques()).containsExactly("T1610");
            assertThat(a.tags()).contains("falco.priority:NOTICE");
        });
        String trust = """
                - list: images
                  append: true
                  items: [registry.io/tools/debug]
                """;
        assertThat(alerts(compile(base, trust))).isEmpty();
        String narrow = """
                - macro: pod_create
                  condition: and ka.user.name = bob
                  override:
                    condition: append
                """;
        assertThat(alerts(compile(base, narrow))).isEmpty();
        String except = """
                - rule: Untrusted Image
                  exceptions:
                    - name: known
                      fields: [ka.user.name, ka.target.namespace]
                      comps: [=, in]
                      values:
                        - [alice, [default, prod]]
                  append: true
                """;
        assertThat(alerts(compile(base, except))).isEmpty();
        String off = "- rule: Untrusted Image\n  enabled: false\n";
        assertThat(alerts(compile(base, off))).isEmpty();
    }

    private static List<Alert> alerts(CompileResult r) throws Exception {
        assertThat(r.errors()).isEmpty();
        List<Alert> out = new ArrayList<>();
        r.ruleSet().evaluate(event(POD), out::add);
        return out;
    }

    @Test
    void refusalsAreExplained() {
        CompileResult r = compile("""
                - rule: Shell
                  desc: syscall rule
                  condition: proc.name = bash
                  output: shell
                  priority: WARNING
                - rule: Bad field
                  desc: x
                  condition: ka.nope = 1
                  output: x
                  priority: WARNING
                  source: k8s_audit
                - rule: Bad op
                  desc: x
                  condition: ka.req.pod.volumes.hostpath startswith /etc
                  output: x
                  priority: WARNING
                  source: k8s_audit
                - list: missing
                  items: [a]
                  append: true
                """);
        assertThat(r.errors()).extracting(RuleError::message).anySatisfy(m -> assertThat(m)
                        .contains("is for source 'syscall'; Keelwatch runs Falco rules of the k8s_audit source only"))
                .anySatisfy(m -> assertThat(m).contains("unknown Falco field 'ka.nope'"))
                .anySatisfy(m -> assertThat(m).contains("list field 'ka.req.pod.volumes.hostpath' supports only"))
                .anySatisfy(m -> assertThat(m).contains("list 'missing' has 'append'"));
        assertThat(r.ruleSet().rules()).isEmpty();
    }

    @Test
    void formatsAreToldApartByContent() {
        assertThat(RuleFormat.detect(rule("x", "ka.verb=get"))).isEqualTo(RuleFormat.FALCO);
        assertThat(RuleFormat.detect("- macro: m\n  condition: ka.verb=get\n")).isEqualTo(RuleFormat.FALCO);
        assertThat(RuleFormat.detect("- list: l\n  items: [a]\n")).isEqualTo(RuleFormat.UNDECIDED);
        assertThat(RuleFormat.detect("- rule: r\n  priority: low\n  condition: event.action = x\n"))
                .isEqualTo(RuleFormat.NATIVE);
        assertThat(RuleFormat.detect("title: t\nlogsource:\n  product: linux\ndetection:\n  s:\n    a: b\n"
                + "  condition: s\n")).isEqualTo(RuleFormat.SIGMA);
    }

    @Test
    void falcoRulesRideAlongNativeRules() throws Exception {
        CompiledRuleSet set = compile("- rule: native-one\n  priority: low\n  sources: [k8s_audit]\n"
                + "  condition: event.action = create\n", rule("Falco One", "ka.verb = create")).ruleSet();
        List<Alert> out = new ArrayList<>();
        set.evaluate(event(POD), out::add);
        assertThat(out).extracting(Alert::rule).containsExactlyInAnyOrder("native-one", "Falco One");
        assertThat(set.rule("Falco One").orElseThrow().actions()).containsExactly("create");
    }
}
