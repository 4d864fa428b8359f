package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.keelwatch.emulate.k8s.Json.arr;
import static io.keelwatch.emulate.k8s.Json.obj;
import static io.keelwatch.emulate.k8s.K8sObjects.coreRef;
import static io.keelwatch.emulate.k8s.K8sObjects.podsRef;
import static io.keelwatch.emulate.k8s.PodManifests.container;
import static io.keelwatch.emulate.k8s.PodManifests.spec;

/** The benign look-alikes: what controllers, nodes, CI runners and people do all day. */
final class BenignPlays {
    /** The number of CI jobs of benign-ci-churn: one pod created and deleted each, as many as pod-churn's. */
    static final int CI_JOBS = AttackPlays.CHURN_PODS;

    private BenignPlays() {
    }

    /**
     * replicaset-controller creates a pod of the web Deployment (generateName, ownerReferences); the scheduler
     * binds it.
     */
    static void replicasetPod(AuditTimeline tl, Cluster c) {
        ObjectNode web = PodManifests.defaulted(container("web", "registry.example.com/shop/web:2.14.1"));
        web.set("ports", arr(obj("containerPort", 8080, "protocol", "TCP")));
        ObjectNode req = PodManifests.labelled(PodManifests.pod(null, c.webReplicaSet.get("name").asText() + "-",
                "shop", web), "app", "web", "pod-template-hash", "7d9f8b6c5d");
        PodManifests.meta(req).set("ownerReferences", arr(c.webReplicaSet));
        spec(req).put("serviceAccountName", "web-backend");
        ObjectNode created = Requests.createPod(tl, c.replicasetController, req, "");
        String pod = created.at("/responseObject/metadata/name").asText();
        tl.pause(0.02);
        tl.call("create", "/api/v1/namespaces/shop/pods/" + pod + "/binding", c.scheduler)
                .ref(podsRef("shop", pod, "binding")).status(K8sObjects.statusOk(201)).latency(6)
                .request(obj("kind", "Binding", "apiVersion", "v1", "metadata", obj("name", pod, "namespace", "shop",
                        "uid", created.at("/responseObject/metadata/uid").asText(), "creationTimestamp", null),
                        "target", obj("kind", "Node", "name", "worker-1")))
                .response(obj("kind", "Status", "apiVersion", "v1", "metadata", obj(), "status", "Success",
                        "code", 201))
                .send();
    }

    /** The kubelet reads its new pod and watches a configmap; the controller manager lists and watches. */
    static void nodeAndControllerReads(AuditTimeline tl, Cluster c) {
        tl.call("get", "/api/v1/namespaces/shop/pods/" + c.webPod, c.worker1).ref(podsRef("shop", c.webPod))
                .latency(3).response(obj("kind", "Pod", "apiVersion", "v1",
                        "metadata", obj("name", c.webPod, "namespace", "shop"),
                        "spec", obj("nodeName", "worker-1"), "status", obj("phase", "Pending")))
                .send();
        String rv = tl.resourceVersion();
        String rootCa = "fieldSelector=metadata.name%3Dkube-root-ca.crt";
        tl.call("list", "/api/v1/namespaces/shop/configmaps?" + rootCa + "&limit=500&resourceVersion=0", c.worker1)
                .ref(coreRef("configmaps", "shop")).latency(3)
                .response(obj("kind", "ConfigMapList", "apiVersion", "v1", "metadata", obj("resourceVersion", rv),
                        "items", arr()))
                .send();
        tl.call("watch", "/api/v1/namespaces/shop/configmaps?allowWatchBookmarks=true&" + rootCa
                + "&resourceVersion=" + rv + "&timeout=7m41s&timeoutSeconds=461&watch=true", c.worker1)
                .ref(coreRef("configmaps", "shop")).latency(2).send();
        String rv2 = tl.resourceVersion();
        tl.call("list", "/apis/apps/v1/replicasets?limit=500&resourceVersion=0", c.controllerManager)
                .ref(obj("resource", "replicasets", "apiGroup", "apps", "apiVersion", "v1")).latency(9)
                .response(obj("kind", "ReplicaSetList", "apiVersion", "apps/v1",
                        "metadata", obj("resourceVersion", rv2), "items", arr()))
                .send();
        tl.call("watch", "/api/v1/pods?allowWatchBookmarks=true&resourceVersion=" + rv2
                + "&timeout=9m12s&timeoutSeconds=552&watch=true", c.controllerManager)
                .ref(coreRef("pods", null)).latency(2).send();
    }

    /** A GitLab job pod (build container and runner helper) as the runner's Kubernetes executor creates it. */
    static ObjectNode ciJobPod(String token, int concurrent) {
        ObjectNode build = container("build", "registry.example.com/ci/maven:3.9-eclipse-temurin-17");
        build.set("command", arr("sh", "-c", "if [ -x /usr/local/bin/bash ]; then\n\texec /usr/local/bin/bash \n"
                + "elif [ -x /usr/bin/bash ]; then\n\texec /usr/bin/bash \nelse\n\texec sh\nfi"));
        ObjectNode helper = container("helper",
                "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.0.0");
        ObjectNode pod = PodManifests.labelled(PodManifests.pod(null,
                        "runner-" + token + "-project-42-concurrent-" + concurrent + "-", "ci-runner", build, helper),
                "ci", "true", "project.runner.gitlab.com/id", "42", "manager.runner.gitlab.com/name", "k8s-runner");
        spec(pod).put("restartPolicy", "Never");
        spec(pod).put("serviceAccountName", "gitlab-runner");
        return pod;
    }

    static void ciPod(AuditTimeline tl, Cluster c) {
        Requests.createPod(tl, c.ciRunner, ciJobPod("8xkq2zvb", 0), "");
    }

    /** The CI runner runs a pipeline: one pod per job, deleted when the job is done, as many as pod-churn's. */
    static void ciChurn(AuditTimeline tl, Cluster c) {
        for (int i = 0; i < CI_JOBS; i++) {
            ObjectNode created = Requests.createPod(tl, c.ciRunner, ciJobPod("t3mzq9wk", i % 4), "");
            tl.pause(0.8 + tl.between(0, 400) / 1000.0);
            Requests.deletePod(tl, c.ciRunner, (ObjectNode) created.get("responseObject"));
            tl.pause(0.3);
        }
    }

    static void listOwnPods(AuditTimeline tl, Cluster c) {
        tl.call("list", "/api/v1/namespaces/payments/pods?limit=500", c.bob).ref(coreRef("pods", "payments"))
                .latency(7).response(K8sObjects.podList("payments",
                        List.of("ledger-5c8f9d7b6-7kq2m", "ledger-5c8f9d7b6-p9xwz"), tl.resourceVersion()))
                .send();
    }

    /**
     * A health-check CronJob in kube-system checks that the shop's database listens, with {@code ss} through
     * {@code kubectl exec}: a discovery command, by a system service account the shipped tuning allow-lists.
     */
    static void healthcheckExec(AuditTimeline tl, Cluster c) {
        List<String> check = List.of("sh", "-c", "ss -ltn | grep -q ':5432 '");
        Requests.exec(tl, c.healthChecker, "shop", "db-0", "postgres", check, false);
        tl.pause(2);
        Requests.exec(tl, c.healthChecker, "shop", "db-1", "postgres", check, false);
    }
}
