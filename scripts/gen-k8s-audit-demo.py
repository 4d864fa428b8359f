#!/usr/bin/env python3
"""Write the demo Kubernetes audit sample: audit.jsonl and labels.tsv.

    scripts/gen-k8s-audit-demo.py keelwatch-cli/src/main/resources/io/keelwatch/demo/k8s

The sample is hand-made, not recorded from a cluster: each line is an audit.k8s.io/v1 Event shaped like the ones
a v1.30 API server writes at level RequestResponse (stage ResponseComplete; ResponseStarted with code 101 for
exec, attach and port-forward, ResponseStarted for watches; Metadata level for secrets), for the kubectl / controller / kubelet requests listed in SCENARIOS. Output is
deterministic (fixed seed and clock), so running it again gives the same files.
"""
import json
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

RNG = random.Random(20260312)
T0 = datetime(2026, 3, 12, 9, 14, 0, 117000, tzinfo=timezone.utc)

KUBECTL = "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505"
KCM = "kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505"
SCHED = "kube-scheduler/v1.30.2 (linux/amd64) kubernetes/39683505/scheduler"
KUBELET = "kubelet/v1.30.2 (linux/amd64) kubernetes/39683505"
RUNNER = "gitlab-runner 17.0.0 (17-0-stable; go1.22.3; linux/amd64)"

ALICE = {"username": "alice", "groups": ["developers", "system:authenticated"]}
BOB = {"username": "bob", "groups": ["payments-devs", "system:authenticated"]}
ANON = {"username": "system:anonymous", "groups": ["system:unauthenticated"]}
ALICE_IP, BOB_IP, CP_IP, WORKER1_IP, POD_IP, OUTSIDE_IP = (
    "10.20.4.17", "10.20.4.31", "10.0.0.10", "10.0.0.21", "10.244.1.23", "203.0.113.45")


def sa(ns, name):
    return {"username": f"system:serviceaccount:{ns}:{name}",
            "uid": str(uuid.UUID(int=RNG.getrandbits(128), version=4)),
            "groups": ["system:serviceaccounts", f"system:serviceaccounts:{ns}", "system:authenticated"]}


REPLICASET_CONTROLLER = sa("kube-system", "replicaset-controller")
CI_RUNNER = sa("ci-runner", "gitlab-runner")
DEFAULT_SA = sa("default", "default")
WEB_BACKEND = sa("shop", "web-backend")
SCHEDULER = {"username": "system:kube-scheduler", "groups": ["system:authenticated"]}
CONTROLLER_MANAGER = {"username": "system:kube-controller-manager", "groups": ["system:authenticated"]}
WORKER1 = {"username": "system:node:worker-1", "groups": ["system:nodes", "system:authenticated"]}


def new_uid():
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def rbac(kind, binding, role, subject_kind, subject, ns=None):
    where = f" in namespace {json.dumps(ns)}" if ns else ""
    return {"authorization.k8s.io/decision": "allow",
            "authorization.k8s.io/reason":
                f"RBAC: allowed by {kind} {json.dumps(binding)} of ClusterRole {json.dumps(role)} "
                f"to {subject_kind} {json.dumps(subject)}{where}"}


ALICE_EDIT = rbac("ClusterRoleBinding", "developers-edit", "edit", "Group", "developers")
BOB_VIEW = rbac("RoleBinding", "payments-devs-view", "view", "Group", "payments-devs", "payments")
NODE_ALLOW = {"authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": ""}


def container(name, image, **extra):
    """A container as a client writes it (kubectl sends no defaults)."""
    c = {"name": name, "image": image}
    c.update(extra)
    c.setdefault("resources", {})
    return c


def defaulted(c):
    """The same container with the defaults the API server fills in."""
    d = dict(c)
    d.setdefault("terminationMessagePath", "/dev/termination-log")
    d.setdefault("terminationMessagePolicy", "File")
    tag = d["image"].rsplit("/", 1)[-1]
    d.setdefault("imagePullPolicy", "IfNotPresent" if ":" in tag and not tag.endswith(":latest") else "Always")
    return d


def pod_request(name, ns, containers, labels=None, annotations=None, owner=None, generate_name=None, **spec):
    """A Pod as the client sends it; with generate_name the server picks the name (name is then ignored)."""
    meta = {"generateName": generate_name} if generate_name else {"name": name}
    meta.update({"namespace": ns, "creationTimestamp": None})
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    if owner:
        meta["ownerReferences"] = [owner]
    s = {"containers": containers}
    s.update(spec)
    s.setdefault("restartPolicy", "Always")
    s.setdefault("dnsPolicy", "ClusterFirst")
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": s, "status": {}}


def pod_response(req, t, node=None, sa_name="default", name=None):
    meta = dict(req["metadata"])
    if name:
        meta = {"name": name, **meta}
    meta.update({"uid": new_uid(), "resourceVersion": str(RNG.randint(4_100_000, 4_900_000)),
                 "creationTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")})
    spec = dict(req["spec"])
    spec["containers"] = [defaulted(c) for c in spec["containers"]]
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("serviceAccountName", sa_name)
    spec.setdefault("serviceAccount", sa_name)
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    spec.setdefault("priority", 0)
    spec["tolerations"] = [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]
    if node:
        spec["nodeName"] = node
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": spec,
            "status": {"phase": "Pending", "qosClass": "BestEffort"}}


def status_ok(code=200):
    return {"metadata": {}, "code": code}


def forbidden(user, verb, resource, ns):
    where = f' in the namespace "{ns}"' if ns else " at the cluster scope"
    return {"metadata": {}, "status": "Failure",
            "message": f'{resource} is forbidden: User "{user}" cannot {verb} resource "{resource}" '
                       f'in API group ""{where}',
            "reason": "Forbidden", "details": {"kind": resource}, "code": 403}


class Timeline:
    def __init__(self):
        self.t = T0
        self.events = []
        self.labels = []
        self._scenario = None

    def wait(self, seconds):
        self.t += timedelta(seconds=seconds)

    def begin(self, name, kind, expect):
        self._scenario = (name, kind, expect, len(self.events))

    def end(self):
        name, kind, expect, first = self._scenario
        evs = self.events[first:]
        start = min(e["requestReceivedTimestamp"] for e in evs)
        stop = max(e["stageTimestamp"] for e in evs)
        self.labels.append((ns_of(start), ns_of(stop) + 1_000_000, name, kind, expect))
        self._scenario = None

    def add(self, verb, uri, user, ua, ip, ref, status, latency_ms=12, stage=None,
            request=None, response=None, annotations=None, level="RequestResponse"):
        if stage is None:   # a watch is a long-running request: its first record is ResponseStarted
            stage = "ResponseStarted" if verb == "watch" else "ResponseComplete"
        received = self.t
        done = received + timedelta(microseconds=int(latency_ms * 1000 + RNG.randint(0, 900)))
        ev = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": level,
              "auditID": new_uid(), "stage": stage, "requestURI": uri, "verb": verb, "user": user,
              "sourceIPs": [ip], "userAgent": ua, "objectRef": ref, "responseStatus": status}
        if request is not None:
            ev["requestObject"] = request
        if response is not None:
            ev["responseObject"] = response
        ev["requestReceivedTimestamp"] = ts(received)
        ev["stageTimestamp"] = ts(done)
        if annotations:
            ev["annotations"] = annotations
        self.events.append(ev)
        self.t = done + timedelta(milliseconds=RNG.randint(40, 400))
        return ev


def ns_of(stamp):
    d = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return int(d.timestamp()) * 1_000_000_000 + d.microsecond * 1000


def pods_ref(ns, name=None, sub=None, rv=None):
    r = {"resource": "pods", "namespace": ns}
    if name:
        r["name"] = name
    r["apiVersion"] = "v1"
    if sub:
        r["subresource"] = sub
    if rv:
        r["resourceVersion"] = rv
    return r


def pod_list(ns, names, rv):
    return {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": rv},
            "items": [{"metadata": {"name": n, "namespace": ns}} for n in names]}


APPLY = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict"


def applied(req):
    """req as `kubectl apply -f` sends it: with the last-applied-configuration annotation."""
    manifest = {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"annotations": {}, "name": req["metadata"]["name"],
                             "namespace": req["metadata"]["namespace"]},
                "spec": {k: v for k, v in req["spec"].items() if k not in ("restartPolicy", "dnsPolicy")}}
    out = json.loads(json.dumps(req))
    out["metadata"]["annotations"] = {
        "kubectl.kubernetes.io/last-applied-configuration": json.dumps(manifest, separators=(",", ":")) + "\n"}
    return out


def create_pod(tl, user, ua, ip, req, annotations, uri_suffix=APPLY, node=None, sa_name="default"):
    if uri_suffix == APPLY:
        req = applied(req)
    ns = req["metadata"]["namespace"]
    name = req["metadata"].get("name")
    generated = None if name else req["metadata"]["generateName"] + "".join(
        RNG.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
    resp = pod_response(req, tl.t, node=node, sa_name=sa_name, name=generated)
    ann = dict(annotations)
    ann["pod-security.kubernetes.io/enforce-policy"] = "privileged:latest"
    # the audit objectRef carries the name the client sent: none for generateName
    return tl.add("create", f"/api/v1/namespaces/{ns}/pods{uri_suffix}", user, ua, ip, pods_ref(ns, name),
                  status_ok(201), latency_ms=18, request=req, response=resp, annotations=ann)


def kubectl_get_pod(tl, user, ip, ns, name, ann):
    tl.add("get", f"/api/v1/namespaces/{ns}/pods/{name}", user, KUBECTL, ip, pods_ref(ns, name), status_ok(),
           latency_ms=4, response={"kind": "Pod", "apiVersion": "v1",
                                   "metadata": {"name": name, "namespace": ns}, "status": {"phase": "Running"}},
           annotations=ann)


def kubectl_exec(tl, user, ip, ns, pod, cname, argv, ann, tty=False, verb="create"):
    """verb "create": the SPDY upgrade (a POST); verb "get": the WebSocket upgrade of newer kubectl (a GET)."""
    kubectl_get_pod(tl, user, ip, ns, pod, ann)
    q = "&".join(f"command={a}" for a in argv) + f"&container={cname}&stderr=true&stdout=true"
    if tty:
        q += "&stdin=true&tty=true"
    opts = {"kind": "PodExecOptions", "apiVersion": "v1", "stdout": True, "stderr": True, "container": cname,
            "command": argv}
    if tty:
        opts.update({"stdin": True, "tty": True})
    tl.add(verb, f"/api/v1/namespaces/{ns}/pods/{pod}/exec?{q}", user, KUBECTL, ip,
           pods_ref(ns, pod, "exec"), status_ok(101), latency_ms=35, stage="ResponseStarted",
           request=opts, annotations=ann)


def build():
    tl = Timeline()
    shop_owner = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f8b6c5d",
                  "uid": new_uid(), "controller": True, "blockOwnerDeletion": True}

    # ---------------------------------------------------------------- benign
    tl.begin("benign-replicaset-pod", "benign", "none")
    req = pod_request(None, "shop", [defaulted(container("web", "registry.example.com/shop/web:2.14.1",
                                                            ports=[{"containerPort": 8080, "protocol": "TCP"}]))],
                      labels={"app": "web", "pod-template-hash": "7d9f8b6c5d"}, owner=shop_owner,
                      generate_name="web-7d9f8b6c5d-", serviceAccountName="web-backend")
    created = create_pod(tl, REPLICASET_CONTROLLER, KCM + "/system:serviceaccount:kube-system:replicaset-controller",
               CP_IP, req, rbac("ClusterRoleBinding", "system:controller:replicaset-controller",
                                "system:controller:replicaset-controller", "User",
                                "system:serviceaccount:kube-system:replicaset-controller"),
               uri_suffix="", sa_name="web-backend")
    web_pod = created["responseObject"]["metadata"]["name"]
    tl.wait(0.02)
    tl.add("create", f"/api/v1/namespaces/shop/pods/{web_pod}/binding", SCHEDULER, SCHED, CP_IP,
           pods_ref("shop", web_pod, "binding"), status_ok(201), latency_ms=6,
           request={"kind": "Binding", "apiVersion": "v1",
                    "metadata": {"name": web_pod, "namespace": "shop", "uid": new_uid(), "creationTimestamp": None},
                    "target": {"kind": "Node", "name": "worker-1"}},
           response={"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201},
           annotations=rbac("ClusterRoleBinding", "system:kube-scheduler", "system:kube-scheduler", "User",
                            "system:kube-scheduler"))
    tl.end()
    tl.wait(3)

    tl.begin("benign-node-and-controller-reads", "benign", "none")
    tl.add("get", f"/api/v1/namespaces/shop/pods/{web_pod}", WORKER1, KUBELET, WORKER1_IP,
           pods_ref("shop", web_pod), status_ok(), latency_ms=3,
           response={"kind": "Pod", "apiVersion": "v1", "metadata": {"name": web_pod, "namespace": "shop"},
                     "spec": {"nodeName": "worker-1"}, "status": {"phase": "Pending"}}, annotations=NODE_ALLOW)
    tl.add("list", "/api/v1/namespaces/shop/configmaps?fieldSelector=metadata.name%3Dkube-root-ca.crt&limit=500"
                   "&resourceVersion=0", WORKER1, KUBELET, WORKER1_IP,
           {"resource": "configmaps", "namespace": "shop", "apiVersion": "v1"}, status_ok(), latency_ms=3,
           response={"kind": "ConfigMapList", "apiVersion": "v1", "metadata": {"resourceVersion": "4512877"},
                     "items": []}, annotations=NODE_ALLOW)
    tl.add("watch", "/api/v1/namespaces/shop/configmaps?allowWatchBookmarks=true&fieldSelector=metadata.name%3D"
                    "kube-root-ca.crt&resourceVersion=4512877&timeout=7m41s&timeoutSeconds=461&watch=true",
           WORKER1, KUBELET, WORKER1_IP, {"resource": "configmaps", "namespace": "shop", "apiVersion": "v1"},
           status_ok(), latency_ms=2, annotations=NODE_ALLOW)
    tl.add("list", "/apis/apps/v1/replicasets?limit=500&resourceVersion=0", CONTROLLER_MANAGER, KCM + "/shared-informers",
           CP_IP, {"resource": "replicasets", "apiGroup": "apps", "apiVersion": "v1"}, status_ok(), latency_ms=9,
           response={"kind": "ReplicaSetList", "apiVersion": "apps/v1", "metadata": {"resourceVersion": "4512880"},
                     "items": []},
           annotations=rbac("ClusterRoleBinding", "system:kube-controller-manager", "system:kube-controller-manager",
                            "User", "system:kube-controller-manager"))
    tl.add("watch", "/api/v1/pods?allowWatchBookmarks=true&resourceVersion=4512880&timeout=9m12s&timeoutSeconds=552"
                    "&watch=true", CONTROLLER_MANAGER, KCM + "/shared-informers", CP_IP,
           {"resource": "pods", "apiVersion": "v1"}, status_ok(), latency_ms=2,
           annotations=rbac("ClusterRoleBinding", "system:kube-controller-manager", "system:kube-controller-manager",
                            "User", "system:kube-controller-manager"))
    tl.end()
    tl.wait(3)

    tl.begin("benign-ci-pod", "benign", "none")
    req = pod_request(None, "ci-runner",
                      [container("build", "registry.example.com/ci/maven:3.9-eclipse-temurin-17",
                                 command=["sh", "-c", "if [ -x /usr/local/bin/bash ]; then\n\texec /usr/local/bin/bash \nelif [ -x /usr/bin/bash ]; then\n\texec /usr/bin/bash \nelse\n\texec sh\nfi"]),
                       container("helper", "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.0.0")],
                      labels={"ci": "true", "project.runner.gitlab.com/id": "42", "manager.runner.gitlab.com/name": "k8s-runner"},
                      generate_name="runner-8xkq2zvb-project-42-concurrent-0-",
                      serviceAccountName="gitlab-runner", restartPolicy="Never")
    create_pod(tl, CI_RUNNER, RUNNER, "10.244.2.8", req,
               rbac("RoleBinding", "gitlab-runner", "gitlab-runner-pods", "ServiceAccount", "ci-runner/gitlab-runner",
                    "ci-runner"), uri_suffix="", sa_name="gitlab-runner")
    tl.end()
    tl.wait(3)

    tl.begin("benign-list-own-pods", "benign", "none")
    tl.add("list", "/api/v1/namespaces/payments/pods?limit=500", BOB, KUBECTL, BOB_IP,
           {"resource": "pods", "namespace": "payments", "apiVersion": "v1"}, status_ok(), latency_ms=7,
           response=pod_list("payments", ["ledger-5c8f9d7b6-7kq2m", "ledger-5c8f9d7b6-p9xwz"], "4512911"),
           annotations=BOB_VIEW)
    tl.end()
    tl.wait(4)

    # ---------------------------------------------------------------- malicious
    tl.begin("bare-pod-run", "malicious", "T1610")
    req = pod_request("my-app", "default", [container("my-app", "alpine")], labels={"run": "my-app"})
    create_pod(tl, ALICE, KUBECTL, ALICE_IP, req, ALICE_EDIT, uri_suffix="?fieldManager=kubectl-run")
    tl.end()
    tl.wait(4)

    tl.begin("exec-package-install", "malicious", "T1105/T1609")
    kubectl_exec(tl, ALICE, ALICE_IP, "default", "my-app", "my-app", ["apk", "add", "curl"], ALICE_EDIT)
    tl.end()
    tl.wait(3)

    tl.begin("exec-recon", "malicious", "T1609/T1613/T1049/T1057")
    kubectl_exec(tl, ALICE, ALICE_IP, "default", "my-app", "my-app", ["netstat", "-tuln"], ALICE_EDIT)
    tl.wait(1.5)
    kubectl_exec(tl, ALICE, ALICE_IP, "default", "my-app", "my-app", ["ps", "aux"], ALICE_EDIT, verb="get")
    tl.end()
    tl.wait(3)

    tl.begin("privileged-pod", "malicious", "T1610/T1611")
    req = pod_request("priv-pod", "default",
                      [container("shell", "alpine:3.20", command=["sleep", "infinity"],
                                 securityContext={"privileged": True})])
    create_pod(tl, ALICE, KUBECTL, ALICE_IP, req, ALICE_EDIT)
    tl.end()
    tl.wait(3)

    tl.begin("hostpath-root-pod", "malicious", "T1610/T1611")
    req = pod_request("host-root", "default",
                      [container("shell", "alpine:3.20", command=["sleep", "infinity"],
                                 volumeMounts=[{"name": "host", "mountPath": "/host"}])],
                      volumes=[{"name": "host", "hostPath": {"path": "/", "type": ""}}])
    create_pod(tl, ALICE, KUBECTL, ALICE_IP, req, ALICE_EDIT)
    tl.end()
    tl.wait(3)

    tl.begin("hostnetwork-pod", "malicious", "T1610/T1611")
    req = pod_request("host-net", "default", [container("shell", "alpine:3.20", command=["sleep", "infinity"])],
                      hostNetwork=True)
    create_pod(tl, ALICE, KUBECTL, ALICE_IP, req, ALICE_EDIT)
    tl.end()
    tl.wait(3)

    tl.begin("docker-socket-pod", "malicious", "T1610/T1611")
    req = pod_request("sock-pod", "default",
                      [container("shell", "docker:27-cli", command=["sleep", "infinity"],
                                 volumeMounts=[{"name": "dockersock", "mountPath": "/var/run/docker.sock"}])],
                      volumes=[{"name": "dockersock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}])
    create_pod(tl, ALICE, KUBECTL, ALICE_IP, req, ALICE_EDIT)
    tl.end()
    tl.wait(4)

    tl.begin("refused-pod-create", "malicious", "T1610/T1613")
    req = pod_request("pwn", "default", [container("pwn", "alpine:3.20", command=["sleep", "infinity"])])
    tl.add("create", "/api/v1/namespaces/default/pods" + APPLY,
           ANON, KUBECTL, OUTSIDE_IP, pods_ref("default", "pwn"),
           forbidden("system:anonymous", "create", "pods", "default"), latency_ms=2, request=applied(req),
           annotations={"authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": ""})
    tl.wait(2)
    tl.add("create", "/api/v1/namespaces/kube-system/pods" + APPLY,
           DEFAULT_SA, KUBECTL, POD_IP, pods_ref("kube-system", "pwn"),
           forbidden("system:serviceaccount:default:default", "create", "pods", "kube-system"), latency_ms=2,
           request=applied(dict(req, metadata=dict(req["metadata"], namespace="kube-system"))),
           annotations={"authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": ""})
    tl.end()
    tl.wait(3)

    tl.begin("secrets-list-cluster-wide", "malicious", "T1613/T1552.007")
    # audit policies log secrets at Metadata level (no bodies), as the Kubernetes docs recommend
    tl.add("list", "/api/v1/secrets?limit=500", WEB_BACKEND, KUBECTL, POD_IP,
           {"resource": "secrets", "apiVersion": "v1"}, status_ok(), latency_ms=21, level="Metadata",
           annotations=rbac("ClusterRoleBinding", "web-backend-read-all", "secret-reader", "ServiceAccount",
                            "shop/web-backend"))
    tl.end()
    tl.wait(4)

    tl.begin("debug-ephemeral-container", "malicious", "T1609/T1610")
    kubectl_get_pod(tl, ALICE, ALICE_IP, "shop", web_pod, ALICE_EDIT)
    patch = {"spec": {"ephemeralContainers": [
        {"name": "debugger-7vq5k", "image": "busybox", "resources": {}, "terminationMessagePolicy": "File",
         "imagePullPolicy": "Always", "stdin": True, "tty": True, "targetContainerName": "web"}]}}
    tl.add("patch", f"/api/v1/namespaces/shop/pods/{web_pod}/ephemeralcontainers", ALICE, KUBECTL, ALICE_IP,
           pods_ref("shop", web_pod, "ephemeralcontainers"), status_ok(), latency_ms=16, request=patch,
           response={"kind": "Pod", "apiVersion": "v1", "metadata": {"name": web_pod, "namespace": "shop"},
                     "spec": {"ephemeralContainers": patch["spec"]["ephemeralContainers"]},
                     "status": {"phase": "Running"}}, annotations=ALICE_EDIT)
    tl.wait(2.2)
    tl.add("create", f"/api/v1/namespaces/shop/pods/{web_pod}/attach?container=debugger-7vq5k&stderr=true&stdin=true"
                     "&stdout=true&tty=true", ALICE, KUBECTL, ALICE_IP, pods_ref("shop", web_pod, "attach"),
           status_ok(101), latency_ms=30, stage="ResponseStarted",
           request={"kind": "PodAttachOptions", "apiVersion": "v1", "stdin": True, "stdout": True, "stderr": True,
                    "tty": True, "container": "debugger-7vq5k"}, annotations=ALICE_EDIT)
    tl.end()
    tl.wait(4)

    tl.begin("port-forward", "malicious", "T1572")
    kubectl_get_pod(tl, ALICE, ALICE_IP, "shop", "db-0", ALICE_EDIT)
    tl.add("create", "/api/v1/namespaces/shop/pods/db-0/portforward", ALICE, KUBECTL, ALICE_IP,
           pods_ref("shop", "db-0", "portforward"), status_ok(101), latency_ms=28, stage="ResponseStarted",
           request={"kind": "PodPortForwardOptions", "apiVersion": "v1"}, annotations=ALICE_EDIT)
    tl.end()
    tl.wait(4)

    tl.begin("delete-events", "malicious", "T1070")
    tl.add("delete", f"/api/v1/namespaces/shop/events/{web_pod}.17c2a9f3e08d5b41", ALICE, KUBECTL, ALICE_IP,
           {"resource": "events", "namespace": "shop", "name": f"{web_pod}.17c2a9f3e08d5b41",
            "apiVersion": "v1"}, status_ok(), latency_ms=8,
           request={"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"},
           response={"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                     "details": {"name": f"{web_pod}.17c2a9f3e08d5b41", "kind": "events",
                                 "uid": new_uid()}},
           annotations=ALICE_EDIT)
    tl.wait(1)
    tl.add("deletecollection", "/api/v1/namespaces/default/events", ALICE, KUBECTL, ALICE_IP,
           {"resource": "events", "namespace": "default", "apiVersion": "v1"}, status_ok(), latency_ms=41,
           request={"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"},
           response={"kind": "EventList", "apiVersion": "v1", "metadata": {"resourceVersion": "4513301"},
                     "items": []},
           annotations=ALICE_EDIT)
    tl.end()
    return tl


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen-k8s-audit-demo.py OUT_DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    tl = build()
    with open(out / "audit.jsonl", "w") as f:
        for ev in tl.events:
            f.write(json.dumps(ev, separators=(",", ":")) + "\n")
    with open(out / "labels.tsv", "w") as f:
        f.write("start_ns\tend_ns\tscenario\tkind\texpect\n")
        for row in tl.labels:
            f.write("\t".join(str(x) for x in row) + "\n")
    print(f"{len(tl.events)} events, {len(tl.labels)} scenarios -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
