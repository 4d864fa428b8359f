package io.keelwatch.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.event.EventBuilder;
import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Any JSON log ({@code --source json}): one JSON object per line, or a JSON document (an object, several objects
 * one after another, an array). Each object is one event whose native record is the object itself, so that rules
 * (Sigma field names in particular) read its fields as dotted paths; with {@code --flatten PREFIX,...} nested fields
 * are also lifted to the top level ({@link JsonFlattener}). The time is the first readable of {@code @timestamp},
 * {@code timestamp}, {@code time}, {@code ts}, {@code eventTime}, {@code Event.System.TimeCreated.#attributes.SystemTime},
 * {@code TimeCreated.#attributes.SystemTime}, {@code UtcTime} (RFC 3339 text or epoch numbers); a record without one
 * takes the time of the record before it and is marked {@code event.time_estimated}. A top-level text
 * {@code message} becomes {@code message}. This reader claims a file only weakly (any JSON), so the specific readers
 * win detection; force it with {@code --source json}.
 */
public final class JsonLogReader implements SourceReader {
    public static final String TYPE = "json";
    private static final List<String> TIME_PATHS = List.of("@timestamp", "timestamp", "time", "ts", "eventTime",
            "Event.System.TimeCreated.#attributes.SystemTime", "TimeCreated.#attributes.SystemTime", "UtcTime");

    private final JsonFlattener flattener;

    public JsonLogReader() {
        this(JsonFlattener.of(List.of()));
    }

    public JsonLogReader(JsonFlattener flattener) {
        this.flattener = flattener;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "any JSON log: JSON lines or documents, fields read as dotted paths (--flatten PREFIX,... lifts nested "
                + "fields); chosen only with --source json or when no other reader claims the file";
    }

    @Override
    public int sniff(Head head) {
        char c = head.firstChar();
        return c == '{' || c == '[' ? 1 : 0;
    }

    @Override
    public EventStream open(Reader in, ReadContext ctx) throws IOException {
        return new Stream(in, ctx, flattener);
    }

    private static final class Stream extends JsonRecordStream {
        private final JsonFlattener flattener;
        private long lastTime;

        Stream(Reader in, ReadContext ctx, JsonFlattener flattener) throws IOException {
            super(in, ctx);
            this.flattener = flattener;
        }

        @Override
        protected boolean isWrapper(JsonNode node) {
            return false;
        }

        @Override
        protected void onRecord(JsonNode rec, Origin origin) {
            JsonNode flat = flattener.apply(rec);
            Long t = time(flat);
            EventBuilder b = Event.builder(TYPE).raw(flat).origin(origin).time(t != null ? t : lastTime);
            if (t == null) {
                b.put(Fields.EVENT_TIME_ESTIMATED, true);
            } else {
                lastTime = t;
            }
            JsonNode msg = flat.get("message");
            if (msg != null && msg.isTextual()) {
                b.put(Fields.MESSAGE, msg.textValue());
            }
            emit(b.build());
        }
    }

    static Long time(JsonNode rec) {
        for (String p : TIME_PATHS) {
            JsonNode n = rec;
            for (String seg : p.startsWith("@") ? new String[]{p} : p.split("\\.")) {
                n = n == null ? null : n.get(seg);
            }
            if (n == null) {
                continue;
            }
            try {
                if (n.isNumber()) {
                    return Times.ofEpochNumber(n.doubleValue());
                }
                if (n.isTextual()) {
                    String s = n.textValue().strip();
                    return Times.parse(s.length() > 10 && s.charAt(10) == ' ' ? s.replaceFirst(" ", "T")
                            + (s.endsWith("Z") ? "" : "Z") : s);
                }
            } catch (RuntimeException e) {
                // not a time this reader understands: try the next key
            }
        }
        return null;
    }
}
