package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.live.DockerApiException;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.store.Responses;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Response actions on a Docker container through the Engine API. Each action is planned from the container's
 * current state ({@code GET /containers/ID/json}) as a {@link ResponsePlan}: isolate disconnects the container
 * from every network it is attached to and records each network with its endpoint configuration (aliases, IPAM
 * config, links, driver options); release reconnects exactly the networks the last isolation recorded, with that
 * configuration, and unpauses a paused container; pause and stop do what they say. A container already in the
 * asked-for state gives an empty plan (a no-op).
 */
public final class DockerResponder {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> ENDPOINT_KEYS = List.of("IPAMConfig", "Links", "Aliases", "DriverOpts");

    private final DockerContainers docker;
    private final Responses recorded;
    private final int stopTimeoutSeconds;

    public DockerResponder(DockerContainers docker, Responses recorded, int stopTimeoutSeconds) {
        this.docker = docker;
        this.recorded = recorded;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    /** {@code GET /containers/ID/json}; a container that does not exist is an IOException saying so. */
    public JsonNode inspect(String container) throws IOException {
        try {
            return docker.client().inspect(container);
        } catch (DockerApiException e) {
            if (e.status() == 404) {
                throw new IOException("no container " + container + " on " + docker.client().endpoint().url(), e);
            }
            throw e;
        }
    }

    public static String targetKey(JsonNode inspect) {
        return "docker:" + inspect.path("Id").asText();
    }

    /** The plan of {@code action} (isolate, release, pause or stop) for the container as it is now. */
    public ResponsePlan plan(ResponseAction action, String container) throws IOException {
        JsonNode c = inspect(container);
        String id = c.path("Id").asText();
        ResponsePlan p = new ResponsePlan(action.label(), targetKey(c));
        p.details().put("container", c.path("Name").asText().replaceFirst("^/", ""));
        JsonNode state = c.path("State");
        boolean running = state.path("Running").asBoolean();
        boolean paused = state.path("Paused").asBoolean();
        String status = state.path("Status").asText("unknown");
        switch (action) {
            case ISOLATE -> isolate(p, c, id);
            case RELEASE -> release(p, c, id, paused);
            case PAUSE -> {
                if (paused) {
                    p.noop("already paused");
                } else if (!running) {
                    throw new IOException("container is not running (" + status + "): nothing to pause");
                } else {
                    p.step(post(id, "pause", post(id, "unpause", null))).done("paused");
                }
            }
            case STOP -> {
                if (!running) {
                    p.noop("already stopped (" + status + ")");
                } else {
                    if (paused) {
                        p.step(post(id, "unpause", post(id, "pause", null)));
                    }
                    p.step(post(id, "stop?t=" + stopTimeoutSeconds, null)).done("stopped");
                }
            }
            default -> throw new IllegalArgumentException(action.label() + " is not planned for Docker");
        }
        return p;
    }

    private void isolate(ResponsePlan p, JsonNode c, String id) throws IOException {
        String mode = c.path("HostConfig").path("NetworkMode").asText("");
        if (mode.equals("host")) {
            throw new IOException("container uses the host's network (--network host): disconnecting cannot "
                    + "isolate it; pause or stop it instead");
        }
        if (mode.startsWith("container:")) {
            throw new IOException("container shares the network of " + mode + ": isolate that container instead");
        }
        ArrayNode rec = p.details().putArray("networks");
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("NetworkSettings").path("Networks").fields();
             it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            if (n.getKey().equals("none")) {
                continue;
            }
            JsonNode ep = n.getValue();
            String net = ep.path("NetworkID").asText(n.getKey());
            ObjectNode cfg = F.objectNode();
            for (String k : ENDPOINT_KEYS) {
                JsonNode v = ep.get(k);
                if (v != null && !v.isNull() && !v.isEmpty()) {
                    cfg.set(k, v);
                }
            }
            rec.addObject().put("name", n.getKey()).put("id", net).put("ip_address", ep.path("IPAddress").asText())
                    .set("endpoint_config", cfg);
            names.add(n.getKey());
            p.step(disconnect(net, id, connect(net, id, cfg, null)));
        }
        if (names.isEmpty()) {
            p.noop("already isolated: attached to no network");
        }
        p.done("disconnected from " + String.join(", ", names));
    }

    private void release(ResponsePlan p, JsonNode c, String id, boolean paused) throws IOException {
        Responses.Action iso = recorded.latest(ResponseAction.ISOLATE.label(), p.target(), Set.of("done"));
        Set<String> attached = new HashSet<>();
        c.path("NetworkSettings").path("Networks").fields().forEachRemaining(n -> {
            attached.add(n.getKey());
            attached.add(n.getValue().path("NetworkID").asText());
        });
        List<String> names = new ArrayList<>();
        ArrayNode restored = p.details().putArray("networks");
        if (iso != null) {
            p.details().put("isolation_action", iso.id());
            for (JsonNode n : iso.result().path("networks")) {
                String net = n.path("id").asText();
                if (attached.contains(net) || attached.contains(n.path("name").asText())) {
                    continue;
                }
                restored.add(n);
                names.add(n.path("name").asText());
                p.step(connect(net, id, n.path("endpoint_config"), disconnect(net, id, null)));
            }
        }
        if (paused) {
            p.step(post(id, "unpause", post(id, "pause", null)));
        }
        if (iso == null && !paused) {
            p.noop("nothing to release: no isolation recorded for this container and it is not paused");
        } else {
            p.noop("already released: attached to every network the isolation recorded");
        }
        p.done((names.isEmpty() ? "" : "reconnected to " + String.join(", ", names))
                + (paused ? (names.isEmpty() ? "" : "; ") + "unpaused" : ""));
    }

    private ResponsePlan.Step post(String id, String verb, ResponsePlan.Step undo) throws IOException {
        String path = "/containers/" + id + "/" + verb;
        return new ResponsePlan.Step("POST " + docker.apiPath(path), null, () -> docker.call("POST", path, null),
                undo);
    }

    private ResponsePlan.Step disconnect(String net, String id, ResponsePlan.Step undo) throws IOException {
        String path = "/networks/" + net + "/disconnect";
        ObjectNode body = F.objectNode().put("Container", id).put("Force", false);
        return new ResponsePlan.Step("POST " + docker.apiPath(path), body.toString(),
                () -> docker.call("POST", path, body), undo);
    }

    private ResponsePlan.Step connect(String net, String id, JsonNode cfg, ResponsePlan.Step undo) throws IOException {
        String path = "/networks/" + net + "/connect";
        ObjectNode body = DockerContainers.connectBody(id, cfg == null || cfg.isEmpty() ? null : cfg);
        return new ResponsePlan.Step("POST " + docker.apiPath(path), body.toString(),
                () -> docker.call("POST", path, body), undo);
    }

    /** Adds the container's inspect output, logs, file system changes and, when asked, its exported file system. */
    public void collect(EvidenceBundle b, JsonNode inspect, boolean export) {
        String id = inspect.path("Id").asText();
        b.add("container/inspect.json", () -> docker.client().inspectRaw(id).getBytes(StandardCharsets.UTF_8));
        b.add("container/logs.txt", () -> docker.logs(id, true).getBytes(StandardCharsets.UTF_8));
        b.add("container/changes.json", () -> docker.client().changes(id).toPrettyString()
                .getBytes(StandardCharsets.UTF_8));
        if (export) {
            b.addStream("container/filesystem.tar", () -> docker.client().export(id));
        }
    }
}
