package io.keelwatch.source;

import io.keelwatch.event.Event;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens a set of paths as one time-ordered, enriched event stream: directories expanded, each file's format
 * recognised from its content (or forced), inventory files read first, all streams merged by time.
 */
public final class Inputs {
    /** A file and the reader chosen for it. */
    public record Planned(InputFile file, SourceReader reader) {
    }

    /** Sources whose records may carry no time; they are placed by {@link SampleClock}. */
    static final java.util.Set<String> UNTIMED = java.util.Set.of("docker_stats", "conntrack");

    private Inputs() {
    }

    /**
     * Plans the reading of {@code paths}. A file in no known format is reported to {@code diag} (naming it) and
     * left out. {@code forcedType} (may be null) overrides detection.
     */
    public static List<Planned> plan(List<Path> paths, String forcedType, Sources sources, Diagnostics diag)
            throws IOException {
        List<Planned> out = new ArrayList<>();
        SourceReader forced = null;
        if (forcedType != null) {
            forced = sources.byType(forcedType).orElseThrow(() -> new IllegalArgumentException(
                    "unknown source type '" + forcedType + "'; known: "
                            + sources.all().stream().map(SourceReader::type).toList()));
        }
        for (InputFile f : InputFile.expand(paths)) {
            if (forced != null) {
                out.add(new Planned(f, forced));
                continue;
            }
            SourceReader bin = null;
            try {
                bin = detectBinary(f, sources);
            } catch (IOException e) {
                diag.fileError(f.name(), "cannot read: " + e.getMessage());
                continue;
            }
            if (bin != null) {
                out.add(new Planned(f, bin));
                continue;
            }
            Head head;
            try {
                head = f.head();
            } catch (IOException e) {
                diag.fileError(f.name(), "cannot read: " + e.getMessage());
                continue;
            }
            if (head.text().isBlank()) {
                continue; // an empty file has no events; not an error
            }
            Optional<SourceReader> r = sources.detect(head);
            if (r.isEmpty()) {
                diag.fileError(f.name(), "not in any known format (use --source TYPE to force one)");
            } else {
                out.add(new Planned(f, r.get()));
            }
        }
        return out;
    }

    private static SourceReader detectBinary(InputFile f, Sources sources) throws IOException {
        byte[] head;
        try (java.io.InputStream in = f.openStream()) {
            head = in.readNBytes(64);
        }
        SourceReader best = null;
        int bestScore = 0;
        for (SourceReader r : sources.all()) {
            if (r.binary()) {
                int s = r.sniffBytes(head);
                if (s > bestScore) {
                    bestScore = s;
                    best = r;
                }
            }
        }
        return best;
    }

    /** Opens one planned file. */
    public static EventStream openOne(Planned p, Diagnostics diag) throws IOException {
        return openOne(p, diag, null);
    }

    /** Opens one planned file; {@code ahead} (may be null): threads to parse its lines on ahead of reading. */
    public static EventStream openOne(Planned p, Diagnostics diag, java.util.concurrent.Executor ahead)
            throws IOException {
        ReadContext ctx = new ReadContext(p.file().name(), p.reader().type(), diag, ahead);
        return p.reader().binary() ? p.reader().openBinary(p.file().openStream(), ctx)
                : p.reader().open(p.file().openReader(), ctx);
    }

    /** Opens the planned files as one merged, enriched stream. */
    public static EventStream open(List<Planned> plan, Diagnostics diag, Inventory inventory) throws IOException {
        return open(plan, diag, inventory, null);
    }

    /**
     * Opens the planned files as one merged, enriched stream; {@code ahead} (may be null): threads on which readers
     * that can parse lines ahead of reading them do so (the stream is the same).
     */
    public static EventStream open(List<Planned> plan, Diagnostics diag, Inventory inventory,
                                   java.util.concurrent.Executor ahead) throws IOException {
        // inventory files first, so that every other event can be enriched from the start
        Diagnostics quiet = Diagnostics.silent();
        for (Planned p : plan) {
            if (p.reader().type().equals("docker_inspect")) {
                try (EventStream s = p.reader().open(p.file().openReader(),
                        new ReadContext(p.file().name(), p.reader().type(), quiet))) {
                    Event e;
                    while ((e = s.next()) != null) {
                        inventory.learn(e);
                    }
                }
            }
        }
        SampleClock.Lifetimes lifetimes = null;
        if (plan.stream().anyMatch(p -> UNTIMED.contains(p.reader().type()))) {
            lifetimes = new SampleClock.Lifetimes();
            for (Planned p : plan) {
                if (p.reader().type().equals("docker_events")) {
                    try (EventStream s = p.reader().open(p.file().openReader(),
                            new ReadContext(p.file().name(), p.reader().type(), quiet))) {
                        Event e;
                        while ((e = s.next()) != null) {
                            lifetimes.observe(e);
                        }
                    }
                }
            }
        }
        List<EventStream> streams = new ArrayList<>();
        for (Planned p : plan) {
            try {
                EventStream s = openOne(p, diag, ahead);
                streams.add(UNTIMED.contains(p.reader().type()) ? SampleClock.align(s, lifetimes) : s);
            } catch (IOException e) {
                diag.fileError(p.file().name(), "cannot read: " + e.getMessage());
            }
        }
        EventStream merged = new MergedStream(streams);
        return new EventStream() {
            @Override
            public Event next() throws IOException {
                Event e = merged.next();
                if (e == null) {
                    return null;
                }
                return Enrichment.apply(inventory, e);
            }

            @Override
            public void close() throws IOException {
                merged.close();
            }
        };
    }
}
