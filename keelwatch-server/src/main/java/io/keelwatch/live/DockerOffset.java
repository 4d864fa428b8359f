package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The resumable position of a {@link DockerEngineSource}, stored as the inbox offset (compact JSON):
 * {@code {"since":TIME_NANO,"at":["Type|ID|Action",...],"seen":{"SHORT_ID":"STARTED_AT",...}}}.
 * {@code since} is the time of the last appended event (the next stream starts there), {@code at} the events
 * appended at exactly that time (the stream replays them; they are skipped), {@code seen} the containers whose
 * inspect document was appended, by start time (bounded by the running containers: entries go with
 * {@code destroy} events and with each new inventory).
 */
final class DockerOffset {
    private long since;
    private final Set<String> at;
    private final Map<String, String> seen;

    private DockerOffset(long since, Set<String> at, Map<String, String> seen) {
        this.since = since;
        this.at = at;
        this.seen = seen;
    }

    static DockerOffset start(long nowNanos) {
        return new DockerOffset(nowNanos, new LinkedHashSet<>(), new LinkedHashMap<>());
    }

    /** The offset of an earlier run, or null for none (or an unreadable one: started afresh, with a warning). */
    static DockerOffset parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode n = DockerEngineClient.JSON.readTree(text);
            if (!n.path("since").canConvertToLong()) {
                return null;
            }
            Set<String> at = new LinkedHashSet<>();
            n.path("at").forEach(k -> at.add(k.asText()));
            Map<String, String> seen = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("seen").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                seen.put(e.getKey(), e.getValue().asText());
            }
            return new DockerOffset(n.path("since").asLong(), at, seen);
        } catch (IOException e) {
            return null;
        }
    }

    String format() {
        ObjectNode n = DockerEngineClient.JSON.createObjectNode();
        n.put("since", since);
        at.forEach(n.putArray("at")::add);
        ObjectNode s = n.putObject("seen");
        seen.forEach(s::put);
        return n.toString();
    }

    DockerOffset copy() {
        return new DockerOffset(since, new LinkedHashSet<>(at), new LinkedHashMap<>(seen));
    }

    long since() {
        return since;
    }

    /**
     * Takes an event (time, identity) into the position: false for an event already appended (replayed at exactly
     * the committed time); true, moving the position forward, for a new one. The engine replays nothing older than
     * {@code since}; an older event is taken as it is (an engine clock that stepped back) without moving back.
     */
    boolean accept(long time, String key) {
        if (time == since && at.contains(key)) {
            return false;
        }
        if (time < since) {
            return true;
        }
        if (time > since) {
            since = time;
            at.clear();
        }
        at.add(key);
        return true;
    }

    /** Records that this start of a container is inventoried; false when it already was. */
    boolean markInventoried(String id, String startedAt) {
        return !startedAt.equals(seen.put(shortId(id), startedAt));
    }

    void forgetContainer(String id) {
        seen.remove(shortId(id));
    }

    /** Keeps only the given running containers; true when some were dropped. */
    boolean retainContainers(Set<String> runningIds) {
        Set<String> keep = new LinkedHashSet<>();
        runningIds.forEach(id -> keep.add(shortId(id)));
        return seen.keySet().retainAll(keep);
    }

    boolean inventoried(String id) {
        return seen.containsKey(shortId(id));
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
