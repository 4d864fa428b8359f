package io.keelwatch.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the store's write-ahead log back into the database file from a thread and connection of its own. SQLite
 * would otherwise run the checkpoint inside whichever commit pushes the log past its threshold, holding the store's
 * write lock while it copies megabytes and syncs the file: every writer (the webhook's appends, the processor's
 * alerts) then waits behind it. Here a passive checkpoint runs about every {@value #PERIOD_MILLIS} ms after writes;
 * it never blocks a writer or a reader. The log file is cut back to {@link #JOURNAL_SIZE_LIMIT} bytes when SQLite
 * restarts it.
 */
final class WalCheckpointer implements AutoCloseable {
    static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;
    static final long PERIOD_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Path file;
    private final Connection conn;
    private final AtomicLong writes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private WalCheckpointer(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
        this.thread = new Thread(this::loop, "keelwatch-wal-checkpoint");
        this.thread.setDaemon(true);
    }

    static WalCheckpointer start(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        WalCheckpointer w = new WalCheckpointer(file, c);
        w.thread.start();
        return w;
    }

    /** Called after each committed write. */
    void written() {
        writes.incrementAndGet();
    }

    private void loop() {
        long done = 0;
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long w = writes.get();
            if (w != done) {
                checkpoint("PASSIVE");
                done = w;
            }
        }
    }

    /** Runs a checkpoint of that mode; false when SQLite reported it busy or it failed. */
    synchronized boolean checkpoint(String mode) {
        try (Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return r.next() && r.getInt(1) == 0;
        } catch (SQLException e) {
            if (running) {
                LOG.warn("{}: WAL checkpoint failed: {}", file, e.getMessage());
            }
            return false;
        }
    }

    /** Stops the thread; the store's last connection to close checkpoints what is left. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.warn("{}: closing the checkpoint connection: {}", file, e.getMessage());
            }
        }
    }
}
