package io.keelwatch.rule;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.event.Event;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.K8sAuditReader;
import io.keelwatch.source.ReadContext;
import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in pack (stateless rules, shipped tuning defaults) on the Kubernetes audit traces of Falco's
 * regression tests ({@code shared/corpus/falco-k8saudit/k8s_audit}, one audit event per file; see the corpus's
 * SOURCE.md and expected_outcomes.tsv). Each trace is classified below by what Keelwatch's mission says about
 * its behaviour:
 * <ul>
 * <li>{@code SERIOUS}: a container threat the pack must report: at least one alert of priority medium or above
 *     whose techniques include a container technique (T1609-T1613);</li>
 * <li>{@code ANY}: exec into or attach to a pod: at least one alert, of any priority (a person's interactive exec
 *     is {@code k8s-exec-into-pod}, low, unless the command is reconnaissance or a package install);</li>
 * <li>{@code QUIET}: the benign counterparts (unprivileged pods, pods without host mounts, routine API activity
 *     by named users and controllers): no alert of priority medium or above;</li>
 * <li>{@code IGNORE}: behaviour outside the container mission (RBAC escalation, ConfigMap contents, NodePort
 *     exposure, service accounts in system namespaces): not asserted either way.</li>
 * </ul>
 * Skipped (with an assumption) when the shared corpus is not next to the repository.
 */
class FalcoTracesBuiltInPackTest {
    static final Path SHARED = Path.of("../../shared");
    static final Path TRACES = SHARED.resolve("corpus/falco-k8saudit/k8s_audit");
    static final Set<String> CONTAINER_TECHNIQUES = Set.of("T1609", "T1610", "T1611", "T1612", "T1613");

    enum Expect { SERIOUS, ANY, QUIET, IGNORE }

    static final Map<String, Expect> CLASSIFICATION = new LinkedHashMap<>();

    private static void expect(Expect e, String... traces) {
        for (String t : traces) {
            assertThat(CLASSIFICATION.put(t, e)).as("classified twice: " + t).isNull();
        }
    }

    static {
        // Privileged pods (the privileged container may be the second one, with or without a securityContext on
        // the first), created by the ReplicaSet controller for a Deployment.
        expect(Expect.SERIOUS, "create_nginx_pod_privileged.json", "create_nginx_pod_privileged_2nd_container.json",
                "create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json");
        // Sensitive hostPath mounts (/etc), in the first or the second container.
        expect(Expect.SERIOUS, "create_nginx_pod_sensitive_mount.json",
                "create_nginx_pod_sensitive_mount_2nd_container.json");
        // Host network.
        expect(Expect.SERIOUS, "create_nginx_pod_hostnetwork.json");
        // A request by system:anonymous that the API server allowed (it created a namespace).
        expect(Expect.SERIOUS, "anonymous_creates_namespace_foo.json");
        // Pods placed in kube-system and kube-public from an image that is not a cluster component.
        expect(Expect.SERIOUS, "create_pod_kube_system_namespace.json", "create_pod_kube_public_namespace.json");

        // kubectl exec (bash) and kubectl attach into a pod by a person: reported, at the priority the command
        // deserves (an interactive shell is low).
        expect(Expect.ANY, "exec_pod.json", "attach_pod.json");

        // Benign counterparts of the pod rules: an unprivileged pod, a pod without host network, and a node
        // reading a pod (the "unsensitive mount" trace is a get, not a create).
        expect(Expect.QUIET, "create_nginx_pod_unprivileged.json", "create_nginx_pod_nohostnetwork.json",
                "create_nginx_pod_unsensitive_mount.json");
        // Benign counterparts of the anonymous rule: named users creating or deleting namespaces.
        expect(Expect.QUIET, "some-user_creates_namespace_foo.json", "minikube_creates_namespace_foo.json",
                "delete_namespace_foo.json");
        // Benign counterparts of the kube-system rule: objects other than pods there (a bootstrap token secret by
        // an admin) and a token secret written by the controller manager.
        expect(Expect.QUIET, "create_kube_system_secret.json", "create_service_account_token_secret.json");
        // Routine workload and configuration changes by a named user (Falco reports them at INFO as activity).
        expect(Expect.QUIET, "create_deployment.json", "delete_deployment.json", "create_configmap.json",
                "delete_configmap.json", "create_configmap_no_sensitive_values.json", "create_secret.json",
                "delete_secret.json", "create_service.json", "delete_service.json",
                "create_nginx_service_nonodeport.json", "create_serviceaccount.json", "delete_serviceaccount.json",
                "create_clusterrole.json", "delete_clusterrole.json", "create_clusterrolebinding.json",
                "delete_clusterrolebinding.json");
        // Not an audit event at all ({"kind": 0}): rejected by the reader, nothing raised.
        expect(Expect.QUIET, "fal_01_003.json");

        // RBAC escalation and tampering: bindings to cluster-admin, roles with wildcards, pod exec or write
        // rights, changed system roles. Outside the container mission (no rule of the pack looks at RBAC).
        expect(Expect.IGNORE, "attach_cluster_admin_role.json", "create_cluster_role_pod_exec.json",
                "create_cluster_role_wildcard_resources.json", "create_cluster_role_wildcard_verbs.json",
                "create_cluster_role_write_privileges.json", "delete_cluster_role_kube_aggregator.json",
                "modify_cluster_role_node_problem_detector.json");
        // Secrets in ConfigMaps, NodePort exposure, service accounts created in system namespaces: other missions.
        expect(Expect.IGNORE, "create_configmap_sensitive_values.json", "create_nginx_service_nodeport.json",
                "create_serviceaccount_kube_public_namespace.json",
                "create_serviceaccount_kube_system_namespace.json");
    }

    private static CompiledRuleSet pack;
    private static SourceReader reader;

    @BeforeAll
    static void setUp() {
        Assumptions.assumeTrue(Files.isDirectory(SHARED),
                "shared corpus not found at " + SHARED.toAbsolutePath().normalize()
                        + " (../../shared relative to keelwatch-core): Falco trace test skipped");
        Assumptions.assumeTrue(Files.isDirectory(TRACES), "no Falco k8s audit traces at " + TRACES);
        CompileResult r = RuleCompiler.compile(TuningConfig.defaults(), RuleLoader.builtIn());
        assertThat(r.errors()).as("errors compiling the built-in pack").isEmpty();
        pack = r.ruleSet();
        reader = Sources.defaults().byType(K8sAuditReader.TYPE).orElseThrow();
    }

    /** Alerts of the stateless rules for one trace, and the reader's rejections. */
    record Outcome(List<Alert> alerts, List<String> rejects, int events) {
        List<Alert> serious() {
            return alerts.stream().filter(a -> a.priority().isAtLeast(Priority.MEDIUM)).toList();
        }

        String describe() {
            List<String> out = new ArrayList<>();
            alerts.forEach(a -> out.add(a.priority().label() + ":" + a.rule() + a.techniques()));
            return events + " events, alerts " + out + (rejects.isEmpty() ? "" : ", rejected " + rejects);
        }
    }

    static Outcome run(Path trace) throws IOException {
        List<String> rejects = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        int events = 0;
        Diagnostics d = new Diagnostics(rej -> rejects.add(rej.reason()));
        try (Reader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8);
             EventStream s = reader.open(in, new ReadContext(trace.toString(), K8sAuditReader.TYPE, d))) {
            Event e;
            while ((e = s.next()) != null) {
                events++;
                pack.evaluate(e, alerts::add);
            }
        }
        List<Alert> stateless = alerts.stream()
                .filter(a -> pack.rule(a.rule()).map(rd -> "stateless".equals(rd.kind())).orElse(false)).toList();
        return new Outcome(stateless, rejects, events);
    }

    @Test
    void everyTraceIsClassified() throws IOException {
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(TRACES)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(present::add);
        }
        assertThat(present).as("trace files").hasSize(47);
        assertThat(CLASSIFICATION.keySet()).as("classified traces").containsExactlyInAnyOrderElementsOf(present);
    }

    @Test
    void packMatchesTheClassification() throws IOException {
        List<String> wrong = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Expect> c : CLASSIFICATION.entrySet()) {
            Path trace = TRACES.resolve(c.getKey());
            if (!Files.isRegularFile(trace) || c.getValue() == Expect.IGNORE) {
                continue;
            }
            Outcome o = run(trace);
            seen.put(c.getKey(), c.getValue() + " -> " + o.describe());
            boolean ok = switch (c.getValue()) {
                case SERIOUS -> o.serious().stream()
                        .anyMatch(a -> a.techniques().stream().anyMatch(t -> CONTAINER_TECHNIQUES.contains(base(t))));
                case ANY -> !o.alerts().isEmpty();
                case QUIET -> o.serious().isEmpty();
                case IGNORE -> true;
            };
            if (!ok) {
                wrong.add(c.getKey() + ": expected " + c.getValue() + ", got " + o.describe());
            }
        }
        seen.forEach((k, v) -> System.out.println("falco trace " + k + ": " + v));
        assertThat(wrong).as("traces where the built-in pack disagrees with the classification").isEmpty();
    }

    @Test
    void malformedTraceIsRejectedByTheReader() throws IOException {
        Outcome o = run(TRACES.resolve("fal_01_003.json"));
        assertThat(o.events()).isZero();
        assertThat(o.rejects()).singleElement().asString().contains("data not recognized as a k8s audit event");
    }

    @Test
    void execAndAttachAreReportedAsPodExec() throws IOException {
        for (String t : List.of("exec_pod.json", "attach_pod.json")) {
            assertThat(run(TRACES.resolve(t)).alerts()).as(t).extracting(Alert::rule).contains("k8s-exec-into-pod");
        }
    }

    private static String base(String technique) {
        int dot = technique.indexOf('.');
        return dot < 0 ? technique : technique.substring(0, dot);
    }
}
