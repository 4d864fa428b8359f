package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small Docker Engine API client: HTTP/1.1 spoken by hand over the engine's Unix socket (JDK Unix-domain socket
 * channels) or TCP/TLS, one connection per request. The API version is negotiated once: the server's
 * {@code ApiVersion} from {@code GET /version}, capped at {@link #MAX_API_VERSION} (the newest shape the readers were
 * written against), or {@code DOCKER_API_VERSION} when set. Calls other than the streaming ones give up after the
 * request timeout (the connection is closed under them). Thread-safe.
 */
public final class DockerEngineClient {
    public static final String MAX_API_VERSION = "1.47";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 64L * 1024 * 1024;
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final DockerEndpoint endpoint;
    private final long timeoutMillis;
    private volatile String apiVersion;

    public DockerEngineClient(DockerEndpoint endpoint) {
        this(endpoint, 30_000, System.getenv("DOCKER_API_VERSION"));
    }

    /** {@code apiVersion} null or empty: negotiate on first use. */
    public DockerEngineClient(DockerEndpoint endpoint, long timeoutMillis, String apiVersion) {
        this.endpoint = endpoint;
        this.timeoutMillis = timeoutMillis;
        this.apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.strip();
    }

    public static DockerEngineClient fromEnvironment() throws IOException {
        return new DockerEngineClient(DockerEndpoint.fromEnvironment());
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** {@code GET /_ping}: true when the engine answers OK. */
    public boolean ping() throws IOException {
        try (EngineHttp.Response r = call("GET", "/_ping", null)) {
            return r.status == 200 && r.text(1024).strip().equals("OK");
        }
    }

    /** {@code GET /version} (unversioned path). */
    public JsonNode version() throws IOException {
        return json("GET", "/version", null);
    }

    /** The API version used in request paths, negotiating it on first use. */
    public String apiVersion() throws IOException {
        String v = apiVersion;
        if (v == null) {
            JsonNode ver = version();
            String server = ver.path("ApiVersion").asText("");
            v = server.isEmpty() ? "1.24" : min(server, MAX_API_VERSION);
            String lowest = ver.path("MinAPIVersion").asText("");
            if (!lowest.isEmpty() && compare(lowest, v) > 0) {
                v = lowest;
            }
            apiVersion = v;
        }
        return v;
    }

    /** {@code GET /containers/json}: running containers, or all with {@code all}. */
    public JsonNode listContainers(boolean all) throws IOException {
        return json("GET", api("/containers/json" + (all ? "?all=1" : "")), null);
    }

    /** {@code GET /containers/{id}/json} as the engine sent it (one JSON document); 404 throws. */
    public String inspectRaw(String id) throws IOException {
        return text("GET", api("/containers/" + enc(id) + "/json"), null).strip();
    }

    public JsonNode inspect(String id) throws IOException {
        return JSON.readTree(inspectRaw(id));
    }

    /** {@code GET /info}. */
    public JsonNode info() throws IOException {
        return json("GET", api("/info"), null);
    }

    /** {@code GET /containers/{id}/changes}: the file system diff of a container. */
    public JsonNode changes(String id) throws IOException {
        return json("GET", api("/containers/" + enc(id) + "/changes"), null);
    }

    public void pause(String id) throws IOException {
        text("POST", api("/containers/" + enc(id) + "/pause"), null);
    }

    public void unpause(String id) throws IOException {
        text("POST", api("/containers/" + enc(id) + "/unpause"), null);
    }

    /** {@code POST /containers/{id}/stop?t=SECONDS}. */
    public void stop(String id, int graceSeconds) throws IOException {
        text("POST", api("/containers/" + enc(id) + "/stop?t=" + graceSeconds), null);
    }

    /** Detaches a container from a network ({@code force}: even when it is not running). */
    public void networkDisconnect(String network, String container, boolean force) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("Container", container).put("Force", force);
        text("POST", api("/networks/" + enc(network) + "/disconnect"), body);
    }

    public void networkConnect(String network, String container) throws IOException {
        text("POST", api("/networks/" + enc(network) + "/connect"), JSON.createObjectNode().put("Container", container));
    }

    /**
     * {@code GET /containers/{id}/export}: the container's file system as a tar stream; the caller reads and closes
     * it (no timeout applies).
     */
    public InputStream export(String id) throws IOException {
        EngineHttp.Response r = open("GET", api("/containers/" + enc(id) + "/export"), null, false);
        return new java.io.FilterInputStream(r.body) {
            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }

    /**
     * {@code GET /events}: engine events as JSON lines, from {@code since} (Unix time in nanoseconds, or null for
     * now) to {@code until} (null: endless), filtered ({@code {"type":["container"]}}; null for all). The stream
     * first replays the engine's buffer of recent events at or after {@code since} (the engine keeps a bounded
     * number of them, and none across its own restart), then follows live.
     */
    public LineStream events(Long since, Long until, Map<String, List<String>> filters) throws IOException {
        StringBuilder q = new StringBuilder();
        if (since != null) {
            q.append("&since=").append(timestamp(since));
        }
        if (until != null) {
            q.append("&until=").append(timestamp(until));
        }
        if (filters != null && !filters.isEmpty()) {
            q.append("&filters=").append(enc(JSON.writeValueAsString(filters)));
        }
        String path = api("/events") + (q.length() > 0 ? "?" + q.substring(1) : "");
        EngineHttp.Response r = open("GET", path, null, false);
        return new LineStream(r.body, r);
    }

    /** Unix nanoseconds as the engine's {@code SECONDS.NANOSECONDS} timestamp. */
    static String timestamp(long nanos) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        long n = Math.floorMod(nanos, 1_000_000_000L);
        return s + "." + String.format("%09d", n);
    }

    String api(String path) throws IOException {
        return "/v" + apiVersion() + path;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode json(String method, String path, JsonNode body) throws IOException {
        return JSON.readTree(text(method, path, body));
    }

    String text(String method, String path, JsonNode body) throws IOException {
        try (EngineHttp.Response r = call(method, path, body)) {
            return r.text(MAX_BODY);
        }
    }

    /** A bounded call: the response, body unread, with a watchdog that closes the connection on timeout. */
    private EngineHttp.Response call(String method, String path, JsonNode body) throws IOException {
        return open(method, path, body, true);
    }

    EngineHttp.Response open(String method, String path, JsonNode body, boolean bounded) throws IOException {
        return open(method, path, null, body == null ? null : JSON.writeValueAsBytes(body), bounded);
    }

    /** A request with a raw body of the given content type (null: JSON); bounded calls time out. */
    EngineHttp.Response open(String method, String path, String contentType, byte[] bytes, boolean bounded)
            throws IOException {
        DockerEndpoint.Transport t = endpoint.connect((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        ScheduledFuture<?> dog = null;
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        if (bounded && timeoutMillis > 0) {
            dog = WATCHDOG.schedule(() -> {
                timedOut.set(true);
                try {
                    t.close();
                } catch (IOException ignored) {
                    // closing to end a hung call
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ScheduledFuture<?> watch = dog;
        java.io.Closeable closer = () -> {
            if (watch != null) {
                watch.cancel(false);
            }
            t.close();
        };
        EngineHttp.Response r;
        try {
            r = EngineHttp.exchange(t.in(), t.out(), closer, method, path, endpoint.hostHeader(), contentType, bytes);
        } catch (IOException | RuntimeException e) {
            closer.close();
            if (timedOut.get()) {
                throw new IOException(method + " " + path + ": no answer within " + timeoutMillis + " ms", e);
            }
            throw e;
        }
        if (r.status >= 400) {
            String msg;
            try (r) {
                String text = r.text(1 << 20);
                JsonNode err = text.startsWith("{") ? JSON.readTree(text) : null;
                msg = err != null && err.hasNonNull("message") ? err.get("message").asText() : text.strip();
            } catch (IOException e) {
                msg = r.reason;
            }
            throw new DockerApiException(r.status, method + " " + path + ": " + r.status + " " + msg);
        }
        return r;
    }

    /** Compares dotted versions numerically (1.9 < 1.10). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String min(String a, String b) {
        return compare(a, b) <= 0 ? a : b;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setDaemon(true);
            t.setName("docker-client-watchdog");
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }
}
