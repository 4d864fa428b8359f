package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Docker Engine as a live input ({@code docker:<engine url>}): an inventory of the running containers, then the
 * engine's event stream.
 *
 * <p>Records: every engine event, as the engine sent it (one JSON document), with source type
 * {@code docker_events}; and the {@code GET /containers/{id}/json} document of each running container with source
 * type {@code docker_inspect} (privileges, mounts, networks, addresses: what events do not carry). A container is
 * inspected when the source (re)connects and when its {@code start} event arrives; its document is appended once
 * per container start ({@code State.StartedAt}), so restarts of Keelwatch or reconnects do not repeat it.
 *
 * <p>Resumption: the offset ({@link DockerOffset}) holds the time of the last appended event, the events appended
 * at exactly that time (the engine's {@code since} is inclusive; those are skipped when replayed) and the
 * containers already inventoried. On a broken stream (engine restart, socket error) the source reconnects with
 * backoff, takes the inventory again and resumes {@code since} that time. The engine replays only the recent events
 * it still holds in memory (a bounded buffer, lost when the engine itself restarts); containers started in a longer
 * gap are still found by the new inventory. On the very first start the stream begins at the current time.
 */
public final class DockerEngineSource implements LiveSource {
    public static final String EVENTS_TYPE = "docker_events";
    public static final String INSPECT_TYPE = "docker_inspect";
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngineSource.class);
    private static final int MAX_BATCH = 500;
    private static final long MIN_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final DockerEngineClient client;
    private final String name;
    private final Object lock = new Object();
    private volatile boolean stopped;
    private volatile LineStream current;
    private volatile long connects;
    private DockerOffset committed;   // the position of the last append (the run thread's)

    public DockerEngineSource(DockerEngineClient client) {
        this.client = client;
        this.name = "docker:" + client.endpoint().url();
    }

    @Override
    public String name() {
        return name;
    }

    /** How many times the event stream was opened (tests, metrics). */
    public long connects() {
        return connects;
    }

    @Override
    public void run(Inbox inbox) throws Exception {
        committed = DockerOffset.parse(inbox.offset(name));
        long backoff = MIN_BACKOFF_MS;
        while (!stopped) {
            try {
                if (committed == null) {
                    DockerOffset first = DockerOffset.start(System.currentTimeMillis() * 1_000_000L);
                    inbox.append(name, List.of(), first.format());
                    committed = first;
                    LOG.info("{}: first start, following events from now", name);
                }
                inventory(inbox);
                try (LineStream events = client.events(committed.since(), null, null)) {
                    current = events;
                    if (stopped) {
                        break;
                    }
                    connects++;
                    backoff = MIN_BACKOFF_MS;
                    follow(inbox, events);
                } finally {
                    current = null;
                }
            } catch (IOException e) {
                if (stopped) {
                    break;
                }
                LOG.warn("{}: {}; reconnecting in {} ms", name, e.getMessage(), backoff);
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** Inspects the running containers; appends the documents of those not yet inventoried at this start. */
    private void inventory(Inbox inbox) throws IOException {
        DockerOffset next = committed.copy();
        List<Inbox.Record> records = new ArrayList<>();
        Set<String> running = new HashSet<>();
        for (JsonNode c : client.listContainers(false)) {
            String id = c.path("Id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            running.add(id);
            inspect(id, next, records);
        }
        boolean pruned = next.retainContainers(running);
        if (!records.isEmpty() || pruned) {
            inbox.append(name, records, next.format());
        }
        committed = next;
    }

    /** Appends events as they come, batching those already received, until the stream breaks or stop(). */
    private void follow(Inbox inbox, LineStream events) throws IOException {
        while (!stopped) {
            String line = events.next();
            if (line == null) {
                throw new EOFException("event stream ended (engine shutting down?)");
            }
            DockerOffset next = committed.copy();
            List<Inbox.Record> records = new ArrayList<>();
            onEvent(line, next, records);
            int n = 1;
            while (n < MAX_BATCH && events.ready() && !stopped) {
                onEvent(events.next(), next, records);
                n++;
            }
            if (!records.isEmpty()) {
                inbox.append(name, records, next.format());
            }
            committed = next;
        }
    }

    private void onEvent(String line, DockerOffset state, List<Inbox.Record> records) throws IOException {
        JsonNode ev;
        try {
            ev = DockerEngineClient.JSON.readTree(line);
        } catch (IOException e) {
            LOG.warn("{}: skipping an event that is not JSON: {}", name, e.getMessage());
            return;
        }
        long time = ev.path("timeNano").asLong(0);
        if (time <= 0) {
            time = ev.path("time").asLong(0) * 1_000_000_000L;
        }
        String type = ev.path("Type").asText("container");
        String id = ev.path("Actor").path("ID").asText(ev.path("id").asText(""));
        String action = ev.path("Action").asText(ev.path("status").asText(""));
        if (!state.accept(time, type + "|" + id + "|" + action)) {
            return; // replayed: appended before
        }
        records.add(new Inbox.Record(EVENTS_TYPE, name + "/events@" + time, line));
        if (type.equals("container") && !id.isEmpty()) {
            if (action.equals("start")) {
                inspect(id, state, records);
            } else if (action.equals("destroy")) {
                state.forgetContainer(id);
            }
        }
    }

    /** Adds the container's inspect document unless this start of it is already inventoried; gone: skipped. */
    private void inspect(String id, DockerOffset state, List<Inbox.Record> records) throws IOException {
        String doc;
        JsonNode node;
        try {
            doc = client.inspectRaw(id);
            node = DockerEngineClient.JSON.readTree(doc);
        } catch (DockerApiException e) {
            if (e.notFound()) {
                return; // removed already (a short-lived --rm container)
            }
            throw e;
        }
        String started = node.path("State").path("StartedAt").asText("");
        if (state.markInventoried(id, started)) {
            if (doc.indexOf('\n') >= 0) {
                doc = DockerEngineClient.JSON.writeValueAsString(node);   // one line per document
            }
            records.add(new Inbox.Record(INSPECT_TYPE, name + "/inspect/" + shortId(id) + "@" + started, doc));
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (!stopped) {
                try {
                    lock.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        LineStream s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing to wake the reader
            }
        }
    }
}
