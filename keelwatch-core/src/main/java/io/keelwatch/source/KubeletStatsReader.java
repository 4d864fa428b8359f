package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;

/**
 * kubelet {@code /stats/summary} JSON: a document with {@code node} and {@code pods[]} (pretty-printed, or one
 * summary per line when polled). One event per container of each pod.
 *
 * <p>Fields: {@code host.name} and {@code orchestrator.node} from {@code node.nodeName}; the pod as
 * {@code orchestrator.namespace} / {@code orchestrator.resource.name} (type {@code pod}); {@code container.name};
 * {@code container.cpu.nanocores} ({@code usageNanoCores}) and {@code container.cpu.pct} = nanocores / 1e7, a
 * percent of one core; {@code container.memory.usage.bytes} = {@code workingSetBytes}; time = {@code cpu.time}
 * (else {@code memory.time}, else the pod's network time). The raw document of each event keeps the native
 * shape with only that pod and container: {@code {"node":{"nodeName":..},"pods":[{..,"containers":[{..}]}]}},
 * so native paths such as {@code pods.containers.memory.rssBytes} work.
 */
public final class KubeletStatsReader implements SourceReader {
    public static final String TYPE = "kubelet_stats";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "kubelet /stats/summary JSON: one metric event per pod container";
    }

    @Override
    public int sniff(Head head) {
        if (head.firstChar() != '{') {
            return 0;
        }
        String t = head.text();
        boolean node = t.contains("\"node\"") && t.contains("\"nodeName\"");
        boolean pods = t.contains("\"pods\"") || t.contains("\"podRef\"");
        boolean stats = t.contains("\"usageNanoCores\"") || t.contains("\"workingSetBytes\"")
                || t.contains("\"systemContainers\"");
        if (node && stats) {
            return pods ? 95 : 85;
        }
        return node && pods ? 60 : 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new JsonRecordStream(in, ctx) {
            @Override
            protected void onRecord(JsonNode record, Origin origin) {
                JsonNode node = record.path("node");
                JsonNode pods = record.get("pods");
                if (!node.isObject() && pods == null) {
                    throw new IllegalArgumentException("not a kubelet stats summary (no node or pods member)");
                }
                if (pods != null && !pods.isArray() && !pods.isNull()) {
                    throw new IllegalArgumentException("pods: expected an array, found " + kind(pods));
                }
                String nodeName = node.path("nodeName").isTextual() ? node.get("nodeName").asText() : null;
                if (pods == null || pods.isNull()) {
                    return;   // a summary of a node without pods has no container to report
                }
                int item = 0;
                for (JsonNode pod : pods) {
                    JsonNode containers = pod.path("containers");
                    if (!pod.isObject() || !(containers.isArray() || containers.isMissingNode() || containers.isNull())) {
                        ctx.reject(Origin.item(ctx.file(), origin.line(), item++),
                                "pods[]: expected a pod object with a containers array");
                        continue;
                    }
                    for (JsonNode c : containers) {
                        Origin o = Origin.item(ctx.file(), origin.line(), item++);
                        try {
                            emit(toEvent(nodeName, pod, c, o));
                        } catch (RuntimeException ex) {
                            ctx.reject(o, LineEventStream.describe(ex));
                        }
                    }
                }
            }
        };
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static Event toEvent(String nodeName, JsonNode pod, JsonNode c, Origin origin) {
        if (!c.isObject()) {
            throw new IllegalArgumentException("containers[]: expected an object, found " + kind(c));
        }
        JsonNode ref = pod.path("podRef");
        ObjectNode raw = JsonRecordStream.MAPPER.createObjectNode();
        ObjectNode rawNode = raw.putObject("node");
        if (nodeName != null) {
            rawNode.put("nodeName", nodeName);
        }
        ObjectNode rawPod = raw.putArray("pods").addObject();
        pod.properties().forEach(f -> {
            if (!f.getKey().equals("containers")) {
                rawPod.set(f.getKey(), f.getValue());
            }
        });
        ArrayNode only = rawPod.putArray("containers");
        only.add(c);

        EventBuilder b = Event.builder(TYPE).origin(origin).raw(raw)
                .put(Fields.EVENT_KIND, "metric")
                .put(Fields.EVENT_ACTION, "stats")
                .put(Fields.HOST_NAME, nodeName)
                .put(Fields.ORCH_NODE, nodeName)
                .put(Fields.ORCH_NAMESPACE, textOrNull(ref.path("namespace")))
                .put(Fields.ORCH_RESOURCE_TYPE, "pod")
                .put(Fields.ORCH_RESOURCE_NAME, textOrNull(ref.path("name")))
                .put(Fields.CONTAINER_NAME, textOrNull(c.path("name")));
        Long nano = count(c.path("cpu"), "usageNanoCores");
        if (nano != null) {
            b.put(Fields.CONTAINER_CPU_NANOCORES, nano);
            b.put(Fields.CONTAINER_CPU_PCT, nano / 1e7);
        }
        b.put(Fields.CONTAINER_MEMORY_BYTES, count(c.path("memory"), "workingSetBytes"));
        String time = textOrNull(c.path("cpu").path("time"));
        if (time == null) {
            time = textOrNull(c.path("memory").path("time"));
        }
        if (time == null) {
            time = textOrNull(pod.path("network").path("time"));
        }
        if (time == null) {
            ValueParsers.timeUnknown(b);
        } else {
            b.time(Times.parse(time));
        }
        return b.build();
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static Long count(JsonNode parent, String member) {
        JsonNode v = parent.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(member + ": expected a number, found " + ValueParsers.abbreviate(v.toString()));
        }
        return v.longValue();
    }
}
