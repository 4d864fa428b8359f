package io.keelwatch.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Times;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded generator of realistic corpora for benchmarks: Kubernetes audit events in the mix a real cluster
 * produces (mostly get/list/watch by controllers and kubelets, some human kubectl, a few attacks), Docker
 * events, flows (Zeek conn.log JSON) and docker stats lines. The same seed gives the same files.
 */
public final class CorpusGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SYSTEM_USERS = {"system:kube-controller-manager", "system:kube-scheduler",
            "system:serviceaccount:kube-system:replicaset-controller", "system:serviceaccount:kube-system:endpointslice-controller",
            "system:serviceaccount:kube-system:coredns", "system:apiserver"};
    private static final String[] RESOURCES = {"pods", "endpoints", "configmaps", "leases", "nodes", "services",
            "replicasets", "deployments", "events", "endpointslices", "secrets"};
    private static final String[] VERBS = {"get", "list", "watch", "watch", "get", "update", "patch"};
    private static final String[] NAMESPACES = {"default", "kube-system", "shop", "payments", "monitoring", "ci-runner"};
    private static final String[] HUMANS = {"alice", "bob", "carol"};

    private final SplittableRandom rnd;
    private long t;

    public CorpusGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
        this.t = 1_795_000_000_000_000_000L;
    }

    /** Writes {@code auditEvents} Kubernetes audit lines to {@code dir/audit.jsonl}; returns the file. */
    public Path writeAudit(Path dir, long auditEvents) throws IOException {
        Path f = dir.resolve("audit.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            for (long i = 0; i < auditEvents; i++) {
                t += 50_000 + rnd.nextInt(200_000);
                w.write(auditEvent().toString());
                w.write('\n');
            }
        }
        return f;
    }

    /** Writes Docker events, flows and stats lines of about {@code n} records in all. */
    public List<Path> writeDocker(Path dir, long n) throws IOException {
        Path ev = dir.resolve("docker-events.jsonl");
        Path flows = dir.resolve("conn.log");
        Path stats = dir.resolve("stats.jsonl");
        try (BufferedWriter we = Files.newBufferedWriter(ev); BufferedWriter wf = Files.newBufferedWriter(flows);
             BufferedWriter ws = Files.newBufferedWriter(stats)) {
            for (long i = 0; i < n; i++) {
                t += 100_000 + rnd.nextInt(400_000);
                int kind = rnd.nextInt(10);
                if (kind < 5) {
                    wf.write(flow().toString());
                    wf.write('\n');
                } else if (kind < 8) {
                    we.write(dockerEvent().toString());
                    we.write('\n');
                } else {
                    ws.write(stats().toString());
                    ws.write('\n');
                }
            }
        }
        return List.of(ev, flows, stats);
    }

    private ObjectNode auditEvent() {
        int roll = rnd.nextInt(1000);
        String user;
        String verb;
        String resource;
        String ns = NAMESPACES[rnd.nextInt(NAMESPACES.length)];
        String agent;
        String sub = null;
        String uri;
        if (roll < 900) {
            user = rnd.nextInt(3) == 0 ? "system:node:worker-" + rnd.nextInt(50) : SYSTEM_USERS[rnd.nextInt(SYSTEM_USERS.length)];
            verb = VERBS[rnd.nextInt(VERBS.length)];
            resource = RESOURCES[rnd.nextInt(RESOURCES.length)];
            agent = "kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505/system:serviceaccount:kube-system:generic";
        } else {
            user = HUMANS[rnd.nextInt(HUMANS.length)];
            verb = roll < 990 ? (rnd.nextBoolean() ? "get" : "list") : "create";
            resource = "pods";
            agent = "kubectl/v1.30.2 (linux/amd64) kubernetes/39683505";
            if (roll >= 990 && roll < 996) {
                sub = "exec";
            }
        }
        String name = resource + "-" + rnd.nextInt(500);
        uri = "/api/v1/namespaces/" + ns + "/" + resource + (verb.equals("list") || verb.equals("watch") ? "" : "/" + name)
                + (sub == null ? "" : "/exec?command=" + (rnd.nextBoolean() ? "netstat&command=-tuln" : "ps") + "&container=app&stdout=true");
        ObjectNode e = JSON.createObjectNode();
        e.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1").put("level", "Metadata")
                .put("auditID", new UUID(rnd.nextLong(), rnd.nextLong()).toString())
                .put("stage", sub != null ? "ResponseStarted" : "ResponseComplete")
                .put("requestURI", uri).put("verb", verb);
        ObjectNode u = e.putObject("user");
        u.put("username", user);
        u.putArray("groups").add("system:authenticated");
        e.putArray("sourceIPs").add("10.0." + rnd.nextInt(4) + "." + rnd.nextInt(250));
        e.put("userAgent", agent);
        ObjectNode ref = e.putObject("objectRef");
        ref.put("resource", resource).put("namespace", ns).put("apiVersion", "v1");
        if (!verb.equals("list") && !verb.equals("watch")) {
            ref.put("name", name);
        }
        if (sub != null) {
            ref.put("subresource", sub);
        }
        e.putObject("responseStatus").put("code", sub != null ? 101 : 200);
        if (verb.equals("create") && sub == null) {
            ObjectNode pod = e.putObject("requestObject");
            pod.put("kind", "Pod").put("apiVersion", "v1");
            pod.putObject("metadata").put("name", name).put("namespace", ns);
            ArrayNode cs = pod.putObject("spec").putArray("containers");
            ObjectNode c = cs.addObject().put("name", "app").put("image", rnd.nextInt(4) == 0 ? "alpine:3.20" : "registry.example/shop/app:1.4");
            if (rnd.nextInt(20) == 0) {
                c.putObject("securityContext").put("privileged", true);
            }
        }
        String ts = Times.format(t);
        e.put("requestReceivedTimestamp", ts).put("stageTimestamp", ts);
        return e;
    }

    private ObjectNode dockerEvent() {
        String id = Long.toHexString(rnd.nextLong() | 1L << 63) + Long.toHexString(rnd.nextLong() | 1L << 63)
                + Long.toHexString(rnd.nextLong() | 1L << 63) + Long.toHexString(rnd.nextLong() | 1L << 63);
        String[] actions = {"create", "start", "die", "destroy", "exec_create: true", "exec_start: true",
                "exec_create: netstat -tuln", "health_status: healthy"};
        String action = actions[rnd.nextInt(actions.length)];
        ObjectNode e = JSON.createObjectNode();
        e.put("Type", "container").put("Action", action);
        ObjectNode actor = e.putObject("Actor");
        actor.put("ID", id);
        actor.putObject("Attributes").put("image", "busybox:local").put("name", "c" + rnd.nextInt(2000));
        e.put("scope", "local").put("time", t / 1_000_000_000L).put("timeNano", t);
        return e;
    }

    private ObjectNode flow() {
        ObjectNode f = JSON.createObjectNode();
        f.put("ts", (t / 1_000_000_000L) + "." + String.format("%06d", (t / 1000) % 1_000_000));
        f.put("uid", "C" + Long.toHexString(rnd.nextLong()));
        f.put("id.orig_h", "172.19.0." + (2 + rnd.nextInt(40)));
        f.put("id.orig_p", 30000 + rnd.nextInt(30000));
        f.put("id.resp_h", "172.19.0." + (2 + rnd.nextInt(40)));
        f.put("id.resp_p", new int[]{5432, 8080, 443, 6379, 3306}[rnd.nextInt(5)]);
        f.put("proto", "tcp");
        f.put("duration", rnd.nextDouble());
        f.put("orig_bytes", rnd.nextInt(4000));
        f.put("resp_bytes", rnd.nextInt(40000));
        f.put("conn_state", rnd.nextInt(50) == 0 ? "REJ" : "SF");
        return f;
    }

    private ObjectNode stats() {
        ObjectNode s = JSON.createObjectNode();
        String id = Long.toHexString(rnd.nextLong() | 1L << 63).substring(0, 12);
        s.put("BlockIO", "0B / 0B").put("CPUPerc", String.format("%.2f%%", rnd.nextDouble() * 5))
                .put("Container", id).put("ID", id).put("MemPerc", "0.10%").put("MemUsage", "5MiB / 1GiB")
                .put("Name", "c" + rnd.nextInt(2000)).put("NetIO", "1kB / 2kB").put("PIDs", "3");
        return s;
    }
}
