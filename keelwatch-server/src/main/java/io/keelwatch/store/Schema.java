package io.keelwatch.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema, versioned in the {@code meta} table ({@code schema_version}). Each migration takes the
 * schema from version {@code i} to {@code i + 1} and runs in one transaction with the version update, so a store
 * is always at a known version. A store written by a newer Keelwatch (higher version) is refused.
 */
final class Schema {
    /** Migration {@code i} (0-based) brings the schema to version {@code i + 1}. */
    private static final List<String[]> MIGRATIONS = List.<String[]>of(new String[]{
            """
            CREATE TABLE inbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              input TEXT NOT NULL,
              source_type TEXT NOT NULL,
              origin TEXT,
              payload TEXT NOT NULL,
              received_at INTEGER NOT NULL)""",
            "CREATE INDEX inbox_received ON inbox(received_at)",
            """
            CREATE TABLE input_offsets (
              input TEXT PRIMARY KEY,
              offset TEXT,
              updated_at INTEGER NOT NULL)""",
            """
            CREATE TABLE alerts (
              id TEXT PRIMARY KEY,
              time INTEGER NOT NULL,
              rule TEXT NOT NULL,
              priority TEXT NOT NULL,
              severity INTEGER NOT NULL,
              status TEXT NOT NULL DEFAULT 'open',
              source TEXT,
              summary TEXT,
              count INTEGER NOT NULL,
              json TEXT NOT NULL,
              stored_at INTEGER NOT NULL)""",
            "CREATE INDEX alerts_time ON alerts(time)",
            "CREATE INDEX alerts_rule ON alerts(rule)",
            "CREATE INDEX alerts_priority ON alerts(priority)",
            "CREATE INDEX alerts_status ON alerts(status)",
            "CREATE INDEX alerts_stored ON alerts(stored_at)",
            """
            CREATE TABLE evidence (
              alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
              seq INTEGER NOT NULL,
              event TEXT,
              PRIMARY KEY (alert_id, seq))""",
            """
            CREATE TABLE triage (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              alert_id TEXT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
              status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
              reason TEXT,
              who TEXT,
              at INTEGER NOT NULL)""",
            "CREATE INDEX triage_alert ON triage(alert_id)",
            """
            CREATE TABLE detector_state (
              name TEXT PRIMARY KEY,
              processed_id INTEGER NOT NULL,
              snapshot TEXT,
              updated_at INTEGER NOT NULL)""",
            """
            CREATE TABLE response_actions (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              alert_id TEXT REFERENCES alerts(id) ON DELETE SET NULL,
              action TEXT NOT NULL,
              who TEXT,
              at INTEGER NOT NULL,
              result TEXT)""",
            """
            CREATE TABLE output_spool (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              output TEXT NOT NULL,
              payload TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              created_at INTEGER NOT NULL)""",
            "CREATE INDEX output_spool_output ON output_spool(output, id)"
    });

    static final int VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the schema up to {@link #VERSION}; returns the version found before. */
    static int migrate(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        int found = version(c);
        if (found > VERSION) {
            throw new SQLException(name + ": store schema version " + found + " is newer than this Keelwatch "
                    + "understands (" + VERSION + "); upgrade Keelwatch");
        }
        for (int v = found; v < VERSION; v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '" + (v + 1) + "') "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException(name + ": migrating the store to schema version " + (v + 1) + " failed: "
                        + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return found;
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            return r.next() ? Integer.parseInt(r.getString(1)) : 0;
        }
    }
}
