package io.keelwatch.live;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Docker Engine with an event log: {@code /events} replays the logged events at or after {@code since}
 * (inclusive, as dockerd does) and then follows new ones; containers can be listed and inspected.
 */
final class FakeDocker implements Closeable {
    final FakeEngine engine;
    final Map<String, String> running = new ConcurrentHashMap<>();   // id -> StartedAt
    private final List<String> log = new ArrayList<>();
    final List<String> sinces = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeDocker(Path socket) throws IOException {
        engine = new FakeEngine(socket, this::handle);
    }

    static String event(long timeNano, String id, String action) {
        return "{\"status\":\"" + action + "\",\"id\":\"" + id + "\",\"from\":\"busybox\",\"Type\":\"container\","
                + "\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"" + id + "\",\"Attributes\":{\"name\":\"n-"
                + id + "\"}},\"scope\":\"local\",\"time\":" + timeNano / 1_000_000_000L + ",\"timeNano\":" + timeNano + "}";
    }

    synchronized void emit(String event) {
        log.add(event);
        notifyAll();
    }

    /** The i-th event, waiting for it while the connection is open; null when it closed. */
    private synchronized String eventAt(int i, FakeEngine.Exchange x) throws InterruptedException {
        while (log.size() <= i) {
            if (!x.isOpen()) {
                return null;
            }
            wait(200);
        }
        return log.get(i);
    }

    private void handle(FakeEngine.Exchange x) throws Exception {
        if (x.path.equals("/version")) {
            x.reply(200, "{\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}");
        } else if (x.path.equals("/v1.41/containers/json")) {
            StringBuilder sb = new StringBuilder("[");
            running.keySet().forEach(id -> sb.append(sb.length() > 1 ? "," : "").append("{\"Id\":\"").append(id).append("\"}"));
            x.reply(200, sb.append("]").toString());
        } else if (x.path.startsWith("/v1.41/containers/") && x.path.endsWith("/json")) {
            String id = x.path.substring("/v1.41/containers/".length(), x.path.length() - "/json".length());
            String started = running.get(id);
            if (started == null) {
                x.reply(404, "{\"message\":\"No such container: " + id + "\"}");
            } else {
                x.reply(200, "{\"Id\":\"" + id + "\",\"Name\":\"/n-" + id + "\",\"State\":{\"Running\":true,\"StartedAt\":\""
                        + started + "\"},\"Config\":{\"Image\":\"busybox\"},\"HostConfig\":{\"Binds\":[\"/var/run/docker.sock:/var/run/docker.sock\"]}}\n");
            }
        } else if (x.path.equals("/v1.41/events")) {
            String since = x.query.get("since");
            sinces.add(since);
            long from = since == null ? 0 : new BigDecimal(since).movePointRight(9).longValueExact();
            x.startChunked();
            for (int i = 0; ; i++) {
                String e = eventAt(i, x);
                if (e == null) {
                    return;
                }
                long t = Long.parseLong(e.replaceAll(".*\"timeNano\":(\\d+).*", "$1"));
                if (t >= from) {
                    x.chunk(e + "\n");
                }
            }
        } else {
            x.reply(404, "{\"message\":\"not here\"}");
        }
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
