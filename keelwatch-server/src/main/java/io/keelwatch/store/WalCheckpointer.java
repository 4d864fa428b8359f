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
 * it never blocks a writer or a reader. A passive checkpoint cannot start the log over, though, while writes and
 * reads keep coming, so the log would grow for as long as the load lasts: once it holds {@value #RESET_FRAMES}
 * pages, a truncating checkpoint follows under the store's write lock: it copies the few pages the passive one
 * left, waits for the readers of the old log (their reads take milliseconds) and empties it; writers wait meanwhile.
 */
final class WalCheckpointer implements AutoCloseable {
    static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;
    static final long PERIOD_MILLIS = 500;
    /** Log pages (4 KiB each by default) after which the log is emptied: 64 MiB. */
    static final int RESET_FRAMES = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Path file;
    private final Connection conn;
    private final int resetFrames;
    private final java.util.concurrent.locks.Lock writeLock;
    private final AtomicLong writes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private WalCheckpointer(Path file, Connection conn, int resetFrames, java.util.concurrent.locks.Lock writeLock) {
        this.file = file;
        this.conn = conn;
        this.resetFrames = resetFrames;
        this.writeLock = writeLock;
        this.thread = new Thread(this::loop, "keelwatch-wal-checkpoint");
        this.thread.setDaemon(true);
    }

    /**
     * Starts checkpointing the store at {@code file}, emptying its log past {@code resetFrames} pages while holding
     * the store's {@code writeLock} (so that a steady stream of writers cannot keep it from its turn).
     */
    static WalCheckpointer start(Path file, int resetFrames, java.util.concurrent.locks.Lock writeLock)
            throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        WalCheckpointer w = new WalCheckpointer(file, c, resetFrames, writeLock);
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
                int frames = checkpoint("PASSIVE");
                if (frames >= resetFrames) {
                    writeLock.lock();
                    try {
                        checkpoint("TRUNCATE");
                    } finally {
                        writeLock.unlock();
                    }
                }
                done = w;
            }
        }
    }

    /** Runs a checkpoint of that mode; the pages in the log before it (-1 when it failed). */
    synchronized int checkpoint(String mode) {
        try (Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return r.next() ? r.getInt(2) : -1;
        } catch (SQLException e) {
            if (running) {
                LOG.warn("{}: WAL checkpoint ({}) failed: {}", file, mode, e.getMessage());
            }
            return -1;
        }
    }

    /** Stops the thread; the store's last connection to close checkpoints what is left. */
    @Override
    public void close() {
        running = false;
        io.keelwatch.server.Threads.stop(thread, 10_000);
        synchronized (this) {
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.warn("{}: closing the checkpoint connection: {}", file, e.getMessage());
            }
        }
    }
}
