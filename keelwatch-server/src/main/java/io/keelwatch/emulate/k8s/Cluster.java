package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.keelwatch.emulate.k8s.Json.arr;
import static io.keelwatch.emulate.k8s.Json.obj;
import static io.keelwatch.emulate.k8s.K8sObjects.rbac;

/**
 * The emulated cluster: a v1.30 control plane, worker nodes, the people and service accounts that send requests,
 * and the objects several scenarios refer to (the shop's web pod and its ReplicaSet). Built once per run, first,
 * so that any selection of scenarios names the same objects.
 */
final class Cluster {
    static final String VERSION = "v1.30.2 (linux/amd64) kubernetes/39683505";
    static final String KUBECTL = "kubectl/" + VERSION;
    static final String KCM = "kube-controller-manager/" + VERSION;
    static final String SCHEDULER_UA = "kube-scheduler/" + VERSION + "/scheduler";
    static final String KUBELET = "kubelet/" + VERSION;
    static final String GITLAB_RUNNER = "gitlab-runner 17.0.0 (17-0-stable; go1.22.3; linux/amd64)";

    static final String CONTROL_PLANE_IP = "10.0.0.10";
    static final String WORKER1_IP = "10.0.0.21";
    /** The address of a pod in the shop namespace (requests from inside the cluster). */
    static final String POD_IP = "10.244.1.23";
    static final String OUTSIDE_IP = "203.0.113.45";

    final Actor alice;
    final Actor bob;
    final Actor dave;
    final Actor anonymous;
    final Actor defaultSa;
    final Actor webBackend;
    final Actor replicasetController;
    final Actor scheduler;
    final Actor controllerManager;
    final Actor worker1;
    final Actor ciRunner;
    final Actor healthChecker;

    /** The ReplicaSet of the shop's web Deployment, as pods' ownerReferences name it. */
    final ObjectNode webReplicaSet;
    /** The name the API server gives the web pod that ReplicaSet creates. */
    final String webPod;

    Cluster(AuditTimeline tl) {
        alice = new Actor(person("alice", "developers"), KUBECTL, "10.20.4.17",
                rbac("ClusterRoleBinding", "developers-edit", "edit", "Group", "developers"));
        bob = new Actor(person("bob", "payments-devs"), KUBECTL, "10.20.4.31",
                rbac("RoleBinding", "payments-devs-view/payments", "view", "Group", "payments-devs"));
        dave = new Actor(person("dave", "qa"), KUBECTL, "10.20.5.9",
                rbac("RoleBinding", "qa-edit/staging", "edit", "Group", "qa"));
        anonymous = new Actor(obj("username", "system:anonymous", "groups", arr("system:unauthenticated")),
                KUBECTL, OUTSIDE_IP, K8sObjects.forbidAnnotations());
        defaultSa = new Actor(serviceAccount(tl, "default", "default"), KUBECTL, POD_IP,
                K8sObjects.forbidAnnotations());
        webBackend = new Actor(serviceAccount(tl, "shop", "web-backend"), KUBECTL, POD_IP,
                rbac("ClusterRoleBinding", "web-backend-read-all", "secret-reader", "ServiceAccount",
                        "web-backend/shop"));
        replicasetController = new Actor(serviceAccount(tl, "kube-system", "replicaset-controller"),
                KCM + "/system:serviceaccount:kube-system:replicaset-controller", CONTROL_PLANE_IP,
                rbac("ClusterRoleBinding", "system:controller:replicaset-controller",
                        "system:controller:replicaset-controller", "ServiceAccount",
                        "replicaset-controller/kube-system"));
        scheduler = new Actor(obj("username", "system:kube-scheduler", "groups", arr("system:authenticated")),
                SCHEDULER_UA, CONTROL_PLANE_IP,
                rbac("ClusterRoleBinding", "system:kube-scheduler", "system:kube-scheduler", "User",
                        "system:kube-scheduler"));
        controllerManager = new Actor(obj("username", "system:kube-controller-manager",
                "groups", arr("system:authenticated")), KCM + "/shared-informers", CONTROL_PLANE_IP,
                rbac("ClusterRoleBinding", "system:kube-controller-manager", "system:kube-controller-manager",
                        "User", "system:kube-controller-manager"));
        worker1 = new Actor(obj("username", "system:node:worker-1",
                "groups", arr("system:nodes", "system:authenticated")), KUBELET, WORKER1_IP,
                K8sObjects.nodeAllow());
        ciRunner = new Actor(serviceAccount(tl, "ci-runner", "gitlab-runner"), GITLAB_RUNNER, "10.244.2.8",
                rbac("RoleBinding", "gitlab-runner/ci-runner", "gitlab-runner-pods", "ServiceAccount",
                        "gitlab-runner/ci-runner"));
        healthChecker = new Actor(serviceAccount(tl, "kube-system", "cluster-health"), KUBECTL, "10.244.0.14",
                rbac("ClusterRoleBinding", "cluster-health-exec", "cluster-health", "ServiceAccount",
                        "cluster-health/kube-system"));
        String hash = "7d9f8b6c5d";
        webReplicaSet = obj("apiVersion", "apps/v1", "kind", "ReplicaSet", "name", "web-" + hash,
                "uid", tl.uid(), "controller", true, "blockOwnerDeletion", true);
        webPod = "web-" + hash + "-" + tl.suffix(5);
    }

    private static ObjectNode person(String name, String group) {
        return obj("username", name, "groups", arr(group, "system:authenticated"));
    }

    private static ObjectNode serviceAccount(AuditTimeline tl, String ns, String name) {
        return obj("username", "system:serviceaccount:" + ns + ":" + name, "uid", tl.uid(),
                "groups", arr("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated"));
    }
}
