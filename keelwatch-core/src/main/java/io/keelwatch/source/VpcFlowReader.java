package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;

import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * AWS VPC flow logs: the default version 2 format (14 space-separated fields, no header) and custom formats
 * introduced by a header line naming the fields ({@code version vpc-id subnet-id ... log-status}, as in files
 * delivered to S3). A header may appear again further on (concatenated files). {@code -} means unset.
 *
 * <p>Fields: addresses, ports, {@code network.transport} from the protocol number, bytes and packets,
 * {@code network.connection.state} ACCEPT → established, REJECT → rejected; {@code event.action} = the action
 * in lower case, or {@code nodata} / {@code skipdata} for records with that log-status (they are kept as
 * events: nothing is dropped silently). Time = {@code start} (epoch seconds); a custom format without
 * {@code start} gives time 0 and {@code event.time_estimated=true}. {@code event.duration} = end - start.
 */
public final class VpcFlowReader implements SourceReader {
    public static final String TYPE = "vpcflow";

    static final List<String> DEFAULT_V2 = List.of("version", "account-id", "interface-id", "srcaddr", "dstaddr",
            "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status");
    static final Set<String> KNOWN = Set.of("version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport",
            "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status", "vpc-id", "subnet-id",
            "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr", "region", "az-id", "sublocation-type",
            "sublocation-id", "pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
            "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
            "ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn",
            "ecs-task-arn", "ecs-task-id", "reject-reason", "resource-id", "tgw-id", "tgw-attachment-id",
            "tgw-src-vpc-id", "tgw-dst-vpc-id", "tgw-src-subnet-id", "tgw-dst-subnet-id", "tgw-src-eni",
            "tgw-dst-eni", "tgw-pair-attachment-id", "packets-lost-no-route", "packets-lost-blackhole",
            "packets-lost-mtu-exceeded", "packets-lost-ttl-expired");
    private static final Set<String> NUMERIC = Set.of("version", "srcport", "dstport", "protocol", "packets",
            "bytes", "start", "end", "tcp-flags", "traffic-path", "packets-lost-no-route", "packets-lost-blackhole",
            "packets-lost-mtu-exceeded", "packets-lost-ttl-expired");
    private static final Columns DEFAULT_COLUMNS = columns(DEFAULT_V2);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "AWS VPC flow logs, default (v2) and custom formats with a header line";
    }

    @Override
    public int sniff(Head head) {
        int good = 0;
        int bad = 0;
        for (String l : head.lines()) {
            String[] t = Columns.splitBlanks(l);
            if (t.length == 0) {
                continue;
            }
            if (good + bad == 0 && isHeader(t)) {
                return knownCount(t) >= 5 ? 95 : 0;
            }
            if (looksDefault(t)) {
                good++;
            } else if (good == 0) {
                return 0;          // the first record must be a clear default-format one
            } else {
                bad++;
            }
        }
        return good > 0 && good >= 2 * bad ? 90 : 0;
    }

    static boolean isHeader(String[] t) {
        return t.length > 0 && canonical(t[0]).equals("version");
    }

    private static int knownCount(String[] t) {
        int n = 0;
        for (String s : t) {
            n += KNOWN.contains(canonical(s)) ? 1 : 0;
        }
        return n;
    }

    private static boolean looksDefault(String[] t) {
        return t.length == 14 && t[0].matches("\\d{1,2}") && (t[1].matches("\\d{12}") || t[1].equals("-"))
                && (t[2].startsWith("eni-") || t[2].equals("-"))
                && (ValueParsers.looksLikeIp(t[3]) || t[3].equals("-"))
                && (ValueParsers.looksLikeIp(t[4]) || t[4].equals("-"))
                && Set.of("OK", "NODATA", "SKIPDATA").contains(t[13]);
    }

    /** Header names as AWS writes them in different places (hyphens or underscores). */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Columns columns(List<String> names) {
        List<Function<String, JsonNode>> types = new ArrayList<>();
        for (String n : names) {
            types.add(NUMERIC.contains(canonical(n)) ? Columns::integer : Columns::text);
        }
        return new Columns(names, types, Set.of("-"));
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new LineEventStream(in, ctx) {
            private Columns header;

            @Override
            protected void onLine(String line, long lineNo) {
                String[] t = Columns.splitBlanks(line);
                if (t.length == 0) {
                    return;
                }
                if (isHeader(t)) {
                    header = columns(Arrays.asList(t));
                    return;
                }
                Columns cols = header;
                if (cols == null) {
                    if (t.length != DEFAULT_V2.size()) {
                        ctx.reject(lineNo, "no header line names the fields, and the record does not have the 14 fields"
                                + " of the default format (found " + t.length + ")");
                        return;
                    }
                    cols = DEFAULT_COLUMNS;
                }
                emit(toEvent(cols.record(t), Origin.of(ctx.file(), lineNo)));
            }
        };
    }

    static Event toEvent(ObjectNode raw, Origin origin) {
        ObjectNode r = canonicalView(raw);
        String status = text(r, "log-status");
        String action = text(r, "action");
        String eventAction;
        if ("NODATA".equals(status) || "SKIPDATA".equals(status)) {
            eventAction = status.toLowerCase(Locale.ROOT);
        } else {
            eventAction = action == null ? "flow" : action.toLowerCase(Locale.ROOT);
        }
        EventBuilder b = Event.builder(TYPE).origin(origin).raw(raw)
                .put(Fields.EVENT_KIND, "flow")
                .put(Fields.EVENT_ACTION, eventAction)
                .put(Fields.SOURCE_IP, ip(r, "srcaddr"))
                .put(Fields.DEST_IP, ip(r, "dstaddr"))
                .put(Fields.SOURCE_PORT, port(r, "srcport"))
                .put(Fields.DEST_PORT, port(r, "dstport"))
                .put(Fields.NETWORK_BYTES, number(r, "bytes"))
                .put(Fields.NETWORK_PACKETS, number(r, "packets"))
                .put(Fields.CONTAINER_ID, text(r, "ecs-container-id"));
        Long proto = number(r, "protocol");
        if (proto != null) {
            b.put(Fields.NETWORK_TRANSPORT, ValueParsers.transport(proto));
        }
        if ("ACCEPT".equals(action)) {
            b.put(Fields.NETWORK_STATE, "established");
        } else if ("REJECT".equals(action)) {
            b.put(Fields.NETWORK_STATE, "rejected");
        }
        String dir = text(r, "flow-direction");
        if ("ingress".equals(dir) || "egress".equals(dir)) {
            b.put(Fields.NETWORK_DIRECTION, dir);
        }
        Long start = number(r, "start");
        Long end = number(r, "end");
        Long at = start != null ? start : end;
        if (at == null) {
            ValueParsers.timeUnknown(b);
        } else {
            b.time(Math.multiplyExact(at, 1_000_000_000L));
        }
        if (start != null && end != null && end >= start) {
            b.put(Fields.EVENT_DURATION, Math.multiplyExact(end - start, 1_000_000_000L));
        }
        return b.build();
    }

    /** The record keyed by canonical names (hyphens, lower case), for lookups only. */
    private static ObjectNode canonicalView(ObjectNode raw) {
        ObjectNode v = raw.objectNode();
        raw.properties().forEach(e -> v.set(canonical(e.getKey()), e.getValue()));
        return v;
    }

    private static String text(JsonNode r, String key) {
        JsonNode v = r.get(key);
        return v == null ? null : v.asText();
    }

    private static String ip(JsonNode r, String key) {
        String s = text(r, key);
        if (s != null && !ValueParsers.looksLikeIp(s)) {
            throw new IllegalArgumentException(key + ": not an IP address '" + ValueParsers.abbreviate(s) + "'");
        }
        return s;
    }

    private static Long number(JsonNode r, String key) {
        JsonNode v = r.get(key);
        return v == null ? null : v.asLong();
    }

    private static Long port(JsonNode r, String key) {
        Long p = number(r, key);
        if (p != null && (p < 0 || p > 65535)) {
            throw new IllegalArgumentException(key + ": port out of range " + p);
        }
        return p;
    }
}
