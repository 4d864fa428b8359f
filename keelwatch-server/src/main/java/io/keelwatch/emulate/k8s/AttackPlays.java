package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.keelwatch.emulate.k8s.Json.arr;
import static io.keelwatch.emulate.k8s.Json.obj;
import static io.keelwatch.emulate.k8s.K8sObjects.podsRef;
import static io.keelwatch.emulate.k8s.PodManifests.APPLY;
import static io.keelwatch.emulate.k8s.PodManifests.container;
import static io.keelwatch.emulate.k8s.PodManifests.meta;
import static io.keelwatch.emulate.k8s.PodManifests.spec;

/** The attacks: what someone holding a person's or a workload's credentials does through the API server. */
final class AttackPlays {
    /** Pods created and deleted by pod-churn: 2 events each, well over k8s-pod-churn-burst's 20 in 60 s. */
    static final int CHURN_PODS = 16;

    private AttackPlays() {
    }

    /** {@code kubectl run my-app --image=alpine}. */
    static void barePodRun(AuditTimeline tl, Cluster c) {
        Requests.createPod(tl, c.alice, PodManifests.labelled(PodManifests.pod("my-app", null, "default",
                container("my-app", "alpine")), "run", "my-app"), "?fieldManager=kubectl-run");
    }

    static void execPackageInstall(AuditTimeline tl, Cluster c) {
        Requests.exec(tl, c.alice, "default", "my-app", "my-app", List.of("apk", "add", "curl"), false);
    }

    /** {@code netstat -tuln} over SPDY (POST), then {@code ps aux} over WebSocket (GET). */
    static void execRecon(AuditTimeline tl, Cluster c) {
        Requests.exec(tl, c.alice, "default", "my-app", "my-app", List.of("netstat", "-tuln"), false);
        tl.pause(1.5);
        Requests.exec(tl, c.alice, "default", "my-app", "my-app", List.of("ps", "aux"), true);
    }

    /** A shell container that sleeps: the pods below differ only in how they reach the host. */
    private static ObjectNode sleeper(String name, String pod, String image) {
        ObjectNode shell = container(name, image);
        shell.set("command", arr("sleep", "infinity"));
        return PodManifests.pod(pod, null, "default", shell);
    }

    private static ObjectNode firstContainer(ObjectNode pod) {
        return (ObjectNode) spec(pod).get("containers").get(0);
    }

    static void privilegedPod(AuditTimeline tl, Cluster c) {
        ObjectNode pod = sleeper("shell", "priv-pod", "alpine:3.20");
        firstContainer(pod).set("securityContext", obj("privileged", true));
        Requests.createPod(tl, c.alice, pod, APPLY);
    }

    static void hostpathRootPod(AuditTimeline tl, Cluster c) {
        ObjectNode pod = sleeper("shell", "host-root", "alpine:3.20");
        firstContainer(pod).set("volumeMounts", arr(obj("name", "host", "mountPath", "/host")));
        spec(pod).set("volumes", arr(obj("name", "host", "hostPath", obj("path", "/", "type", ""))));
        Requests.createPod(tl, c.alice, pod, APPLY);
    }

    static void hostnetworkPod(AuditTimeline tl, Cluster c) {
        ObjectNode pod = sleeper("shell", "host-net", "alpine:3.20");
        spec(pod).put("hostNetwork", true);
        Requests.createPod(tl, c.alice, pod, APPLY);
    }

    static void dockerSocketPod(AuditTimeline tl, Cluster c) {
        ObjectNode pod = sleeper("shell", "sock-pod", "docker:27-cli");
        firstContainer(pod).set("volumeMounts", arr(obj("name", "dockersock", "mountPath", "/var/run/docker.sock")));
        spec(pod).set("volumes", arr(obj("name", "dockersock",
                "hostPath", obj("path", "/var/run/docker.sock", "type", "Socket"))));
        Requests.createPod(tl, c.alice, pod, APPLY);
    }

    /** system:anonymous from outside, then the default service account in kube-system: both refused (403). */
    static void refusedPodCreate(AuditTimeline tl, Cluster c) {
        ObjectNode pod = sleeper("pwn", "pwn", "alpine:3.20");
        refusedCreate(tl, c.anonymous, pod);
        tl.pause(2);
        ObjectNode inSystem = pod.deepCopy();
        meta(inSystem).put("namespace", "kube-system");
        refusedCreate(tl, c.defaultSa, inSystem);
    }

    private static void refusedCreate(AuditTimeline tl, Actor who, ObjectNode pod) {
        String ns = meta(pod).path("namespace").asText();
        tl.call("create", "/api/v1/namespaces/" + ns + "/pods" + APPLY, who)
                .ref(podsRef(ns, meta(pod).path("name").asText()))
                .status(K8sObjects.forbidden(who.username(), "create", "pods", ns)).latency(2)
                .request(PodManifests.applied(pod)).send();
    }

    /** A workload's service account lists every secret (logged at Metadata level, as audit policies do). */
    static void secretsListClusterWide(AuditTimeline tl, Cluster c) {
        tl.call("list", "/api/v1/secrets?limit=500", c.webBackend).ref(K8sObjects.coreRef("secrets", null))
                .latency(21).metadataOnly().send();
    }

    /** {@code kubectl debug -it POD --image=busybox --target=web}: PATCH of ephemeralcontainers, then attach. */
    static void debugEphemeralContainer(AuditTimeline tl, Cluster c) {
        Requests.getPod(tl, c.alice, "shop", c.webPod);
        String debugger = "debugger-" + tl.suffix(5);
        ObjectNode patch = obj("spec", obj("ephemeralContainers", arr(obj("name", debugger, "image", "busybox",
                "resources", obj(), "terminationMessagePolicy", "File", "imagePullPolicy", "Always",
                "stdin", true, "tty", true, "targetContainerName", "web"))));
        tl.call("patch", "/api/v1/namespaces/shop/pods/" + c.webPod + "/ephemeralcontainers", c.alice)
                .ref(podsRef("shop", c.webPod, "ephemeralcontainers")).latency(16).request(patch)
                .response(obj("kind", "Pod", "apiVersion", "v1", "metadata", obj("name", c.webPod, "namespace", "shop"),
                        "spec", obj("ephemeralContainers", patch.at("/spec/ephemeralContainers").deepCopy()),
                        "status", obj("phase", "Running")))
                .send();
        tl.pause(2.2);
        tl.call("create", "/api/v1/namespaces/shop/pods/" + c.webPod + "/attach?container=" + debugger
                        + "&stderr=true&stdin=true&stdout=true&tty=true", c.alice)
                .ref(podsRef("shop", c.webPod, "attach")).upgraded().latency(30)
                .request(obj("kind", "PodAttachOptions", "apiVersion", "v1", "stdin", true, "stdout", true,
                        "stderr", true, "tty", true, "container", debugger))
                .send();
    }

    static void portForward(AuditTimeline tl, Cluster c) {
        Requests.getPod(tl, c.alice, "shop", "db-0");
        tl.call("create", "/api/v1/namespaces/shop/pods/db-0/portforward", c.alice)
                .ref(podsRef("shop", "db-0", "portforward")).upgraded().latency(28)
                .request(obj("kind", "PodPortForwardOptions", "apiVersion", "v1")).send();
    }

    /** One event of the web pod deleted in shop, then every event of default (deletecollection). */
    static void deleteEvents(AuditTimeline tl, Cluster c) {
        String event = c.webPod + "." + Long.toHexString(tl.now().toEpochMilli() * 1_000_000L + tl.between(0, 999));
        tl.call("delete", "/api/v1/namespaces/shop/events/" + event, c.alice)
                .ref(obj("resource", "events", "namespace", "shop", "name", event, "apiVersion", "v1")).latency(8)
                .request(K8sObjects.deleteOptions())
                .response(obj("kind", "Status", "apiVersion", "v1", "metadata", obj(), "status", "Success",
                        "details", obj("name", event, "kind", "events", "uid", tl.uid())))
                .send();
        tl.pause(1);
        tl.call("deletecollection", "/api/v1/namespaces/default/events", c.alice)
                .ref(K8sObjects.coreRef("events", "default")).latency(41).request(K8sObjects.deleteOptions())
                .response(obj("kind", "EventList", "apiVersion", "v1",
                        "metadata", obj("resourceVersion", tl.resourceVersion()), "items", arr()))
                .send();
    }

    /**
     * dave starts throw-away pods from a purpose-built image in staging, each deleted seconds later: no pod is
     * left to inspect, and the image is not a generic one k8s-bare-pod-by-user knows.
     */
    static void podChurn(AuditTimeline tl, Cluster c) {
        for (int i = 0; i < CHURN_PODS; i++) {
            String name = "job-" + tl.suffix(5);
            ObjectNode worker = container(name, "registry.example.com/tools/netcheck:1.4");
            worker.set("args", arr("--target", "10.244.0.0/16", "--ports", "22,2375,2379,10250"));
            ObjectNode pod = PodManifests.labelled(PodManifests.pod(name, null, "staging", worker), "run", name);
            spec(pod).put("restartPolicy", "Never");
            ObjectNode created = Requests.createPod(tl, c.dave, pod, "?fieldManager=kubectl-run");
            tl.pause(0.4 + tl.between(0, 300) / 1000.0);
            Requests.deletePod(tl, c.dave, (ObjectNode) created.get("responseObject"));
        }
    }
}
