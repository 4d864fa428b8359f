package io.keelwatch.rule;

import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.keelwatch.rule.RuleTesting.condition;
import static io.keelwatch.rule.RuleTesting.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Semantics of the condition language over hand-built events. */
class EvaluatorTest {

    /** An event with a bit of everything: strings, numbers, booleans, lists, labels, a raw k8s-like record. */
    static Event event() {
        return Event.builder("k8s_audit")
                .time(1_700_000_000_123_456_789L)
                .origin(Origin.of("audit.log", 7))
                .put("event.action", "create")
                .put("container.name", "web-1")
                .put("container.image.name", "docker.io/library/nginx:1.25")
                .put("container.privileged", true)
                .put("container.labels", Map.of("ci", "true", "app.kubernetes.io/name", "web"))
                .put("container.capabilities.add", List.of("NET_ADMIN", "SYS_TIME"))
                .put("user.name", "system:serviceaccount:default:builder")
                .put("user.groups", List.of("system:serviceaccounts", "system:authenticated"))
                .put("source.ip", "10.1.2.3")
                .put("destination.port", 443L)
                .put("http.response.status_code", 201L)
                .put("container.cpu.pct", 97.5)
                .put("process.args", List.of("/bin/sh", "-c", "cat /etc/shadow"))
                .raw(json("""
                        {"verb":"create","user":{"username":"alice","groups":["dev"]},
                         "objectRef":{"resource":"pods","subresource":"exec"},
                         "requestObject":{"spec":{"containers":[
                            {"name":"a","image":"nginx","securityContext":{"privileged":false}},
                            {"name":"b","image":"evil:latest","securityContext":{"privileged":true}}]}},
                         "annotations":{"authorization.k8s.io/decision":"allow"},
                         "port":"8080", "nothing": null}"""))
                .build();
    }

    static boolean holds(String cond) {
        return condition("k8s_audit", cond).verdict("r", event()) == Verdict.MATCH;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // equality, case-sensitive
            "container.name = web-1|true",
            "container.name = WEB-1|false",
            "container.name iequals WEB-1|true",
            "container.name != web-1|false",
            "container.name != other|true",
            // booleans
            "container.privileged = true|true",
            "container.privileged = false|false",
            "container.privileged != false|true",
            // numbers: numeric comparison, numeric strings coerce for ordering
            "destination.port = 443|true",
            "destination.port = 443.0|true",
            "destination.port > 400|true",
            "destination.port <= 442|false",
            "http.response.status_code in (200, 201)|true",
            "http.response.status_code < 400|true",
            "container.cpu.pct >= 97.5|true",
            "port > 8000|true",
            "port = 8080|true",
            "port in (8080)|true",
            // lists: any-of
            "container.capabilities.add = SYS_TIME|true",
            "container.capabilities.add in (SYS_ADMIN, NET_ADMIN)|true",
            "container.capabilities.add != SYS_TIME|false",
            "container.capabilities.add != SYS_ADMIN|true",
            "user.groups = system:authenticated|true",
            "process.args contains shadow|true",
            "process.args[0] = /bin/sh|true",
            "process.args[1] = /bin/sh|false",
            // all(): every value, and at least one
            "all(container.capabilities.add) startswith S|false",
            "all(container.capabilities.add) endswith _ADMIN|false",
            "all(container.capabilities.add) in (NET_ADMIN, SYS_TIME)|true",
            "all(container.capabilities.add) != SYS_ADMIN|true",
            "all(container.capabilities.add) != SYS_TIME|false",
            "all(no.such.field) = x|false",
            // text operators
            "container.image.name contains nginx|true",
            "container.image.name icontains NGINX|true",
            "container.image.name contains NGINX|false",
            "container.image.name startswith docker.io/|true",
            "container.image.name endswith :1.25|true",
            "container.image.name startswith (quay.io/, docker.io/)|true",
            "container.image.name glob docker.io/*/nginx:*|true",
            "container.image.name glob *nginx|false",
            "container.image.name glob docker.io/librar?/ng[a-z]nx:1.2[0-9]|true",
            "container.image.name glob docker.io/librar?/ng[!i]nx*|false",
            "container.image.name regex 'nginx:\\d+\\.\\d+$'|true",
            "container.image.name regex '^nginx'|false",
            "container.image.name regex (alpine, 'ngi.x')|true",
            // cidr
            "source.ip cidr 10.0.0.0/8|true",
            "source.ip cidr 10.1.2.3|true",
            "source.ip cidr 192.168.0.0/16|false",
            "source.ip cidr (192.168.0.0/16, 10.1.0.0/16)|true",
            "source.ip cidr ::ffff:10.0.0.0/104|true",
            "source.ip cidr fd00::/8|false",
            // labels: normalized map keys, dotted keys in brackets
            "container.labels.ci = true|true",
            "container.labels[\"app.kubernetes.io/name\"] = web|true",
            "container.labels.missing exists|false",
            "container.labels exists|true",
            // native paths, arrays expanded any-of
            "objectRef.subresource = exec|true",
            "user.username = alice|true",
            "requestObject.spec.containers[*].securityContext.privileged = true|true",
            "requestObject.spec.containers.image = evil:latest|true",
            "all(requestObject.spec.containers[*].securityContext.privileged) = false|false",
            "annotations[\"authorization.k8s.io/decision\"] = allow|true",
            // missing fields: every comparison false except != (no value equals)
            "no.such.field = x|false",
            "no.such.field != x|true",
            "no.such.field in (x)|false",
            "no.such.field exists|false",
            "nothing exists|false",
            "not no.such.field exists|true",
            "no.such.field < 1|false",
            // connectives
            "container.name = web-1 and destination.port = 443|true",
            "container.name = x or destination.port = 443|true",
            "not container.name = x and (destination.port = 1 or source.ip cidr 10.0.0.0/8)|true",
            "container.name in ()|false",
    })
    void semantics(String cond, boolean expected) {
        assertThat(holds(cond)).isEqualTo(expected);
    }

    @Test
    void notEqualsIsNotOfEquals() {
        for (String v : new String[]{"NET_ADMIN", "SYS_TIME", "OTHER"}) {
            assertThat(holds("container.capabilities.add != " + v))
                    .isEqualTo(!holds("container.capabilities.add = " + v));
        }
    }

    @Test
    void stringFieldComparedWithNumberLiteralComparesText() {
        Event e = Event.builder("x").put("docker.api.version", "1.40").build();
        CompiledRuleSet eq = condition("docker.api.version = 1.4");
        assertThat(eq.verdict("r", e)).isEqualTo(Verdict.NO_MATCH);
        assertThat(condition("docker.api.version >= 1.4").verdict("r", e)).isEqualTo(Verdict.MATCH);
    }

    @Test
    void listsAndMacrosExpand() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - list: caps
                  items: [SYS_ADMIN, NET_ADMIN]
                - list: more_caps
                  items: [caps, SYS_TIME, "caps"]
                - macro: has_caps
                  condition: container.capabilities.add in (more_caps)
                - rule: r
                  priority: low
                  condition: has_caps and container.capabilities.add in caps
                - rule: quoted
                  priority: low
                  condition: container.capabilities.add in ("caps")
                """);
        assertThat(set.verdict("r", event())).isEqualTo(Verdict.MATCH);
        assertThat(set.verdict("quoted", event())).isEqualTo(Verdict.NO_MATCH);
    }

    @Test
    void explainShowsTheTreeWithValues() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - macro: is_web
                  condition: container.name startswith web
                - rule: r
                  priority: low
                  condition: is_web and (destination.port = 22 or container.capabilities.add = SYS_TIME)
                  exceptions:
                    - {name: ci, fields: [container.labels.ci], values: [["true"]]}
                """);
        Explanation x = set.explain("r", event());
        assertThat(x.held()).isFalse();
        assertThat(x.label()).contains("exception ci matched");
        Explanation cond = x.children().get(0);
        assertThat(cond.held()).isTrue();
        assertThat(cond.children().get(0).label()).isEqualTo("macro is_web");
        Explanation or = cond.children().get(1);
        assertThat(or.label()).isEqualTo("(destination.port = 22 or container.capabilities.add = SYS_TIME)");
        assertThat(or.children().get(0).held()).isFalse();
        assertThat(or.children().get(0).values()).containsExactly("443");
        assertThat(or.children().get(1).values()).containsExactly("\"NET_ADMIN\"", "\"SYS_TIME\"");
        assertThat(x.children().get(1).label()).isEqualTo("exception ci");
        assertThat(x.children().get(1).held()).isTrue();
        assertThat(x.toText()).contains("[yes] macro is_web").contains("[no]  destination.port = 22");
        assertThat(x.toJson().get("children").size()).isEqualTo(3);
    }

    @Test
    void outputFallbacksTakeTheFirstFieldWithAValueElseTheQuotedText() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - rule: r
                  title: Privileged
                  priority: high
                  sources: [k8s_audit, docker_events]
                  condition: container.privileged = true
                  output: "%{no.such|container.name} by %{user.name|'an unnamed client'} (%{no.such|no.other})"
                """);
        assertThat(RuleTesting.alerts(set, event()).get(0).summary())
                .isEqualTo("web-1 by system:serviceaccount:default:builder (<NA>)");
        assertThat(RuleTesting.alerts(set, Event.builder("docker_events").put("container.privileged", true)
                .put("container.name", "c1").build()).get(0).summary()).isEqualTo("c1 by an unnamed client (<NA>)");
    }

    @Test
    void evaluateEmitsAlertsWithSummary() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - rule: r
                  title: Privileged
                  priority: high
                  techniques: [T1610]
                  tactics: [privilege-escalation]
                  strategy: escape
                  sources: [k8s_audit]
                  condition: container.privileged = true
                  output: "%user.name made %{container.name} (%container.labels.ci, %no.such, %process.args). 100%%"
                  response: [Stop it.]
                  tags: [container]
                """);
        var alerts = RuleTesting.alerts(set, event());
        assertThat(alerts).hasSize(1);
        var a = alerts.get(0);
        assertThat(a.summary()).isEqualTo("system:serviceaccount:default:builder made web-1 (true, <NA>, "
                + "/bin/sh,-c,cat /etc/shadow). 100%");
        assertThat(a.entity()).containsEntry("container.name", "web-1").containsEntry("source.ip", "10.1.2.3");
        assertThat(a.entity().keySet()).containsSubsequence("container.name", "container.image.name", "user.name");
        assertThat(a.evidence().get(0).file()).isEqualTo("audit.log");
        assertThat(a.evidence().get(0).line()).isEqualTo(7);
        assertThat(RuleTesting.alerts(set, Event.builder("docker_events").put("container.privileged", true).build()))
                .isEmpty();
    }
}
