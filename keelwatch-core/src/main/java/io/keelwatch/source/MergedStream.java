package io.keelwatch.source;

import io.keelwatch.event.Event;

import java.io.IOException;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges several streams into one in time order (k-way merge on each stream's next event; ties keep the
 * order of the streams, then their own order). Memory is one event per stream.
 */
public final class MergedStream implements EventStream {
    private record Head(Event event, int stream, long seq) {
    }

    private final List<EventStream> streams;
    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.event.timeNanos(), b.event.timeNanos());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.stream, b.stream);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private final long[] seq;
    private boolean started;

    public MergedStream(List<EventStream> streams) {
        this.streams = List.copyOf(streams);
        this.seq = new long[streams.size()];
    }

    private void pull(int i) throws IOException {
        Event e = streams.get(i).next();
        if (e != null) {
            heads.add(new Head(e, i, seq[i]++));
        }
    }

    @Override
    public Event next() throws IOException {
        if (streams.size() == 1) {
            return streams.get(0).next();      // one stream: nothing to merge
        }
        if (!started) {
            started = true;
            for (int i = 0; i < streams.size(); i++) {
                pull(i);
            }
        }
        Head h = heads.poll();
        if (h == null) {
            return null;
        }
        pull(h.stream);
        return h.event;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (EventStream s : streams) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
