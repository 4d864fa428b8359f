package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.alert.Priority;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Alerts stored the way the daemon stores them (alert plus evidence event), for response tests. */
public final class TestAlerts {
    private TestAlerts() {
    }

    /** Stores an alert of {@code rule} about {@code entity}, whose one evidence event has the entity's fields. */
    public static String store(Store s, String rule, Priority p, long timeNanos, Map<String, String> entity,
                               String source, String summary) throws IOException {
        ObjectNode ev = JsonNodeFactory.instance.objectNode();
        ev.put("t", timeNanos).put("src", source);
        ObjectNode f = ev.putObject("f");
        entity.forEach(f::put);
        ev.putArray("o").add("docker:test").add(timeNanos % 100_000).add(-1);
        Alert a = new Alert(timeNanos, rule, rule, p, List.of("T1057"), List.of("discovery"), null, source, entity,
                summary, List.of(new Evidence("docker:test", timeNanos % 100_000, -1, timeNanos, source, summary)),
                List.of("Isolate the container."), 1, timeNanos, timeNanos, List.of());
        List<JsonNode> events = List.of(ev);
        List<AlertStore.StoredAlert> in = s.alerts().commit(List.of(new AlertStore.NewAlert(a, events)), "test", null);
        return in.get(0).id();
    }

    /** A container-recon-exec alert about a container, as the Docker events give it. */
    public static String recon(Store s, String containerId, String name, String command) throws IOException {
        return store(s, "container-recon-exec", Priority.of("medium"), System.currentTimeMillis() * 1_000_000L,
                ordered("container.id", containerId, "container.name", name, "container.image", "busybox:local",
                        "process.name", command.split(" ")[0], "host.name", "sandbox"),
                "docker_events", "reconnaissance command '" + command + "' run in container " + name);
    }

    /** An entity in the order given (as alerts keep it). */
    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A k8s-exec-into-pod alert about a pod, as the audit log gives it. */
    public static String podExec(Store s, String namespace, String pod) throws IOException {
        return store(s, "k8s-exec-into-pod", Priority.of("medium"), System.currentTimeMillis() * 1_000_000L,
                ordered("orchestrator.namespace", namespace, "orchestrator.resource.type", "pods",
                        "orchestrator.resource.name", pod, "user.name", "mallory"),
                "k8s_audit", "mallory ran 'sh' in pod " + namespace + "/" + pod + " (exec)");
    }
}
