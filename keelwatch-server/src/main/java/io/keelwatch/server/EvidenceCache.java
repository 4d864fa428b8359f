package io.keelwatch.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.alert.Evidence;
import io.keelwatch.detect.EventJson;
import io.keelwatch.event.Event;
import io.keelwatch.event.Origin;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the events behind an alert's evidence: recent events are kept (bounded, least recently used out); an
 * older one is read again from its inbox record (its origin's line is the inbox id) while the inbox still holds it.
 */
final class EvidenceCache {
    private record Key(String file, long line, int item, long time) {
    }

    private final Map<Key, Event> recent;
    private final Store store;
    private final RecordDecoder decoder;

    EvidenceCache(int capacity, Store store, RecordDecoder decoder) {
        this.store = store;
        this.decoder = decoder;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Event> eldest) {
                return size() > capacity;
            }
        };
    }

    void remember(Event e) {
        Origin o = e.origin();
        if (o != null) {
            recent.put(new Key(o.file(), o.line(), o.item(), e.timeNanos()), e);
        }
    }

    /** One JSON per evidence item ({@link EventJson} form), null where the event cannot be found any more. */
    List<JsonNode> events(List<Evidence> evidence) {
        List<JsonNode> out = new ArrayList<>(evidence.size());
        for (Evidence ev : evidence) {
            Event e = recent.get(new Key(ev.file(), ev.line(), ev.item(), ev.timeNanos()));
            if (e == null) {
                e = reread(ev);
            }
            out.add(e == null ? null : EventJson.write(e));
        }
        return out;
    }

    private Event reread(Evidence ev) {
        try {
            Store.InboxRow row = store.inboxRow(ev.line());
            if (row == null) {
                return null;
            }
            for (Event e : decoder.read(row, Diagnostics.silent())) {
                if (e.origin().item() == ev.item() && Objects.equals(e.origin().file(), ev.file())) {
                    return e;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
