package io.keelwatch.bench;

import io.keelwatch.event.Event;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.InputFile;
import io.keelwatch.source.K8sAuditReader;
import io.keelwatch.source.ReadContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Kubernetes audit lines in the mix of the bench command's corpus (controllers reading, a few kubectl execs). */
final class AuditLines {
    private static final String[] USERS = {"system:kube-controller-manager", "system:node:worker-3",
            "system:serviceaccount:kube-system:replicaset-controller", "alice", "system:serviceaccount:shop:app"};
    private static final String[] VERBS = {"get", "list", "watch", "update", "patch", "create"};
    private static final String[] RESOURCES = {"pods", "endpoints", "configmaps", "leases", "nodes", "secrets"};

    private AuditLines() {
    }

    static List<String> lines(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(n);
        long t = 1_795_000_000L;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(2);
            String verb = VERBS[rnd.nextInt(VERBS.length)];
            String res = RESOURCES[rnd.nextInt(RESOURCES.length)];
            boolean exec = rnd.nextInt(100) == 0;
            String ts = java.time.Instant.ofEpochSecond(t, rnd.nextInt(1_000_000) * 1000L).toString();
            out.add("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\""
                    + new java.util.UUID(rnd.nextLong(), rnd.nextLong()) + "\",\"stage\":\""
                    + (exec ? "ResponseStarted" : "ResponseComplete") + "\",\"requestURI\":\"/api/v1/namespaces/shop/"
                    + res + (exec ? "/web-1/exec?command=ps&container=app" : "/x-" + i) + "\",\"verb\":\""
                    + (exec ? "create" : verb) + "\",\"user\":{\"username\":\"" + USERS[rnd.nextInt(USERS.length)]
                    + "\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.0." + rnd.nextInt(250)
                    + "\"],\"userAgent\":\"kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505\","
                    + "\"objectRef\":{\"resource\":\"" + (exec ? "pods" : res) + "\",\"namespace\":\"shop\",\"name\":\""
                    + (exec ? "web-1" : "x-" + i) + "\",\"apiVersion\":\"v1\"" + (exec ? ",\"subresource\":\"exec\"" : "")
                    + "},\"responseStatus\":{\"code\":" + (exec ? 101 : 200) + "},\"requestReceivedTimestamp\":\"" + ts
                    + "\",\"stageTimestamp\":\"" + ts + "\"}");
        }
        return out;
    }

    /** The lines read by the audit reader. */
    static List<Event> events(List<String> lines) {
        List<Event> out = new ArrayList<>(lines.size());
        try (EventStream s = read(String.join("\n", lines))) {
            Event e;
            while ((e = s.next()) != null) {
                out.add(e);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The events of the lines in {@code text}, read from its UTF-8 bytes as from a file. */
    static EventStream read(String text) throws IOException {
        return read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The events of the lines in {@code utf8}, read as from a file. */
    static EventStream read(byte[] utf8) throws IOException {
        return new K8sAuditReader().open(InputFile.readerOf(new java.io.ByteArrayInputStream(utf8)),
                new ReadContext("bench", K8sAuditReader.TYPE, Diagnostics.silent()));
    }
}
