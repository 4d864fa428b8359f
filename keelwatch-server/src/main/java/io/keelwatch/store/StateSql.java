package io.keelwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of detector state snapshots and of retention, run on a connection the {@link Store} hands over (inside
 * its locks and, for writes, its transaction).
 */
final class StateSql {
    private StateSql() {
    }

    /** The state saved under {@code name}, or a fresh one (position 0, no snapshot). */
    static Store.State load(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT processed_id, snapshot FROM detector_state "
                + "WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? new Store.State(r.getLong(1), r.getString(2)) : new Store.State(0, null);
            }
        }
    }

    /** Saves a state inside a transaction the caller runs (with the alerts it accounts for). */
    static void save(Connection c, String name, Store.State s, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO detector_state(name, processed_id, snapshot, "
                + "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET processed_id = "
                + "excluded.processed_id, snapshot = excluded.snapshot, updated_at = excluded.updated_at")) {
            p.setString(1, name);
            p.setLong(2, s.processedId());
            p.setString(3, s.snapshot());
            p.setLong(4, now);
            p.executeUpdate();
        }
    }

    /**
     * Deletes alerts stored before {@code cutoff} (epoch ms; their evidence, triage and action references go with
     * them), inbox rows received before it that the processor {@code processorName} has processed, and spooled
     * output items created before it.
     */
    static Store.Pruned prune(Connection c, long cutoff, String processorName) throws SQLException {
        long processed = load(c, processorName).processedId();
        int alerts = delete(c, "DELETE FROM alerts WHERE stored_at < ?", cutoff);
        int inbox;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM inbox WHERE received_at < ? AND id <= ?")) {
            p.setLong(1, cutoff);
            p.setLong(2, processed);
            inbox = p.executeUpdate();
        }
        int spooled = delete(c, "DELETE FROM output_spool WHERE created_at < ?", cutoff);
        return new Store.Pruned(alerts, inbox, spooled);
    }

    private static int delete(Connection c, String sql, long cutoff) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, cutoff);
            return p.executeUpdate();
        }
    }
}
