package io.keelwatch.rule;

import io.keelwatch.event.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule index by required field values: never drops a rule whose condition holds, and keeps rule order. */
class RuleIndexTest {
    private static final CompiledRuleSet SET = RuleTesting.compileOk("""
            - rule: secrets
              priority: low
              sources: [k8s_audit]
              condition: orchestrator.resource.type = secrets and orchestrator.verb in (list, watch)
            - rule: refused
              priority: low
              sources: [k8s_audit]
              condition: http.response.status_code in (401, 403)
            - rule: refused-decimal
              priority: low
              sources: [k8s_audit]
              condition: http.response.status_code = 403.0
            - rule: group
              priority: low
              sources: [k8s_audit]
              condition: user.groups = "system:unauthenticated" or (user.groups = "x" and user.name = bob)
            - rule: pods-or-any
              priority: low
              sources: [k8s_audit]
              condition: orchestrator.resource.type = pods or user.name = bob
            - rule: privileged
              priority: low
              condition: container.privileged = true and orchestrator.resource.type in (pods, deployments)
            - rule: command
              priority: low
              condition: process.command_line regex "^nc .*" and event.kind = exec
            - rule: image-or-delete
              priority: low
              condition: container.image.name exists or orchestrator.verb = delete
            - rule: not-bob
              priority: low
              sources: [k8s_audit]
              condition: not user.name = bob
            - rule: exec
              priority: low
              condition: >-
                (orchestrator.resource.type = pods and orchestrator.resource.subresource in (exec, attach))
                or event.action = exec_create
            """);

    private static List<String> ids(List<CompiledRule> rules) {
        return rules.stream().map(CompiledRule::id).toList();
    }

    @Test
    void ruleIsCandidateOnlyWithARequiredValue() {
        Event secrets = Event.builder("k8s_audit").put("orchestrator.resource.type", "secrets")
                .put("orchestrator.verb", "get").put("http.response.status_code", 200L).build();
        // "secrets" needs both its values; "refused-decimal" needs a status code (403.0 is not how a whole number
        // prints, so any code will do); "not-bob" needs nothing
        assertThat(ids(SET.candidates(secrets))).containsExactly("refused-decimal", "not-bob");
        Event listing = Event.builder("k8s_audit").put("orchestrator.resource.type", "secrets")
                .put("orchestrator.verb", "list").build();
        assertThat(ids(SET.candidates(listing))).containsExactly("secrets", "not-bob");
        Event refused = Event.builder("k8s_audit").put("http.response.status_code", 403L).build();
        assertThat(ids(SET.candidates(refused))).containsExactly("refused", "refused-decimal", "not-bob");
        // "pods-or-any" is an "or" over two fields: either value makes it a candidate; "group" needs the group
        // "system:unauthenticated", or "x" and the user bob, so the group "x" alone does not
        Event pods = Event.builder("k8s_audit").put("orchestrator.resource.type", "pods")
                .put("container.privileged", true).put("user.groups", List.of("a", "x")).build();
        assertThat(ids(SET.candidates(pods))).containsExactly("pods-or-any", "privileged", "not-bob");
        Event unauthenticated = Event.builder("k8s_audit").put("user.groups", List.of("system:unauthenticated"))
                .build();
        assertThat(ids(SET.candidates(unauthenticated))).containsExactly("group", "not-bob");
        Event xBob = Event.builder("k8s_audit").put("user.groups", List.of("x")).put("user.name", "bob").build();
        assertThat(ids(SET.candidates(xBob))).containsExactly("group", "pods-or-any", "not-bob");
        Event bob = Event.builder("k8s_audit").put("user.name", "bob").put("container.image.name", "nginx").build();
        assertThat(ids(SET.candidates(bob))).containsExactly("pods-or-any", "image-or-delete", "not-bob");
        Event exec = Event.builder("docker_events").put("event.kind", "exec").put("process.command_line", "ps")
                .build();
        assertThat(ids(SET.candidates(exec))).containsExactly("command");
        assertThat(ids(SET.candidates(Event.builder("k8s_audit").build()))).containsExactly("not-bob");
        // "exec" is an "or" of branches with two clauses and one: each clause of the first branch makes a clause
        // with the second's, so pods without a subresource are not enough
        Event execInPod = Event.builder("k8s_audit").put("orchestrator.resource.type", "pods")
                .put("orchestrator.resource.subresource", "exec").build();
        assertThat(ids(SET.candidates(execInPod))).containsExactly("pods-or-any", "not-bob", "exec");
        Event dockerExec = Event.builder("docker_events").put("event.action", "exec_create").build();
        assertThat(ids(SET.candidates(dockerExec))).containsExactly("exec");
    }

    @Test
    void copiesOfAConditionShareOneConditionAndAllMatch() {
        CompiledRuleSet set = RuleTesting.compileOk("""
                - rule: a
                  priority: low
                  sources: [k8s_audit]
                  condition: user.name startswith bo and orchestrator.verb = get
                - rule: b
                  priority: low
                  sources: [k8s_audit]
                  condition: user.name startswith bo and orchestrator.verb = get
                - rule: c
                  priority: low
                  sources: [docker_events]
                  condition: user.name startswith bo and orchestrator.verb = get
                """);
        CompiledRule a = set.compiled("a").orElseThrow();
        assertThat(set.compiled("b").orElseThrow().condition()).isSameAs(a.condition());
        assertThat(set.compiled("c").orElseThrow().condition()).isNotSameAs(a.condition());
        Event bob = Event.builder("k8s_audit").put("user.name", "bob").put("orchestrator.verb", "get").build();
        assertThat(ids(set.matches(bob))).containsExactly("a", "b");
        Event eve = Event.builder("k8s_audit").put("user.name", "eve").put("orchestrator.verb", "get").build();
        assertThat(set.matches(eve)).isEmpty();
    }

    @Test
    void indexedEvaluationEqualsEvaluatingEveryRule() {
        SplittableRandom rnd = new SplittableRandom(7);
        Object[] codes = {200L, 401L, 403L, 403.0, 401, "403", 9_007_199_254_740_993L, 0.5, null};
        String[] types = {"pods", "secrets", "deployments", "nodes", null};
        String[] verbs = {"get", "list", "watch", "create", null};
        String[] users = {"bob", "alice", null};
        String[] subresources = {"exec", "attach", "log", null};
        String[] actions = {"exec_create", "get", null};
        for (int i = 0; i < 3000; i++) {
            var b = Event.builder("k8s_audit");
            b.put("http.response.status_code", codes[rnd.nextInt(codes.length)]);
            b.put("orchestrator.resource.type", types[rnd.nextInt(types.length)]);
            b.put("orchestrator.verb", verbs[rnd.nextInt(verbs.length)]);
            b.put("user.name", users[rnd.nextInt(users.length)]);
            b.put("user.groups", rnd.nextBoolean() ? List.of("x") : List.of("system:unauthenticated", "y"));
            if (rnd.nextBoolean()) {
                b.put("container.privileged", rnd.nextBoolean());
            }
            b.put("event.kind", rnd.nextBoolean() ? "exec" : "api");
            b.put("process.command_line", rnd.nextBoolean() ? "nc -l 4444" : rnd.nextBoolean() ? "ps" : null);
            b.put("container.image.name", rnd.nextBoolean() ? "nginx" : null);
            b.put("orchestrator.resource.subresource", subresources[rnd.nextInt(subresources.length)]);
            b.put("event.action", actions[rnd.nextInt(actions.length)]);
            indexedEqualsAll(SET, b.build());
        }
    }

    /** Asserts that the rules found through the index are those whose conditions hold; returns how many. */
    private static int indexedEqualsAll(CompiledRuleSet set, Event e) {
        List<String> indexed = new ArrayList<>();
        set.forEachMatch(e, r -> indexed.add(r.id()));
        List<String> all = new ArrayList<>();
        for (CompiledRule r : set.compiledRules()) {
            if (r.conditionHolds(e)) {
                all.add(r.id());
            }
        }
        assertThat(indexed).as("%s", e).isEqualTo(all);
        return all.size();
    }

    /**
     * Past 64 distinct clauses and 64 fields per source the index keeps the cheapest and leaves the rest to the
     * rules: 155 clauses, then a clause on every known normalized field (more than 64 of them).
     */
    @Test
    void manyClausesAndFieldsStillEqualEvaluatingEveryRule() {
        StringBuilder yaml = new StringBuilder();
        for (int k = 0; k < 80; k++) {
            yaml.append(rule("ns-" + k, "orchestrator.namespace = ns" + k + " and orchestrator.verb = v" + k % 5));
        }
        for (int k = 0; k < 70; k++) {
            yaml.append(rule("verb-" + k, "orchestrator.verb in (v" + k % 5 + ", w" + k + ") and user.name = u" + k % 3));
        }
        List<String> fields = io.keelwatch.event.Fields.known().entrySet().stream()
                .filter(f -> f.getValue() != io.keelwatch.event.Fields.Type.STRING_MAP).map(Map.Entry::getKey).toList();
        assertThat(fields).hasSizeGreaterThan(64);
        for (int k = 0; k < fields.size(); k++) {
            yaml.append(rule("has-" + k, fields.get(k) + " exists and orchestrator.verb = v" + k % 7));
        }
        CompiledRuleSet set = RuleTesting.compileOk(yaml.toString());
        SplittableRandom rnd = new SplittableRandom(11);
        int matched = 0;
        for (int i = 0; i < 4000; i++) {
            var b = Event.builder("k8s_audit");
            b.put("orchestrator.namespace", "ns" + rnd.nextInt(90));
            b.put("orchestrator.verb", rnd.nextInt(4) == 0 ? "w" + rnd.nextInt(70) : "v" + rnd.nextInt(7));
            for (int n = rnd.nextInt(6); n > 0; n--) {
                String f = fields.get(rnd.nextInt(fields.size()));
                b.put(f, sample(io.keelwatch.event.Fields.known().get(f), rnd));
            }
            if (rnd.nextBoolean()) {
                b.put("user.name", "u" + rnd.nextInt(4));
            }
            matched += indexedEqualsAll(set, b.build());
        }
        assertThat(matched).as("the random events match some rules").isGreaterThan(500);
    }

    private static String rule(String id, String condition) {
        return "- rule: " + id + "\n  priority: low\n  sources: [k8s_audit]\n  condition: " + condition + "\n";
    }

    /** A value of a field's type. */
    private static Object sample(io.keelwatch.event.Fields.Type type, SplittableRandom rnd) {
        return switch (type) {
            case NUMBER -> (long) rnd.nextInt(5);
            case BOOLEAN -> rnd.nextBoolean();
            case STRING_LIST -> List.of("x" + rnd.nextInt(3));
            case IP -> "10.0.0." + rnd.nextInt(4);
            default -> "x" + rnd.nextInt(3);
        };
    }
}
