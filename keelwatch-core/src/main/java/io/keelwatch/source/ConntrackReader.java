package io.keelwatch.source;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Netfilter connection tracking lines: {@code conntrack -E} events, with or without {@code -o timestamp} and
 * {@code -o extended} ({@code [1431084592.123456] [NEW] ipv4 2 tcp 6 120 SYN_SENT src=.. dst=.. sport=..
 * dport=.. [UNREPLIED] src=.. ...}), and {@code conntrack -L} / {@code /proc/net/nf_conntrack} lines (no event
 * type).
 *
 * <p>The original tuple gives source and destination; {@code event.action} is the event type in lower case
 * ({@code new}, {@code update}, {@code destroy}) or {@code list} for a listing line. State: {@code [UNREPLIED]}
 * → unanswered; TCP entries that are {@code [ASSURED]} or in ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK,
 * TIME_WAIT → established; TCP CLOSE without {@code [ASSURED]} → rejected (reset before it was set up); other
 * TCP states → other; non-TCP entries with a reply → established. The TCP state is kept native. Lines without a
 * timestamp get time 0 and {@code event.time_estimated=true}, like {@code docker stats} lines.
 *
 * <p>Raw record: {@code timestamp, type, l3proto, proto, protonum, timeout, state, original{src,dst,sport,
 * dport,...}, reply{...}, flags[...]} and the remaining key=value pairs ({@code mark}, {@code use}, {@code id},
 * {@code zone}, ...).
 */
public final class ConntrackReader implements SourceReader {
    public static final String TYPE = "conntrack";
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(\\[\\d+(\\.\\d+)?]\\s+)?(\\[[A-Z]+]\\s+)?((ipv4|ipv6|unknown)\\s+\\d+\\s+)?[a-z][a-z0-9-]*\\s+\\d+\\s.*"
                    + "\\bsrc=\\S+\\s+dst=\\S+.*");
    private static final Set<String> TUPLE_KEYS = Set.of("src", "dst", "sport", "dport", "type", "code", "packets",
            "bytes");
    private static final Set<String> TCP_UP = Set.of("ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "conntrack -E events (-o timestamp,extended) and conntrack -L / nf_conntrack lines";
    }

    @Override
    public int sniff(Head head) {
        int good = 0;
        int bad = 0;
        for (String l : head.lines()) {
            if (l.isBlank() || l.startsWith("conntrack v")) {
                continue;
            }
            if (LINE.matcher(l).matches()) {
                good++;
            } else if (good == 0) {
                return 0;          // the first line must be a clear conntrack entry
            } else {
                bad++;
            }
        }
        return good > 0 && good >= 2 * bad ? 90 : 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new LineEventStream(in, ctx) {
            @Override
            protected void onLine(String line, long lineNo) {
                if (line.isBlank() || line.startsWith("conntrack v")) {
                    return;  // blank, or the tool's closing summary ("... flow entries have been shown.")
                }
                emit(parse(line, Origin.of(ctx.file(), lineNo)));
            }
        };
    }

    /** Splits on blanks; a bracketed group ({@code [start=Fri May  8 ...]}) stays one token. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            if (line.charAt(i) == '[') {
                int close = line.indexOf(']', i);
                i = close < 0 ? n : close + 1;
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
            }
            out.add(line.substring(start, i));
        }
        return out;
    }

    static Event parse(String line, Origin origin) {
        List<String> t = tokens(line);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode raw = f.objectNode();
        int i = 0;
        Long time = null;
        if (i < t.size() && t.get(i).matches("\\[\\d+(\\.\\d+)?]")) {
            String ts = t.get(i++);
            raw.put("timestamp", ts.substring(1, ts.length() - 1));
            time = Times.ofEpochSecondsText(ts.substring(1, ts.length() - 1));
        }
        String type = null;
        if (i < t.size() && t.get(i).matches("\\[[A-Z]+]")) {
            type = t.get(i).substring(1, t.get(i).length() - 1);
            raw.put("type", type);
            i++;
        }
        if (i + 1 < t.size() && t.get(i).matches("ipv4|ipv6|unknown") && t.get(i + 1).matches("\\d+")) {
            raw.put("l3proto", t.get(i));
            i += 2;
        }
        if (i + 1 >= t.size() || !t.get(i).matches("[a-z][a-z0-9-]*") || !t.get(i + 1).matches("\\d{1,3}")) {
            throw new IllegalArgumentException("expected a protocol name and number, found '"
                    + ValueParsers.abbreviate(i < t.size() ? t.get(i) : "") + "'");
        }
        String proto = t.get(i);
        raw.put("proto", proto);
        raw.put("protonum", Long.parseLong(t.get(i + 1)));
        i += 2;
        if (i < t.size() && t.get(i).matches("\\d{1,18}")) {
            raw.put("timeout", Long.parseLong(t.get(i++)));
        }
        String state = null;
        if (i < t.size() && t.get(i).matches("[A-Z][A-Z0-9_]*")) {
            state = t.get(i++);
            raw.put("state", state);
        }
        ObjectNode orig = f.objectNode();
        ObjectNode reply = f.objectNode();
        ArrayNode flags = f.arrayNode();
        ObjectNode tuple = orig;
        boolean afterTuples = false;
        boolean icmp = proto.startsWith("icmp");
        for (; i < t.size(); i++) {
            String tok = t.get(i);
            if (tok.startsWith("[")) {
                String inner = tok.substring(1, tok.endsWith("]") ? tok.length() - 1 : tok.length());
                int eq = inner.indexOf('=');
                if (eq > 0) {
                    raw.put(inner.substring(0, eq), inner.substring(eq + 1));
                } else {
                    flags.add(inner);
                }
                if (tuple == reply && reply.has("src")) {
                    afterTuples = true;
                }
                continue;
            }
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("unexpected '" + ValueParsers.abbreviate(tok) + "' (expected key=value)");
            }
            String key = tok.substring(0, eq);
            String value = tok.substring(eq + 1);
            if (key.equals("src") && tuple == orig && orig.has("src") && !afterTuples) {
                tuple = reply;
            }
            boolean inTuple = !afterTuples && !(tuple == reply && reply.has(key))
                    && (TUPLE_KEYS.contains(key) || key.equals("id") && icmp && !tuple.has("id"));
            if (inTuple) {
                if (value.matches("\\d{1,18}") && !key.equals("src") && !key.equals("dst")) {
                    tuple.put(key, Long.parseLong(value));
                } else {
                    tuple.put(key, value);
                }
            } else {
                afterTuples |= tuple == reply;
                raw.put(key, value);
            }
        }
        if (!orig.has("src") || !orig.has("dst")) {
            throw new IllegalArgumentException("no original tuple (src= and dst=)");
        }
        raw.set("original", orig);
        if (!reply.isEmpty()) {
            raw.set("reply", reply);
        }
        if (!flags.isEmpty()) {
            raw.set("flags", flags);
        }
        String src = orig.get("src").asText();
        String dst = orig.get("dst").asText();
        if (!ValueParsers.looksLikeIp(src) || !ValueParsers.looksLikeIp(dst)) {
            throw new IllegalArgumentException("original tuple: not an IP address in src=" + ValueParsers.abbreviate(src)
                    + " dst=" + ValueParsers.abbreviate(dst));
        }
        EventBuilder b = Event.builder(TYPE).origin(origin).raw(raw)
                .put(Fields.EVENT_KIND, "flow")
                .put(Fields.EVENT_ACTION, type == null ? "list" : type.toLowerCase(Locale.ROOT))
                .put(Fields.SOURCE_IP, src)
                .put(Fields.DEST_IP, dst)
                .put(Fields.SOURCE_PORT, ValueParsers.port("sport", orig.path("sport").asText(null)))
                .put(Fields.DEST_PORT, ValueParsers.port("dport", orig.path("dport").asText(null)))
                .put(Fields.NETWORK_TRANSPORT, proto.equals("icmpv6") ? "ipv6-icmp" : proto)
                .put(Fields.NETWORK_PACKETS, sum(orig, reply, "packets"))
                .put(Fields.NETWORK_BYTES, sum(orig, reply, "bytes"))
                .put(Fields.NETWORK_STATE, state(proto, state, flags, !reply.isEmpty()));
        if (time == null) {
            ValueParsers.timeUnknown(b);
        } else {
            b.time(time);
        }
        return b.build();
    }

    static String state(String proto, String tcpState, ArrayNode flags, boolean hasReply) {
        boolean unreplied = false;
        boolean assured = false;
        for (var fl : flags) {
            unreplied |= fl.asText().equals("UNREPLIED");
            assured |= fl.asText().equals("ASSURED");
        }
        if (unreplied) {
            return "unanswered";
        }
        if (!proto.equals("tcp")) {
            return hasReply ? "established" : "other";
        }
        if (assured || tcpState != null && TCP_UP.contains(tcpState)) {
            return "established";
        }
        if ("CLOSE".equals(tcpState)) {
            return "rejected";
        }
        return "other";
    }

    private static Long sum(ObjectNode a, ObjectNode b, String key) {
        if (!a.path(key).isNumber() && !b.path(key).isNumber()) {
            return null;
        }
        return a.path(key).asLong(0) + b.path(key).asLong(0);
    }
}
