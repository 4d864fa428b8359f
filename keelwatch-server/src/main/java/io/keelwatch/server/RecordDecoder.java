package io.keelwatch.server;

import io.keelwatch.event.Event;
import io.keelwatch.event.Fields;
import io.keelwatch.event.Origin;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.ReadContext;
import io.keelwatch.source.Enrichment;
import io.keelwatch.source.SourceReader;
import io.keelwatch.source.Sources;
import io.keelwatch.store.Store;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one inbox record into enriched events with the reader of its source type.
 *
 * <p>A record's payload is read as a small file of that type: one log line, several lines (a reader that joins
 * lines, such as {@code dockerd_log}'s {@code Calling ...} with its {@code form data} line, sees them together
 * only when they are in one payload), or a JSON document (one audit Event, a Docker event). Each event's origin
 * becomes (file = the record's origin, else its input; line = the inbox id; item = the record's item inside a
 * multi-record document, else the 0-based line inside a multi-line payload when past the first, else -1): unique
 * and the same each time the record is read. Events of untimed sources ({@code event.time_estimated}) take the
 * time the record was received. Then the inventory learns from each event and enriches it, and shell scripts are
 * looked into, as in a batch scan.
 */
final class RecordDecoder {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final Sources sources;
    private final Diagnostics diagnostics;
    private final Inventory inventory;

    RecordDecoder(Sources sources, Diagnostics diagnostics, Inventory inventory) {
        this.sources = sources;
        this.diagnostics = diagnostics;
        this.inventory = inventory;
    }

    Inventory inventory() {
        return inventory;
    }

    /** The record's events, enriched; rejected parts are counted in the diagnostics. */
    List<Event> decode(Store.InboxRow row) {
        return enrich(read(row, diagnostics));
    }

    /**
     * The events of several records, in record order, enriched. Runs of one-line records of one source type are
     * read as one small file (a reader per record costs more than the record), with the same origins, rejections
     * and counts as reading each record alone. A run starting with a JSON record that does not parse is not joined
     * (a JSON reader decides from its first line whether it reads JSON lines).
     */
    List<Event> decodeAll(List<Store.InboxRow> rows) {
        List<Event> out = new ArrayList<>();
        int i = 0;
        while (i < rows.size()) {
            Store.InboxRow first = rows.get(i);
            int j = i + 1;
            if (joinable(first) && startsWell(first)) {
                while (j < rows.size() && joinable(rows.get(j))
                        && rows.get(j).sourceType().equals(first.sourceType())) {
                    j++;
                }
            }
            if (j - i == 1) {
                out.addAll(decode(first));
            } else {
                out.addAll(enrich(readRun(rows.subList(i, j))));
            }
            i = j;
        }
        return out;
    }

    private boolean joinable(Store.InboxRow row) {
        Optional<SourceReader> r = sources.byType(row.sourceType());
        return r.isPresent() && !r.get().binary() && row.payload().indexOf('\n') < 0
                && row.payload().indexOf('\r') < 0 && !row.payload().isBlank();
    }

    private static boolean startsWell(Store.InboxRow row) {
        String p = row.payload().strip();
        if (!p.startsWith("{") && !p.startsWith("[")) {
            return true;
        }
        try {
            JSON.readTree(p);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<Event> readRun(List<Store.InboxRow> run) {
        String type = run.get(0).sourceType();
        StringBuilder text = new StringBuilder();
        for (Store.InboxRow r : run) {
            text.append(r.payload()).append('\n');
        }
        Diagnostics local = new Diagnostics(rej -> {
            Store.InboxRow r = lineRow(run, rej.origin() == null ? 0 : rej.origin().line());
            diagnostics.reject(type, r == null ? rej.origin() : Origin.of(file(r), r.id()), rej.reason());
        });
        List<Event> out = new ArrayList<>();
        ReadContext ctx = new ReadContext("inbox", type, local);
        try (EventStream s = sources.byType(type).orElseThrow().open(new StringReader(text.toString()), ctx)) {
            Event e;
            while ((e = s.next()) != null) {
                Store.InboxRow r = lineRow(run, e.origin() == null ? 0 : e.origin().line());
                if (r == null) {
                    diagnostics.reject(type, e.origin(), "event outside the records read");
                    continue;
                }
                Event one = e.relocated(e.timeNanos(), e.origin() == null ? null
                        : new Origin(e.origin().file(), 1, e.origin().item()));
                out.add(relocate(one, file(r), r));
            }
        } catch (IOException | RuntimeException ex) {
            diagnostics.reject(type, Origin.of(file(run.get(0)), run.get(0).id()), "cannot read: " + ex.getMessage());
        }
        local.readCounts().forEach((t, n) -> {
            for (long k = 0; k < n; k++) {
                diagnostics.accepted(t);
            }
        });
        return out;
    }

    private static Store.InboxRow lineRow(List<Store.InboxRow> run, long line) {
        return line >= 1 && line <= run.size() ? run.get((int) line - 1) : null;
    }

    private static String file(Store.InboxRow row) {
        return row.origin() != null ? row.origin() : row.input();
    }

    /** The record's events before enrichment (for re-reading evidence); problems are not counted. */
    List<Event> read(Store.InboxRow row, Diagnostics diag) {
        Optional<SourceReader> reader = sources.byType(row.sourceType());
        String file = row.origin() != null ? row.origin() : row.input();
        List<Event> out = new ArrayList<>();
        if (reader.isEmpty() || reader.get().binary()) {
            diag.reject(row.sourceType(), Origin.of(file, row.id()), reader.isEmpty()
                    ? "unknown source type '" + row.sourceType() + "'" : "binary formats cannot be streamed live");
            return out;
        }
        ReadContext ctx = new ReadContext(file, row.sourceType(), diag);
        try (EventStream s = reader.get().open(new StringReader(row.payload()), ctx)) {
            Event e;
            while ((e = s.next()) != null) {
                out.add(relocate(e, file, row));
            }
        } catch (IOException | RuntimeException ex) {
            diag.reject(row.sourceType(), Origin.of(file, row.id()), "cannot read: " + ex.getMessage());
        }
        return out;
    }

    private static Event relocate(Event e, String file, Store.InboxRow row) {
        Origin o = e.origin();
        int item = -1;
        if (o != null) {
            item = o.item() >= 0 ? o.item() : o.line() > 1 ? (int) (o.line() - 1) : -1;
        }
        long time = e.timeNanos();
        if (Boolean.TRUE.equals(e.field(Fields.EVENT_TIME_ESTIMATED))) {
            time = row.receivedAt() * 1_000_000L;
        }
        return e.relocated(time, new Origin(file, row.id(), item));
    }

    private List<Event> enrich(List<Event> events) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(Enrichment.apply(inventory, e));
        }
        return out;
    }

    /** Teaches the inventory from a record already processed (rebuilding it after a restart). */
    void learnOnly(Store.InboxRow row) {
        for (Event e : read(row, Diagnostics.silent())) {
            inventory.learn(e);
        }
    }
}
