package io.keelwatch.store;

import io.keelwatch.live.Inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The daemon's durable state in one SQLite file (WAL journal, busy timeout): the inbox of raw records and the
 * inputs' offsets, alerts with their evidence events and triage history, detector state snapshots with the
 * processed inbox position, response actions and the outputs' spool. Two connections, each used under its own
 * lock: one writes (each writing method is one transaction), the other only reads, so that the processor reading
 * the inbox and the API reading alerts never wait for a writer's commit (WAL lets readers and one writer run at
 * once; a read sees everything committed before it started). Every method is safe to call from any thread.
 *
 * <p>Alert, triage and action queries are in {@link AlertStore}; the output spool is {@link Spool}.
 */
public final class Store implements Inbox, AutoCloseable {
    /** A raw record as stored in the inbox; {@code receivedAt} is epoch milliseconds. */
    public record InboxRow(long id, String input, String sourceType, String origin, String payload,
                           long receivedAt) {
    }

    /** A detector state snapshot and the last inbox id it accounts for. */
    public record State(long processedId, String snapshot) {
    }

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    private final Path file;
    private final Connection conn;
    private final Connection readConn;
    private final ReentrantLock lock;
    private final ReentrantLock readLock = new ReentrantLock();
    private final Clock clock;
    private final AlertStore alerts;
    private final Spool spool;
    private final Responses responses;
    private final WalCheckpointer checkpointer;
    private final List<Runnable> appendListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Store(Path file, Connection conn, Connection readConn, Clock clock, ReentrantLock lock,
                  WalCheckpointer checkpointer) {
        this.file = file;
        this.lock = lock;
        this.checkpointer = checkpointer;
        this.conn = conn;
        this.readConn = readConn;
        this.clock = clock;
        this.alerts = new AlertStore(this);
        this.spool = new Spool(this);
        this.responses = new Responses(this);
    }

    /** Opens (creating if needed) the store at {@code file} and migrates its schema. */
    public static Store open(Path file) throws IOException {
        return open(file, Clock.systemUTC());
    }

    public static Store open(Path file, Clock clock) throws IOException {
        return open(file, clock, WalCheckpointer.RESET_FRAMES);
    }

    /** With the write-ahead log emptied past {@code walResetPages} pages (tests use a small log). */
    static Store open(Path file, Clock clock, int walResetPages) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException(file + ": directory " + parent + " does not exist");
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!r.next() || !"wal".equalsIgnoreCase(r.getString(1))) {
                        throw new SQLException("cannot switch to WAL journal mode");
                    }
                }
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                // checkpoints run on a connection of their own (WalCheckpointer), not inside a writer's commit
                s.execute("PRAGMA wal_autocheckpoint = 0");
                s.execute("PRAGMA journal_size_limit = " + WalCheckpointer.JOURNAL_SIZE_LIMIT);
            }
            Schema.migrate(c, file.toString());
            Connection r = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = r.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA query_only = ON");
            }
            ReentrantLock writeLock = new ReentrantLock();
            return new Store(file, c, r, clock, writeLock, WalCheckpointer.start(file, walResetPages, writeLock));
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open the store: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public AlertStore alerts() {
        return alerts;
    }

    /** Recorded response actions and the alerts around an alert. */
    public Responses responses() {
        return responses;
    }

    public Spool spool() {
        return spool;
    }

    long now() {
        return clock.millis();
    }

    /** Runs {@code work} in one transaction (committed on return, rolled back on an exception). */
    public <T> T tx(Tx<T> work) throws IOException {
        lock.lock();
        try {
            conn.setAutoCommit(false);
            try {
                T t = work.run(conn);
                conn.commit();
                checkpointer.written();
                return t;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a read on the reading connection (no transaction of its own beyond SQLite's statement-level one): it
     * sees what was committed before it started and does not wait for a writer.
     */
    public <T> T read(Tx<T> work) throws IOException {
        readLock.lock();
        try {
            return work.run(readConn);
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void append(String input, List<Record> records, String offset) throws IOException {
        if (input == null || input.isEmpty()) {
            throw new IllegalArgumentException("input name is required");
        }
        long now = now();
        tx(c -> {
            InboxSql.insert(c, input, records, now);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO input_offsets(input, offset, updated_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT(input) DO UPDATE SET offset = excluded.offset, "
                    + "updated_at = excluded.updated_at")) {
                p.setString(1, input);
                p.setString(2, offset);
                p.setLong(3, now);
                p.executeUpdate();
            }
            return null;
        });
        appendListeners.forEach(Runnable::run);
    }

    /** Appends records of an input that keeps no offset (the audit webhook), in one transaction. */
    public void appendAll(String input, List<Record> records) throws IOException {
        long now = now();
        tx(c -> {
            InboxSql.insert(c, input, records, now);
            return null;
        });
        appendListeners.forEach(Runnable::run);
    }

    /** Calls {@code r} after each committed append (the processor's wake-up). */
    public void onAppend(Runnable r) {
        appendListeners.add(r);
    }

    @Override
    public String offset(String input) throws IOException {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT offset FROM input_offsets WHERE input = ?")) {
                p.setString(1, input);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    /** Up to {@code limit} inbox rows with an id above {@code afterId}, in id order. */
    public List<InboxRow> inbox(long afterId, int limit) throws IOException {
        return read(c -> InboxSql.after(c, afterId, limit));
    }

    /** The last {@code limit} inbox rows of the given source types with an id up to {@code maxId}, in id order. */
    public List<InboxRow> inboxOfTypes(java.util.Set<String> types, long maxId, int limit) throws IOException {
        return types.isEmpty() ? List.of() : read(c -> InboxSql.lastOfTypes(c, types, maxId, limit));
    }

    /** One inbox row by id, or null. */
    public InboxRow inboxRow(long id) throws IOException {
        List<InboxRow> l = inbox(id - 1, 1);
        return l.isEmpty() || l.get(0).id() != id ? null : l.get(0);
    }

    /** The highest inbox id ever assigned (0 when none). */
    public long lastInboxId() throws IOException {
        return read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE((SELECT seq FROM sqlite_sequence "
                         + "WHERE name = 'inbox'), 0)")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /** The state saved under {@code name}, or a fresh one (position 0, no snapshot). */
    public State state(String name) throws IOException {
        return read(c -> StateSql.load(c, name));
    }

    /** What {@link #prune} removed. */
    public record Pruned(int alerts, int inboxRows, int spooled) {
    }

    /**
     * Retention: deletes alerts stored more than {@code age} ago (with their evidence, triage history and
     * references from response actions), and inbox rows received before then that the processor has already
     * processed (never one it has not). Spooled output items older than that are dropped too.
     */
    public Pruned prune(Duration age, String processorName) throws IOException {
        long cutoff = now() - age.toMillis();
        return tx(c -> StateSql.prune(c, cutoff, processorName));
    }

    /** A cheap liveness check of the database. */
    public boolean healthy() {
        try {
            return read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                    return r.next();
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        checkpointer.close();
        lock.lock();
        readLock.lock();
        try {
            readConn.close();
            conn.close();
        } catch (SQLException e) {
            throw new IOException(file + ": closing: " + e.getMessage(), e);
        } finally {
            readLock.unlock();
            lock.unlock();
        }
    }
}
