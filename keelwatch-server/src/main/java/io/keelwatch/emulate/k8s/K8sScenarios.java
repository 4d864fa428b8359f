package io.keelwatch.emulate.k8s;

import io.keelwatch.emulate.Scenario;

import java.util.List;

/**
 * The catalogue of Kubernetes scenarios, benign look-alikes first, each with the requests it plays. The strategy
 * of an attack is that of the rule that detects it; a look-alike has the strategy of the attack it resembles.
 */
final class K8sScenarios {
    private static final String EVASION = "container-evasion";
    private static final String RECON = "container-recon";

    /** How a scenario's requests are written to the timeline. */
    @FunctionalInterface
    interface Play {
        void play(AuditTimeline tl, Cluster c);
    }

    record Entry(Scenario scenario, Play play) {
    }

    private K8sScenarios() {
    }

    static final List<Entry> ALL = List.of(
            benign("benign-replicaset-pod", EVASION, BenignPlays::replicasetPod,
                    "replicaset-controller creates a web pod with generateName and ownerReferences; kube-scheduler "
                            + "binds it to worker-1"),
            benign("benign-node-and-controller-reads", RECON, BenignPlays::nodeAndControllerReads,
                    "the kubelet of worker-1 gets its pod and lists and watches a configmap; "
                            + "kube-controller-manager lists replicasets and watches all pods"),
            benign("benign-ci-pod", EVASION, BenignPlays::ciPod,
                    "the GitLab runner's service account creates a job pod labelled ci=true in ci-runner"),
            benign("benign-ci-churn", EVASION, BenignPlays::ciChurn,
                    "the GitLab runner creates and deletes " + BenignPlays.CI_JOBS + " ci=true job pods in "
                            + "ci-runner within a minute, as many as pod-churn"),
            benign("benign-list-own-pods", RECON, BenignPlays::listOwnPods,
                    "bob lists the pods of his own namespace, payments"),
            benign("benign-healthcheck-exec", RECON, BenignPlays::healthcheckExec,
                    "a kube-system health-check service account runs `sh -c \"ss -ltn | grep -q ':5432 '\"` in "
                            + "two database pods with kubectl exec"),
            attack("bare-pod-run", EVASION, List.of("T1610"), List.of("k8s-bare-pod-by-user"),
                    AttackPlays::barePodRun, "alice: kubectl run my-app --image=alpine (a pod no controller owns)"),
            attack("exec-package-install", EVASION, List.of("T1105", "T1609"), List.of("container-package-install"),
                    AttackPlays::execPackageInstall, "alice: kubectl exec my-app -- apk add curl"),
            attack("exec-recon", RECON, List.of("T1609", "T1613", "T1049", "T1057"),
                    List.of("container-recon-exec"), AttackPlays::execRecon,
                    "alice: kubectl exec of netstat -tuln (SPDY, verb create) and ps aux (WebSocket, verb get)"),
            attack("privileged-pod", RECON, List.of("T1610", "T1611"),
                    List.of("container-privileged", "k8s-bare-pod-by-user"), AttackPlays::privilegedPod,
                    "alice: kubectl apply of a pod with securityContext.privileged"),
            attack("hostpath-root-pod", RECON, List.of("T1610", "T1611"),
                    List.of("container-sensitive-host-mount", "k8s-bare-pod-by-user"), AttackPlays::hostpathRootPod,
                    "alice: a pod with a hostPath volume of / mounted at /host"),
            attack("hostnetwork-pod", RECON, List.of("T1610", "T1611"),
                    List.of("container-host-namespace", "k8s-bare-pod-by-user"), AttackPlays::hostnetworkPod,
                    "alice: a pod with hostNetwork: true"),
            attack("docker-socket-pod", RECON, List.of("T1610", "T1611"), List.of("container-runtime-socket-mount"),
                    AttackPlays::dockerSocketPod, "alice: a pod with a hostPath volume of /var/run/docker.sock"),
            attack("refused-pod-create", RECON, List.of("T1610", "T1613"), List.of("k8s-refused-pod-create"),
                    AttackPlays::refusedPodCreate, "pod creates refused with 403: system:anonymous from outside, "
                            + "and the default service account in kube-system"),
            attack("secrets-list-cluster-wide", RECON, List.of("T1613", "T1552.007"),
                    List.of("k8s-clusterwide-secret-listing"), AttackPlays::secretsListClusterWide,
                    "the shop's web-backend service account lists the secrets of all namespaces from a pod"),
            attack("debug-ephemeral-container", EVASION, List.of("T1609", "T1610"), List.of("k8s-debug-container"),
                    AttackPlays::debugEphemeralContainer,
                    "alice: kubectl debug -it with busybox on the web pod (ephemeralcontainers patch, then attach)"),
            attack("port-forward", EVASION, List.of("T1572"), List.of("k8s-port-forward"), AttackPlays::portForward,
                    "alice: kubectl port-forward db-0"),
            attack("delete-events", EVASION, List.of("T1070"), List.of("k8s-events-deleted"),
                    AttackPlays::deleteEvents, "alice deletes an event in shop and all events in default"),
            attack("pod-churn", EVASION, List.of("T1610"), List.of("k8s-pod-churn-burst"), AttackPlays::podChurn,
                    "dave creates and deletes " + AttackPlays.CHURN_PODS + " bare pods of a tool image in staging "
                            + "within half a minute"));

    private static Entry benign(String name, String strategy, Play play, String description) {
        return new Entry(new Scenario(name, strategy, false, List.of(), List.of(), description), play);
    }

    private static Entry attack(String name, String strategy, List<String> techniques, List<String> rules, Play play,
                                String description) {
        return new Entry(new Scenario(name, strategy, true, techniques, rules, description), play);
    }
}
