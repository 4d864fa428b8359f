package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Responses;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes a response action about a stored alert: finds what the alert is about ({@link Target}), plans the action
 * against Docker ({@link DockerResponder}) or Kubernetes ({@link KubernetesResponder}) or collects evidence
 * ({@link EvidenceBundle}), sends it (not in a dry run) and records the result in the store with who asked and
 * when. The clients are created on first use. One action at a time.
 */
public final class Responder implements AutoCloseable {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Creates a client when first needed. */
    @FunctionalInterface
    public interface Factory<T> {
        T create() throws IOException;
    }

    /**
     * @param dryRun      plan only: read the current state, send no change, record nothing
     * @param who         recorded as who took the action
     * @param out         the evidence bundle's path (null: {@code keelwatch-evidence-ID-TIME.tar.gz} in
     *                    {@code outDir})
     * @param outDir      where bundles go when {@code out} is null (null: the working directory)
     * @param export      evidence: include the container's whole file system ({@code docker export})
     * @param window      evidence: other alerts about the same container or pod within this long of the alert
     * @param stopTimeout stop: seconds the container gets to exit before it is killed
     */
    public record Options(boolean dryRun, String who, Path out, Path outDir, boolean export, Duration window,
                          int stopTimeout) {
        public static Options of(String who) {
            return new Options(false, who, null, null, false, Duration.ofMinutes(30), 10);
        }

        public Options dryRun(boolean d) {
            return new Options(d, who, out, outDir, export, window, stopTimeout);
        }

        public Options out(Path o, Path dir) {
            return new Options(dryRun, who, o, dir, export, window, stopTimeout);
        }

        public Options evidence(boolean exp, Duration win) {
            return new Options(dryRun, who, out, outDir, exp, win, stopTimeout);
        }

        public Options stopTimeout(int seconds) {
            return new Options(dryRun, who, out, outDir, export, window, seconds);
        }
    }

    /** An action that does not apply to what the alert is about (a usage error, nothing recorded). */
    public static final class NotApplicable extends IllegalArgumentException {
        public NotApplicable(String message) {
            super(message);
        }
    }

    private final Store store;
    private final Factory<DockerContainers> dockerFactory;
    private final Factory<KubernetesClient> kubeFactory;
    private DockerContainers docker;
    private KubernetesClient kube;

    public Responder(Store store, Factory<DockerContainers> docker, Factory<KubernetesClient> kube) {
        this.store = store;
        this.dockerFactory = docker;
        this.kubeFactory = kube;
    }

    /**
     * Takes {@code action} about the alert {@code alertId} (an id or unique prefix) and records the result (not in
     * a dry run). A failure of the action is a result (outcome failed, recorded), not an exception.
     *
     * @throws IllegalArgumentException no such alert
     * @throws NotApplicable            the action does not apply to the alert's container or pod
     */
    public synchronized ActionResult respond(String alertId, ResponseAction action, Options o) throws IOException {
        AlertStore.Details d = store.alerts().details(alertId);
        String id = d.alert().id();
        Target t = Target.of(d.alert().json(), d.evidenceEvents());
        if (t == null) {
            throw new NotApplicable("alert " + id + " names no container or pod: there is nothing to act on");
        }
        if (!action.appliesTo(t.kind())) {
            throw new NotApplicable(action.label() + " does not apply to a " + (t.kind() == Target.Kind.DOCKER
                    ? "Docker container" : "Kubernetes pod") + " (the alert is about " + t.describe() + ")");
        }
        String key = t.kind() == Target.Kind.DOCKER ? "docker:" + t.container() : KubernetesResponder.targetKey(t);
        ActionResult r;
        try {
            if (action == ResponseAction.EVIDENCE) {
                r = evidence(d, t, o);
            } else {
                ResponsePlan p = t.kind() == Target.Kind.DOCKER
                        ? new DockerResponder(docker(), store.responses(), o.stopTimeout()).plan(action, t.container())
                        : new KubernetesResponder(kube()).plan(action, t, id);
                r = o.dryRun() ? p.planned() : p.execute();
            }
        } catch (IOException | RuntimeException e) {
            r = ActionResult.failed(action.label(), key, ResponsePlan.message(e));
        }
        if (!o.dryRun()) {
            store.alerts().recordAction(id, action.label(), o.who(), r.toJson());
        }
        return r;
    }

    private ActionResult evidence(AlertStore.Details d, Target t, Options o) throws IOException {
        String id = d.alert().id();
        Path out = o.out() != null ? o.out() : (o.outDir() == null ? Path.of("") : o.outDir())
                .resolve("keelwatch-evidence-" + id.substring(0, 12) + "-" + STAMP.format(Instant.now()) + ".tar.gz");
        String key = t.kind() == Target.Kind.DOCKER ? "docker:" + t.container() : KubernetesResponder.targetKey(t);
        if (o.dryRun()) {
            ObjectNode det = F.objectNode().put("out", out.toString());
            det.putArray("parts").add(t.kind() == Target.Kind.DOCKER ? "container inspect, logs, changes"
                    + (o.export() ? ", file system export" : "") : "pod manifest, container logs, events")
                    .add("the alert, its evidence events, alerts about the same target within " + o.window());
            return new ActionResult("evidence", key, ActionResult.Outcome.PLANNED,
                    "dry run: would write an evidence bundle to " + out, det);
        }
        List<Map<String, String>> same = new ArrayList<>();
        try (EvidenceBundle b = new EvidenceBundle()) {
            if (t.kind() == Target.Kind.DOCKER) {
                same.add(Map.of("container.id", t.container()));
                same.add(Map.of("container.name", t.container()));
                try {
                    DockerResponder dr = new DockerResponder(docker(), store.responses(), o.stopTimeout());
                    JsonNode c = dr.inspect(t.container());
                    key = DockerResponder.targetKey(c);
                    same.add(Map.of("container.id", c.path("Id").asText()));
                    same.add(Map.of("container.name", c.path("Name").asText().replaceFirst("^/", "")));
                    dr.collect(b, c, o.export());
                } catch (IOException | RuntimeException e) {
                    b.missing("container/inspect.json", ResponsePlan.message(e));
                }
            } else {
                Map<String, String> pod = new LinkedHashMap<>();
                pod.put("orchestrator.namespace", t.namespace());
                pod.put("orchestrator.resource.name", t.pod());
                same.add(pod);
                try {
                    new KubernetesResponder(kube()).collect(b, t);
                } catch (IOException | RuntimeException e) {
                    b.missing("pod/pod.yaml", ResponsePlan.message(e));
                }
            }
            fromStore(b, d, same, o.window());
            ObjectNode header = F.objectNode().put("format", "keelwatch-evidence/1").put("alert_id", id)
                    .put("rule", d.alert().rule()).put("target", key).put("created", Instant.now().toString())
                    .put("created_by", o.who()).put("window", o.window().toString());
            EvidenceBundle.Written w = b.write(out, "keelwatch-" + id.substring(0, 12), header);
            ObjectNode det = F.objectNode().put("path", w.path().toAbsolutePath().toString()).put("size", w.size())
                    .put("sha256", w.sha256()).put("files", w.manifest().path("files").size());
            det.set("missing", w.manifest().path("missing"));
            return new ActionResult("evidence", key, ActionResult.Outcome.DONE, "evidence bundle written to "
                    + w.path() + " (" + w.manifest().path("files").size() + " files"
                    + (w.manifest().path("missing").isEmpty() ? "" : ", " + w.manifest().path("missing").size()
                    + " could not be collected") + ")", det);
        }
    }

    /** The alert with its triage and actions, its evidence events, and the alerts about the same target. */
    private void fromStore(EvidenceBundle b, AlertStore.Details d, List<Map<String, String>> same, Duration window)
            throws IOException {
        String id = d.alert().id();
        ObjectNode alert = d.alert().json().deepCopy();
        ArrayNode tri = alert.putArray("triage");
        d.history().forEach(h -> tri.addObject().put("status", h.status()).put("reason", h.reason())
                .put("who", h.who()).put("at", Instant.ofEpochMilli(h.at()).toString()));
        ArrayNode acts = alert.putArray("actions");
        for (Responses.Action a : store.responses().forAlert(id)) {
            acts.add(actionJson(a));
        }
        b.add("alert.json", () -> alert.toPrettyString().getBytes(StandardCharsets.UTF_8));
        b.add("alert-events.jsonl", () -> lines(d.evidenceEvents()));
        List<JsonNode> related = new ArrayList<>();
        for (Responses.Related r : store.responses().around(d.alert().timeNanos(), window.toNanos(), same, 500)) {
            if (!r.alert().id().equals(id)) {
                ObjectNode o = r.alert().json().deepCopy();
                ArrayNode ev = o.putArray("evidence_events");
                r.evidenceEvents().forEach(e -> ev.add(e == null ? F.nullNode() : e));
                related.add(o);
            }
        }
        b.add("related-alerts.jsonl", () -> lines(related));
    }

    /** A recorded action as shown with an alert: {@code {id, action, who, at, result}}. */
    public static ObjectNode actionJson(Responses.Action a) {
        ObjectNode o = F.objectNode().put("id", a.id()).put("action", a.action()).put("who", a.who())
                .put("at", Instant.ofEpochMilli(a.at()).toString());
        o.set("result", a.result() == null ? F.nullNode() : a.result());
        return o;
    }

    private static byte[] lines(List<JsonNode> nodes) {
        StringBuilder sb = new StringBuilder();
        nodes.forEach(n -> sb.append(n == null ? "null" : n.toString()).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private synchronized DockerContainers docker() throws IOException {
        if (docker == null) {
            docker = dockerFactory.create();
        }
        return docker;
    }

    private synchronized KubernetesClient kube() throws IOException {
        if (kube == null) {
            kube = kubeFactory.create();
        }
        return kube;
    }

    @Override
    public synchronized void close() {
        if (kube != null) {
            kube.close();
        }
    }
}
