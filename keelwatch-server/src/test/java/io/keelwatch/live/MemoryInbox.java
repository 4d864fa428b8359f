package io.keelwatch.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** An inbox in memory for tests: appends are atomic under a lock; waiters can poll for records. */
final class MemoryInbox implements Inbox {
    record Stored(String input, Record record, String offset) {
    }

    private final List<Stored> records = new ArrayList<>();
    private final Map<String, String> offsets = new HashMap<>();
    private int appends;
    private volatile int failNext;

    @Override
    public synchronized void append(String input, List<Record> batch, String offset) throws IOException {
        if (failNext > 0) {
            failNext--;
            throw new IOException("injected append failure");
        }
        for (Record r : batch) {
            records.add(new Stored(input, r, offset));
        }
        offsets.put(input, offset);
        appends++;
        notifyAll();
    }

    @Override
    public synchronized String offset(String input) {
        return offsets.get(input);
    }

    synchronized List<Record> records() {
        return records.stream().map(Stored::record).toList();
    }

    synchronized List<String> payloads() {
        return records.stream().map(s -> s.record().payload()).toList();
    }

    synchronized int appends() {
        return appends;
    }

    void failNextAppends(int n) {
        failNext = n;
    }

    /** Waits until {@code done} holds for the records, failing after {@code millis}. */
    synchronized List<Record> await(Predicate<List<Record>> done, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.test(records())) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out; records so far: " + payloads());
            }
            wait(left);
        }
        return records();
    }
}
