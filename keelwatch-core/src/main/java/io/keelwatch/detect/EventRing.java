package io.keelwatch.detect;

import io.keelwatch.event.Event;

/**
 * A first-in first-out queue of buffered events in parallel arrays (a ring): the reorder buffer's in-order run.
 * The times sit in an array of their own, so deciding whether the oldest event may go reads no event, and the
 * events waiting cost no wrapper object each.
 */
final class EventRing {
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
    private Event[] events = new Event[1024];
    private Object[] attachments = new Object[1024];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void add(Event e, long seq, Object attachment) {
        if (size == times.length) {
            grow();
        }
        int i = (head + size) & (times.length - 1);
        times[i] = e.timeNanos();
        seqs[i] = seq;
        events[i] = e;
        attachments[i] = attachment;
        size++;
    }

    private void grow() {
        int n = times.length;
        long[] t = new long[n * 2];
        long[] s = new long[n * 2];
        Event[] e = new Event[n * 2];
        Object[] a = new Object[n * 2];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (n - 1);
            t[k] = times[i];
            s[k] = seqs[i];
            e[k] = events[i];
            a[k] = attachments[i];
        }
        times = t;
        seqs = s;
        events = e;
        attachments = a;
        head = 0;
    }

    long firstTime() {
        return times[head];
    }

    long firstSeq() {
        return seqs[head];
    }

    Event firstEvent() {
        return events[head];
    }

    Object firstAttachment() {
        return attachments[head];
    }

    Event lastEvent() {
        return events[(head + size - 1) & (times.length - 1)];
    }

    long lastTime() {
        return times[(head + size - 1) & (times.length - 1)];
    }

    long lastSeq() {
        return seqs[(head + size - 1) & (times.length - 1)];
    }

    void removeFirst() {
        events[head] = null;
        attachments[head] = null;
        head = (head + 1) & (times.length - 1);
        size--;
    }

    /** The k-th event from the oldest, and its arrival number. */
    Event event(int k) {
        return events[(head + k) & (times.length - 1)];
    }

    long seq(int k) {
        return seqs[(head + k) & (times.length - 1)];
    }

    void clear() {
        java.util.Arrays.fill(events, null);
        java.util.Arrays.fill(attachments, null);
        head = 0;
        size = 0;
    }
}
