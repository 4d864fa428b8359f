package io.keelwatch.rule.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.source.K8sAuditReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 16 SigmaHQ Kubernetes audit rules load and fire on Falco's audit traces (read by the k8s_audit reader): each
 * rule fires on exactly the traces it describes (worked out by hand from the rule and the trace, listed in
 * {@link #EXPECTED}). The eight rules no Falco trace exercises fire on a trace changed into their case
 * ({@link #derived}), and on nothing else.
 */
class SigmaK8sAuditOnFalcoTracesTest {
    static final Path RULES = SigmaCorpus.ROOT.resolve("rules/rules/application/kubernetes/audit");

    static final Map<String, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry("40967487-139b-4811-81d9-c9767a92aa5a", Set.of("delete_deployment.json")),
            Map.entry("a1b0ca4e-7835-413e-8471-3ff2b8a66be6", Set.of("exec_pod.json")),
            Map.entry("402b955c-8fe0-4a8c-b635-622b4ac5f902", Set.of("create_nginx_pod_sensitive_mount.json",
                    "create_nginx_pod_sensitive_mount_2nd_container.json")),
            Map.entry("a80d927d-ac6e-443f-a867-e8d6e3897318", Set.of("create_pod_kube_system_namespace.json")),
            Map.entry("10b97915-ec8d-455f-a815-9a78926585f6", Set.of("attach_cluster_admin_role.json",
                    "create_clusterrolebinding.json", "delete_clusterrolebinding.json")),
            Map.entry("58d31a75-a4f8-4c40-985b-373d58162ca2", Set.of("create_kube_system_secret.json",
                    "create_secret.json", "create_service_account_token_secret.json", "delete_secret.json")),
            Map.entry("e31bae15-83ed-473e-bf31-faf4f8a17d36", Set.of("create_serviceaccount.json",
                    "create_serviceaccount_kube_public_namespace.json",
                    "create_serviceaccount_kube_system_namespace.json")));

    static CompiledRuleSet rules;
    static Map<String, List<Event>> traces = new TreeMap<>();

    @BeforeAll
    static void load() throws IOException {
        Assumptions.assumeTrue(SigmaCorpus.exists() && Files.isDirectory(SigmaCorpus.FALCO_TRACES),
                SigmaCorpus.missing() + " (or the Falco traces)");
        List<Path> files;
        try (Stream<Path> s = Files.list(RULES)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSize(16);
        CompileResult r = SigmaCorpus.compile(files.toArray(Path[]::new));
        assertThat(r.errors()).isEmpty();
        assertThat(r.ruleSet().rules()).hasSize(16).allSatisfy(d -> assertThat(d.sources()).contains("k8s_audit"));
        rules = r.ruleSet();
        try (Stream<Path> s = Files.list(SigmaCorpus.FALCO_TRACES)) {
            for (Path t : s.sorted().toList()) {
                List<Event> events = new ArrayList<>();
                try {
                    events = SigmaCorpus.read(new K8sAuditReader(), t);
                } catch (AssertionError rejected) {
                    // fal_01_003.json is not an audit event: nothing to evaluate
                }
                traces.put(t.getFileName().toString(), events);
            }
        }
    }

    static Set<String> fired(Event e) {
        Set<String> out = new TreeSet<>();
        rules.evaluate(e, (Alert a) -> out.add(a.rule()));
        return out;
    }

    @Test
    void eachRuleFiresOnExactlyTheTracesItDescribes() {
        Map<String, Set<String>> actual = new TreeMap<>();
        traces.forEach((name, events) -> events.forEach(e -> fired(e).forEach(id ->
                actual.computeIfAbsent(id, k -> new TreeSet<>()).add(name))));
        assertThat(actual).isEqualTo(new TreeMap<>(EXPECTED));
    }

    @Test
    void rulesWithoutAFalcoTraceFireOnADerivedOne() throws IOException {
        for (Map.Entry<String, Event> d : derived().entrySet()) {
            assertThat(fired(d.getValue())).as(d.getKey()).containsExactly(d.getKey());
        }
    }

    /** Rule id → a Falco trace edited into that rule's case. */
    static Map<String, Event> derived() throws IOException {
        Map<String, Event> out = new TreeMap<>();
        out.put("eed82177-38f5-4299-8a76-098d50d225ab", edit("create_clusterrole.json", "objectRef.apiGroup",
                "admissionregistration.k8s.io", "objectRef.resource", "mutatingwebhookconfigurations"));
        out.put("0c9b3bda-41a6-4442-9345-356ae86343dc", edit("create_deployment.json", "objectRef.apiGroup", "batch",
                "objectRef.resource", "cronjobs"));
        out.put("3132570d-cab2-4561-9ea6-1743644b2290", edit("delete_configmap.json", "objectRef.resource", "events"));
        out.put("597a7e84-187d-458b-9e4f-2f5a0e676711", edit("exec_pod.json", "requestURI",
                "/api/v1/namespaces/default/pods/web/exec?command=%2Fbin%2Fbash&container=web", "objectRef.subresource",
                "attach"));
        out.put("84b777bd-c946-4d17-aa2e-c39f5a454325", edit("create_clusterrole.json", "objectRef.apiGroup",
                "authorization.k8s.io", "objectRef.resource", "selfsubjectrulesreviews"));
        out.put("eeb3e9e1-b685-44e4-9232-6bb701f925b5", edit("delete_configmap.json", "verb", "list",
                "objectRef.resource", "secrets"));
        out.put("ad9012a6-e518-4432-9890-f3b82b8fc71f", edit("create_deployment.json", "verb", "patch",
                "objectRef.apiGroup", "apps"));
        out.put("0d933542-1f1f-420d-97d4-21b2c3c492d9", edit("create_configmap.json", "responseStatus.code", 403));
        Event priv = edit("create_nginx_pod_privileged.json");
        ObjectNode sc = (ObjectNode) priv.raw().path("requestObject").path("spec").path("containers").get(0)
                .path("securityContext");
        ((ArrayNode) sc.putObject("capabilities").putArray("add")).add("SYS_ADMIN");
        out.put("c5cd1b20-36bb-488d-8c05-486be3d0cb97", K8sAuditTraces.event(priv.raw()));
        return out;
    }

    /** The first event of a trace with dotted paths set to values (pairs). */
    static Event edit(String trace, Object... pathsAndValues) throws IOException {
        JsonNode raw = traces.get(trace).get(0).raw().deepCopy();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            String[] path = ((String) pathsAndValues[i]).split("\\.");
            ObjectNode o = (ObjectNode) raw;
            for (int k = 0; k < path.length - 1; k++) {
                o = o.has(path[k]) ? (ObjectNode) o.get(path[k]) : o.putObject(path[k]);
            }
            Object v = pathsAndValues[i + 1];
            if (v instanceof Integer n) {
                o.put(path[path.length - 1], n);
            } else {
                o.put(path[path.length - 1], (String) v);
            }
        }
        return K8sAuditTraces.event(raw);
    }
}
