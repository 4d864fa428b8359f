package io.keelwatch.alert;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import io.keelwatch.event.Times;

/**
 * One event behind an alert: where it was read (file, 1-based line, item inside a multi-record document or
 * -1), its time, source type and a one-line summary (may be null).
 */
public record Evidence(String file, long line, int item, long timeNanos, String source, String summary) {

    public static Evidence of(Event e, String summary) {
        Origin o = e.origin();
        return new Evidence(o == null ? null : o.file(), o == null ? 0 : o.line(), o == null ? -1 : o.item(),
                e.timeNanos(), e.source(), summary);
    }

    /** {@code {file, line, item?, time, source, summary?}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (file == null) {
            o.putNull("file");
        } else {
            o.put("file", file);
        }
        o.put("line", line);
        if (item >= 0) {
            o.put("item", item);
        }
        o.put("time", Times.format(timeNanos));
        o.put("source", source);
        if (summary != null) {
            o.put("summary", summary);
        }
        return o;
    }
}
