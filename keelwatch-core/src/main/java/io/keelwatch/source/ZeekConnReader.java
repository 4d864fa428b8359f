package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.Reader;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Zeek {@code conn.log}: the TSV form with its {@code #separator}/{@code #fields}/{@code #types} header (which
 * may start again after {@code #close}, as when logs are concatenated), and the JSON form (one object per line,
 * keys such as {@code id.orig_h}). Times are read without floating-point loss.
 *
 * <p>{@code network.connection.state} from {@code conn_state} (kept native too): SF, S1, S2, S3, RSTO, RSTR
 * (a connection that was established, whatever ended it) → established; REJ → rejected; S0 → unanswered;
 * OTH, SH, SHR, RSTOS0, RSTRH and anything else → other. {@code network.bytes} counts IP bytes both ways
 * ({@code orig_ip_bytes + resp_ip_bytes}, else payload bytes), {@code network.packets} both ways,
 * {@code event.duration} in nanoseconds.
 */
public final class ZeekConnReader implements SourceReader {
    public static final String TYPE = "zeek_conn";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Zeek conn.log, TSV with its #fields header or JSON lines";
    }

    @Override
    public int sniff(Head head) {
        boolean separator = false;
        boolean conn = false;
        boolean otherPath = false;
        int jsonConn = 0;
        int jsonOther = 0;
        for (String l : head.lines()) {
            if (l.startsWith("#separator")) {
                separator = true;
            } else if (l.startsWith("#path")) {
                String v = l.substring(5).strip();
                conn |= v.equals("conn");
                otherPath |= !v.equals("conn");
            } else if (l.startsWith("#fields") && l.contains("id.orig_h") && l.contains("conn_state")) {
                conn = true;
            } else if (l.strip().startsWith("{")) {
                if (l.contains("\"id.orig_h\"") && l.contains("\"conn_state\"")) {
                    jsonConn++;
                } else {
                    jsonOther++;
                }
            }
        }
        if (separator && conn && !otherPath) {
            return 95;
        }
        if (jsonConn > 0) {
            return jsonOther == 0 ? 90 : 50;
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new ZeekLogStream(in, ctx, "conn", ZeekConnReader::toEvent);
    }

    static Event toEvent(ObjectNode r, Origin origin) {
        JsonNode ts = r.get("ts");
        if (ts == null || ts.isNull()) {
            throw new IllegalArgumentException("no ts: the record has no time");
        }
        if (!r.has("id.orig_h") && !r.has("id.resp_h")) {
            throw new IllegalArgumentException("not a conn record (no id.orig_h / id.resp_h)");
        }
        EventBuilder b = Event.builder(TYPE).origin(origin).raw(r).time(time(ts))
                .put(Fields.EVENT_KIND, "flow")
                .put(Fields.EVENT_ACTION, "connection")
                .put(Fields.SOURCE_IP, text(r, "id.orig_h"))
                .put(Fields.SOURCE_PORT, count(r, "id.orig_p"))
                .put(Fields.DEST_IP, text(r, "id.resp_h"))
                .put(Fields.DEST_PORT, count(r, "id.resp_p"));
        String proto = text(r, "proto");
        b.put(Fields.NETWORK_TRANSPORT, proto == null ? null : proto.toLowerCase(Locale.ROOT));
        Long ob = count(r, "orig_ip_bytes");
        Long rb = count(r, "resp_ip_bytes");
        if (ob == null && rb == null) {
            ob = count(r, "orig_bytes");
            rb = count(r, "resp_bytes");
        }
        b.put(Fields.NETWORK_BYTES, sum(ob, rb));
        b.put(Fields.NETWORK_PACKETS, sum(count(r, "orig_pkts"), count(r, "resp_pkts")));
        JsonNode d = r.get("duration");
        if (d != null && d.isNumber()) {
            b.put(Fields.EVENT_DURATION, d.decimalValue().movePointRight(9).longValue());
        }
        String state = text(r, "conn_state");
        b.put(Fields.NETWORK_STATE, state == null ? null : state(state));
        return b.build();
    }

    /** conn_state to the normalized flow state (see the class comment). */
    static String state(String connState) {
        return switch (connState) {
            case "SF", "S1", "S2", "S3", "RSTO", "RSTR" -> "established";
            case "REJ" -> "rejected";
            case "S0" -> "unanswered";
            default -> "other";
        };
    }

    private static long time(JsonNode ts) {
        if (ts.isNumber()) {
            BigDecimal v = ts.decimalValue();
            return Times.ofEpochSecondsText(v.toPlainString());
        }
        String s = ts.asText().strip();
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Times.ofEpochSecondsText(s);
        }
        if (s.matches("X+(\\.X+)?")) {
            throw new IllegalArgumentException("ts is masked ('" + s + "'): the record has no time");
        }
        return Times.parse(s);     // the JSON writer's ISO 8601 option
    }

    private static Long sum(Long a, Long b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    private static String text(JsonNode r, String key) {
        JsonNode v = r.get(key);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static Long count(JsonNode r, String key) {
        JsonNode v = r.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.longValue();
        }
        String s = v.asText();
        if (s.matches("\\d{1,18}")) {
            return Long.parseLong(s);
        }
        throw new IllegalArgumentException(key + ": not a number '" + ValueParsers.abbreviate(s) + "'");
    }
}
