package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Container, exec, network and image calls of the Engine API on top of a {@link DockerEngineClient}: what the
 * emulator and the response actions need beyond watching. Each method is one engine request (or a few when
 * named so); engine errors surface as {@link DockerApiException} with the engine's message.
 */
public final class DockerContainers {
    private static final long MAX_OUTPUT = 16L * 1024 * 1024;

    private final DockerEngineClient client;

    public DockerContainers(DockerEngineClient client) {
        this.client = client;
    }

    public DockerEngineClient client() {
        return client;
    }

    /** The output of a finished exec or container: stdout, stderr and the exit code. */
    public record Output(String stdout, String stderr, int exitCode) {
    }

    /** A new {@code Config} body for {@link #create}: image and command, nothing else set. */
    public static ObjectNode config(String image, List<String> cmd) {
        ObjectNode c = DockerEngineClient.JSON.createObjectNode().put("Image", image);
        ArrayNode a = c.putArray("Cmd");
        cmd.forEach(a::add);
        c.putObject("HostConfig");
        return c;
    }

    /** {@code POST /containers/create?name=NAME}: the new container's id ({@code name} may be null). */
    public String create(String name, JsonNode config) throws IOException {
        String q = name == null ? "" : "?name=" + DockerEngineClient.enc(name);
        return client.json("POST", client.api("/containers/create" + q), config).path("Id").asText();
    }

    public void start(String id) throws IOException {
        client.text("POST", client.api("/containers/" + DockerEngineClient.enc(id) + "/start"), null);
    }

    /** {@code POST /containers/{id}/wait}: blocks until the container exits; its exit code. */
    public int await(String id) throws IOException {
        try (EngineHttp.Response r = client.open("POST", client.api("/containers/" + DockerEngineClient.enc(id)
                + "/wait"), null, false)) {
            return DockerEngineClient.JSON.readTree(r.text(1 << 20)).path("StatusCode").asInt(-1);
        }
    }

    /** {@code DELETE /containers/{id}?force=1&v=1}; a container already gone is not an error. */
    public boolean remove(String id) throws IOException {
        try {
            client.text("DELETE", client.api("/containers/" + DockerEngineClient.enc(id) + "?force=1&v=1"), null);
            return true;
        } catch (DockerApiException e) {
            if (e.status() == 404 || e.status() == 409) {
                return false;   // gone, or its removal is already in progress (--rm)
            }
            throw e;
        }
    }

    /** True when a container of that name or id exists. */
    public boolean exists(String idOrName) throws IOException {
        try {
            client.inspectRaw(idOrName);
            return true;
        } catch (DockerApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Runs a command in a running container and waits for it: {@code docker exec C CMD...}. */
    public Output exec(String container, List<String> cmd) throws IOException {
        String execId = execCreate(container, cmd, true);
        ObjectNode start = DockerEngineClient.JSON.createObjectNode().put("Detach", false).put("Tty", false);
        byte[] raw;
        try (EngineHttp.Response r = client.open("POST", client.api("/exec/" + execId + "/start"), start, false)) {
            raw = r.bytes(MAX_OUTPUT);
        }
        JsonNode state = client.json("GET", client.api("/exec/" + execId + "/json"), null);
        String[] streams = demultiplex(raw);
        return new Output(streams[0], streams[1], state.path("ExitCode").asInt(-1));
    }

    /** {@code POST /containers/{id}/exec}: the exec's id (attached to stdout and stderr when {@code attach}). */
    public String execCreate(String container, List<String> cmd, boolean attach) throws IOException {
        ObjectNode body = DockerEngineClient.JSON.createObjectNode()
                .put("AttachStdout", attach).put("AttachStderr", attach).put("Tty", false);
        ArrayNode a = body.putArray("Cmd");
        cmd.forEach(a::add);
        return client.json("POST", client.api("/containers/" + DockerEngineClient.enc(container) + "/exec"), body)
                .path("Id").asText();
    }

    /** {@code GET /containers/{id}/logs}: stdout and stderr with timestamps, as text. */
    public String logs(String id, boolean timestamps) throws IOException {
        String path = client.api("/containers/" + DockerEngineClient.enc(id) + "/logs?stdout=1&stderr=1"
                + (timestamps ? "&timestamps=1" : ""));
        byte[] raw;
        try (EngineHttp.Response r = client.open("GET", path, null, true)) {
            raw = r.bytes(MAX_OUTPUT);
        }
        String[] s = demultiplex(raw);
        return s[0] + s[1];
    }

    /** {@code GET /containers/{id}/stats?stream=false}: one sample in the engine's stats shape. */
    public JsonNode stats(String id) throws IOException {
        return client.json("GET", client.api("/containers/" + DockerEngineClient.enc(id) + "/stats?stream=false"),
                null);
    }

    /** {@code GET /networks}: every network (an enumeration call, as {@code docker network ls} makes). */
    public JsonNode networks() throws IOException {
        return client.json("GET", client.api("/networks"), null);
    }

    /** {@code GET /images/json}: the images (as {@code docker images} lists them). */
    public JsonNode images() throws IOException {
        return client.json("GET", client.api("/images/json"), null);
    }

    /** {@code GET /containers/json?all=1&filters=...}: the containers carrying a label ({@code key=value}). */
    public JsonNode listByLabel(String label) throws IOException {
        String filters = DockerEngineClient.JSON.writeValueAsString(java.util.Map.of("label", List.of(label)));
        return client.json("GET", client.api("/containers/json?all=1&filters=" + DockerEngineClient.enc(filters)),
                null);
    }

    /**
     * {@code GET /containers/{id}/stats?stream=1}: one engine stats document per line, about every second, until
     * the container stops or the stream is closed.
     */
    public LineStream statsStream(String id) throws IOException {
        EngineHttp.Response r = client.open("GET", client.api("/containers/" + DockerEngineClient.enc(id)
                + "/stats?stream=1"), null, false);
        return new LineStream(r.body, r);
    }

    /** {@code POST /networks/create}: a user-defined bridge network; its id. */
    public String networkCreate(String name, java.util.Map<String, String> labels) throws IOException {
        ObjectNode body = DockerEngineClient.JSON.createObjectNode().put("Name", name).put("Driver", "bridge")
                .put("CheckDuplicate", true);
        ObjectNode l = body.putObject("Labels");
        labels.forEach(l::put);
        return client.json("POST", client.api("/networks/create"), body).path("Id").asText();
    }

    /**
     * One engine request whose answer is not needed: {@code path} is an API path without the version prefix (see
     * {@link #apiPath}); engine errors throw {@link DockerApiException}.
     */
    public void call(String method, String path, JsonNode body) throws IOException {
        client.text(method, client.api(path), body);
    }

    /** The request path as sent: {@code path} with the negotiated API version prefix ({@code /v1.47/...}). */
    public String apiPath(String path) throws IOException {
        return client.api(path);
    }

    /**
     * {@code POST /networks/{id}/connect} with an {@code EndpointConfig} (aliases, IPAM config, links, driver
     * options; null for none).
     */
    public void networkConnect(String network, String container, JsonNode endpointConfig) throws IOException {
        call("POST", "/networks/" + DockerEngineClient.enc(network) + "/connect",
                connectBody(container, endpointConfig));
    }

    /** The body of a network connect request. */
    public static ObjectNode connectBody(String container, JsonNode endpointConfig) {
        ObjectNode body = DockerEngineClient.JSON.createObjectNode().put("Container", container);
        if (endpointConfig != null && !endpointConfig.isNull()) {
            body.set("EndpointConfig", endpointConfig);
        }
        return body;
    }

    /** {@code GET /networks/{id}}, or null when there is no such network. */
    public JsonNode networkInspect(String idOrName) throws IOException {
        try {
            return client.json("GET", client.api("/networks/" + DockerEngineClient.enc(idOrName)), null);
        } catch (DockerApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** {@code DELETE /networks/{id}}; a network already gone is not an error. */
    public void networkRemove(String idOrName) throws IOException {
        try {
            client.text("DELETE", client.api("/networks/" + DockerEngineClient.enc(idOrName)), null);
        } catch (DockerApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** True when the engine has an image of that reference. */
    public boolean imageExists(String ref) throws IOException {
        try {
            client.json("GET", client.api("/images/" + DockerEngineClient.enc(ref) + "/json"), null);
            return true;
        } catch (DockerApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** {@code POST /images/create?fromSrc=-}: imports a root file system tar as {@code repo:tag}. */
    public void imageImport(byte[] tar, String repo, String tag) throws IOException {
        String path = client.api("/images/create?fromSrc=-&repo=" + DockerEngineClient.enc(repo) + "&tag="
                + DockerEngineClient.enc(tag));
        try (EngineHttp.Response r = client.open("POST", path, "application/x-tar", tar, false)) {
            String progress = r.text(1 << 20);
            if (progress.contains("\"error\"")) {
                throw new IOException("image import failed: " + progress.strip());
            }
        }
    }

    /**
     * Splits the engine's multiplexed stream (8-byte frame headers: stream, 0, 0, 0, big-endian length) into stdout
     * and stderr. A stream without frame headers (a TTY) is returned whole as stdout.
     */
    static String[] demultiplex(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int i = 0;
        while (i + 8 <= raw.length) {
            int kind = raw[i];
            if ((kind != 0 && kind != 1 && kind != 2) || raw[i + 1] != 0 || raw[i + 2] != 0 || raw[i + 3] != 0) {
                return new String[]{new String(raw, StandardCharsets.UTF_8), ""};
            }
            int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8)
                    | (raw[i + 7] & 0xff);
            int end = (int) Math.min(raw.length, (long) i + 8 + len);
            (kind == 2 ? err : out).write(raw, i + 8, end - i - 8);
            i = end;
        }
        if (i < raw.length && i == 0) {
            return new String[]{new String(raw, StandardCharsets.UTF_8), ""};
        }
        return new String[]{out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
