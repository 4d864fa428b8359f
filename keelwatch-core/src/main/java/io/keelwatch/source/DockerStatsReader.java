package io.keelwatch.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.event.Event;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code docker stats --format '{{json .}}'} lines: {@code {"BlockIO":"0B / 0B","CPUPerc":"0.32%",...}}.
 *
 * <p>Terminal control sequences (the {@code ESC[2J ESC[H} that {@code docker stats} without
 * {@code --no-stream} writes before each refresh) are removed first; several objects on one line are read one
 * after the other. Percent and size strings become numbers. The lines carry no time: a {@code time} or
 * {@code read} member, or an RFC 3339 / epoch time written before the object (as {@code ts} or a shell loop
 * adds), is used when present; otherwise the event has time 0 and {@code event.time_estimated=true}, and the
 * pipeline ({@link SampleClock}) places it. {@code event.sequence} numbers the sampling rounds (a round ends
 * when a container repeats), so that rounds stay apart.
 */
public final class DockerStatsReader implements SourceReader {
    public static final String TYPE = "docker_stats";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "docker stats --format '{{json .}}' lines (CPU/memory percent, memory, network and block I/O sizes)";
    }

    @Override
    public int sniff(Head head) {
        int seen = 0;
        for (String raw : head.lines()) {
            String l = stripControls(raw).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (++seen > 3) {
                break;
            }
            if (l.contains("{") && l.contains("\"CPUPerc\"") && (l.contains("\"MemUsage\"") || l.contains("\"NetIO\""))) {
                return 95;
            }
        }
        return 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) {
        return new Stream(in, ctx);
    }

    /** Removes ANSI/VT100 escape sequences and other control characters except tab. */
    static String stripControls(String s) {
        StringBuilder sb = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0x1b) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(s, 0, i);
                }
                if (i + 1 < n && s.charAt(i + 1) == '[') {          // CSI: parameters, then a final byte @..~
                    int j = i + 2;
                    while (j < n && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) {
                        j++;
                    }
                    i = j;
                } else if (i + 1 < n && s.charAt(i + 1) == ']') {   // OSC: up to BEL or ESC \
                    int j = i + 2;
                    while (j < n && s.charAt(j) != 0x07 && s.charAt(j) != 0x1b) {
                        j++;
                    }
                    i = (j < n && s.charAt(j) == 0x1b) ? j + 1 : j;
                } else {
                    i++;                                             // two-character escape
                }
            } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(n).append(s, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static final class Stream extends LineEventStream {
        private final Set<String> round = new HashSet<>();
        private long sequence;

        Stream(Reader in, ReadContext ctx) {
            super(in, ctx);
        }

        @Override
        protected void onLine(String line, long lineNo) throws IOException {
            String s = stripControls(line).strip();
            if (s.isEmpty()) {
                return;
            }
            int brace = s.indexOf('{');
            if (brace < 0) {
                ctx.reject(lineNo, "no docker stats JSON object on the line: '" + ValueParsers.abbreviate(s) + "'");
                return;
            }
            Long prefixTime = null;
            if (brace > 0) {
                String prefix = s.substring(0, brace).strip();
                prefixTime = prefixTime(prefix);
                if (prefixTime == null) {
                    ctx.reject(lineNo, "unexpected text before the JSON object: '" + ValueParsers.abbreviate(prefix) + "'");
                    return;
                }
            }
            int item = 0;
            try (JsonParser p = MAPPER.getFactory().createParser(s.substring(brace))) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    Origin origin = item == 0 ? Origin.of(ctx.file(), lineNo) : Origin.item(ctx.file(), lineNo, item);
                    if (t != JsonToken.START_OBJECT) {
                        ctx.reject(origin, "expected a JSON object, found " + t.asString());
                        return;
                    }
                    JsonNode n = MAPPER.readTree(p);
                    try {
                        emit(toEvent(n, prefixTime, origin));
                    } catch (RuntimeException ex) {
                        ctx.reject(origin, describe(ex));
                    }
                    item++;
                }
            } catch (JsonProcessingException e) {
                ctx.reject(item == 0 ? Origin.of(ctx.file(), lineNo) : Origin.item(ctx.file(), lineNo, item),
                        "malformed JSON: " + describe(e));
            }
        }

        private static Long prefixTime(String prefix) {
            try {
                return Times.parse(prefix);
            } catch (RuntimeException e) {
                // not RFC 3339; maybe epoch seconds
            }
            if (prefix.matches("\\d{9,11}(\\.\\d{1,9})?")) {
                return Times.ofEpochSecondsText(prefix);
            }
            return null;
        }

        private Event toEvent(JsonNode n, Long prefixTime, Origin origin) {
            if (!n.has("CPUPerc") && !n.has("MemUsage")) {
                throw new IllegalArgumentException("not a docker stats record (no CPUPerc or MemUsage member)");
            }
            String id = text(n, "ID");
            String container = text(n, "Container");
            String name = text(n, "Name");
            if (id == null && container != null && container.matches("[0-9a-f]{12,64}")) {
                id = container;
            }
            if (name != null && name.startsWith("/")) {
                name = name.substring(1);
            }
            EventBuilder b = Event.builder(TYPE).origin(origin).raw(n)
                    .put(Fields.EVENT_KIND, "metric")
                    .put(Fields.EVENT_ACTION, "stats")
                    .put(Fields.CONTAINER_ID, id)
                    .put(Fields.CONTAINER_NAME, ValueParsers.isUnset(name) ? null : name);
            b.put(Fields.CONTAINER_CPU_PCT, field("CPUPerc", () -> ValueParsers.percent(text(n, "CPUPerc"))));
            b.put(Fields.CONTAINER_MEMORY_PCT, field("MemPerc", () -> ValueParsers.percent(text(n, "MemPerc"))));
            String[] mem = ValueParsers.pair(text(n, "MemUsage"));
            b.put(Fields.CONTAINER_MEMORY_BYTES, field("MemUsage", () -> ValueParsers.size(mem[0])));
            b.put(Fields.CONTAINER_MEMORY_LIMIT, field("MemUsage", () -> ValueParsers.size(mem[1])));
            String[] net = ValueParsers.pair(text(n, "NetIO"));
            b.put(Fields.CONTAINER_NET_RX, field("NetIO", () -> ValueParsers.size(net[0])));
            b.put(Fields.CONTAINER_NET_TX, field("NetIO", () -> ValueParsers.size(net[1])));
            String[] block = ValueParsers.pair(text(n, "BlockIO"));
            field("BlockIO", () -> ValueParsers.size(block[0]));   // validated; kept native only
            field("BlockIO", () -> ValueParsers.size(block[1]));
            String pids = text(n, "PIDs");
            b.put(Fields.CONTAINER_PIDS, ValueParsers.isUnset(pids) ? null : ValueParsers.number("PIDs", pids));

            Long time = prefixTime;
            for (String member : new String[]{"time", "read"}) {
                JsonNode t = n.get(member);
                if (time == null && t != null && !t.isNull()) {
                    time = t.isNumber() ? Times.ofEpochNumber(t.asDouble()) : Times.parse(t.asText());
                }
            }
            String key = id != null ? id : container != null ? container : name;
            if (key != null && !round.add(key)) {
                sequence++;
                round.clear();
                round.add(key);
            }
            b.put(Fields.EVENT_SEQUENCE, sequence);
            if (time == null) {
                ValueParsers.timeUnknown(b);
            } else {
                b.time(time);
            }
            return b.build();
        }

        private static <T> T field(String member, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(member + ": " + e.getMessage());
            }
        }

        private static String text(JsonNode n, String member) {
            JsonNode v = n.get(member);
            return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
        }
    }
}
