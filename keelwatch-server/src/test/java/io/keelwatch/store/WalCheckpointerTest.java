package io.keelwatch.store;

import io.keelwatch.live.Inbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's write-ahead log under steady writes and reads (the daemon's webhook and processor): checkpoints run on
 * their own connection, and the log does not grow with the load but is emptied past its limit.
 */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void theLogStaysBoundedWhileWritesAndReadsKeepComing() throws Exception {
        Path db = dir.resolve("wal.db");
        Path wal = dir.resolve("wal.db-wal");
        String payload = "x".repeat(1_000);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        long maxWal = 0;
        int pages = 512;   // 2 MiB at 4 KiB pages
        try (Store s = Store.open(db, Clock.systemUTC(), pages)) {
            Thread reader = new Thread(() -> {   // the processor: reads the inbox all the time
                long after = 0;
                while (writing.get()) {
                    try {
                        List<Store.InboxRow> rows = s.inbox(after, 200);
                        if (!rows.isEmpty()) {
                            after = rows.get(rows.size() - 1).id();
                        }
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            reader.start();
            int batches = 0;
            while (batches < 300) {   // 30 MB at up to 100 requests/s of 100 records, as the webhook
                List<Inbox.Record> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(new Inbox.Record("k8s_audit", "test", payload));
                }
                s.appendAll("webhook", batch);
                batches++;
                if (Files.exists(wal)) {
                    maxWal = Math.max(maxWal, Files.size(wal));
                }
                Thread.sleep(10);
            }
            Thread.sleep(3 * WalCheckpointer.PERIOD_MILLIS);
            writing.set(false);
            reader.join();
            long written = (long) batches * 100 * payload.length();
            assertThat(reads.get()).as("reads meanwhile").isPositive();
            assertThat(Files.size(wal)).as("log after the load, written %d bytes", written).isLessThan(8L << 20);
            assertThat(s.lastInboxId()).isEqualTo(batches * 100L);
            // past its limit by what is written between two checkpoints (more when a busy machine delays one), but
            // not growing with the load: without the truncating checkpoint it reaches nearly all that was written
            assertThat(maxWal).as("largest log seen, written %d bytes", written).isLessThan(written / 2);
        }
    }
}
