package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.Locale;

/**
 * Cilium Hubble flows as {@code hubble observe -o json} writes them ({@code {"flow":{...},"node_name":..,
 * "time":..}}), or bare flow objects (the raw document is then wrapped as {@code {"flow":{...}}} so native
 * paths such as {@code flow.verdict} or {@code flow.source.labels} are the same for both).
 *
 * <p>Fields: addresses from {@code flow.IP}, ports and transport from {@code flow.l4} (TCP, UDP, SCTP, ICMPv4,
 * ICMPv6), {@code event.action} = the verdict in lower case, {@code network.connection.state}: FORWARDED →
 * established, DROPPED and ERROR → dropped, others → other. The source endpoint's pod goes into
 * {@code orchestrator.namespace} / {@code orchestrator.resource.name}, the destination's into
 * {@code destination.orchestrator.*}; the node into {@code host.name} and {@code orchestrator.node}. Addresses
 * are as observed: in a reply flow ({@code is_reply}) the source is the server. {@code lost_events} records
 * become events with that action, so that lost flows are visible.
 */
public final class HubbleFlowReader implements SourceReader {
    public static final String TYPE = "hubble";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Cilium Hubble flows (hubble observe -o json): addresses, ports, verdict, pod identities";
    }

    @Override
    public int sniff(Head head) {
        if (head.firstChar() != '{' && head.firstChar() != '[') {
            return 0;
        }
        String first = head.firstNonBlank();
        String t = head.text();
        boolean wrapped = first.startsWith("{\"flow\"") || first.matches("^\\{\\s*\"flow\"\\s*:\\s*\\{.*");
        if (wrapped && t.contains("\"verdict\"")) {
            return 95;
        }
        if (t.contains("\"verdict\"") && (t.contains("\"IP\"") || t.contains("\"l4\""))
                && (t.contains("\"event_type\"") || t.contains("\"traffic_direction\""))) {
            return 85;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new JsonRecordStream(in, ctx) {
            @Override
            protected void onRecord(JsonNode record, Origin origin) {
                emit(toEvent(record, origin));
            }
        };
    }

    static Event toEvent(JsonNode r, Origin origin) {
        JsonNode flow = r.get("flow");
        JsonNode raw = r;
        if (flow == null && (r.has("verdict") || r.has("IP") && r.has("l4"))) {
            flow = r;
            ObjectNode wrap = JsonRecordStream.MAPPER.createObjectNode();
            wrap.set("flow", r);
            raw = wrap;
        }
        if (flow == null) {
            for (String other : new String[]{"lost_events", "node_status"}) {
                if (r.path(other).isObject()) {
                    EventBuilder b = Event.builder(TYPE).origin(origin).raw(r)
                            .put(Fields.EVENT_KIND, "log")
                            .put(Fields.EVENT_ACTION, other)
                            .put(Fields.HOST_NAME, text(r, "node_name"));
                    time(b, text(r, "time"));
                    return b.build();
                }
            }
            throw new IllegalArgumentException("not a Hubble flow record (no flow object)");
        }
        if (!flow.isObject()) {
            throw new IllegalArgumentException("flow: expected an object");
        }
        String node = text(r, "node_name");
        if (node == null) {
            node = text(flow, "node_name");
        }
        String time = text(r, "time");
        if (time == null) {
            time = text(flow, "time");
        }
        String verdict = text(flow, "verdict");
        EventBuilder b = Event.builder(TYPE).origin(origin).raw(raw)
                .put(Fields.EVENT_KIND, "flow")
                .put(Fields.EVENT_ACTION, verdict == null ? "flow" : verdict.toLowerCase(Locale.ROOT))
                .put(Fields.NETWORK_STATE, state(verdict))
                .put(Fields.HOST_NAME, node)
                .put(Fields.ORCH_NODE, node)
                .put(Fields.MESSAGE, text(flow, "Summary"));
        time(b, time);
        JsonNode ip = flow.path("IP");
        b.put(Fields.SOURCE_IP, text(ip, "source"));
        b.put(Fields.DEST_IP, text(ip, "destination"));
        l4(b, flow.path("l4"));

        JsonNode src = flow.path("source");
        String srcPod = text(src, "pod_name");
        b.put(Fields.ORCH_NAMESPACE, text(src, "namespace"));
        b.put(Fields.ORCH_RESOURCE_TYPE, srcPod == null ? null : "pod");
        b.put(Fields.ORCH_RESOURCE_NAME, srcPod);
        JsonNode dst = flow.path("destination");
        b.put(Fields.DEST_ORCH_NAMESPACE, text(dst, "namespace"));
        b.put(Fields.DEST_ORCH_RESOURCE_NAME, text(dst, "pod_name"));

        String dir = text(flow, "traffic_direction");
        if (dir != null && (dir.equals("INGRESS") || dir.equals("EGRESS"))) {
            b.put(Fields.NETWORK_DIRECTION, dir.toLowerCase(Locale.ROOT));
        }
        JsonNode http = flow.path("l7").path("http");
        if (http.isObject()) {
            b.put(Fields.HTTP_METHOD, text(http, "method"));
            b.put(Fields.URL_ORIGINAL, text(http, "url"));
            JsonNode code = http.get("code");
            if (code != null && code.canConvertToLong() && code.asLong() > 0) {
                b.put(Fields.HTTP_STATUS, code.asLong());
            }
        }
        return b.build();
    }

    private static void l4(EventBuilder b, JsonNode l4) {
        String[][] kinds = {{"TCP", "tcp"}, {"UDP", "udp"}, {"SCTP", "sctp"}, {"ICMPv4", "icmp"},
            {"ICMPv6", "ipv6-icmp"}};
        for (String[] k : kinds) {
            JsonNode n = l4.get(k[0]);
            if (n != null && n.isObject()) {
                b.put(Fields.NETWORK_TRANSPORT, k[1]);
                b.put(Fields.SOURCE_PORT, port(n, "source_port"));
                b.put(Fields.DEST_PORT, port(n, "destination_port"));
                return;
            }
        }
    }

    private static Long port(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 65535 || !v.isNumber()) {
            throw new IllegalArgumentException("l4 " + member + ": not a port: " + ValueParsers.abbreviate(v.toString()));
        }
        return v.asLong();
    }

    private static void time(EventBuilder b, String time) {
        if (time == null) {
            throw new IllegalArgumentException("no time: neither time nor flow.time is set");
        }
        b.time(Times.parse(time));
    }

    /** Verdict to the normalized flow state. */
    static String state(String verdict) {
        if (verdict == null) {
            return null;
        }
        return switch (verdict) {
            case "FORWARDED" -> "established";
            case "DROPPED", "ERROR" -> "dropped";
            default -> "other";
        };
    }

    private static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        return v == null || v.isNull() || v.isContainerNode() || v.asText().isEmpty() ? null : v.asText();
    }
}
