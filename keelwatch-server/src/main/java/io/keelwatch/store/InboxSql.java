package io.keelwatch.store;

import io.keelwatch.live.Inbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** The SQL of the inbox table, run on a connection the {@link Store} hands over (inside its locks). */
final class InboxSql {
    private static final String COLUMNS = "SELECT id, input, source_type, origin, payload, received_at FROM inbox ";

    private InboxSql() {
    }

    /** Appends records received at {@code now} (epoch ms), in order. */
    static void insert(Connection c, String input, List<Inbox.Record> records, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO inbox(input, source_type, origin, payload, "
                + "received_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Inbox.Record r : records) {
                if (r.sourceType() == null || r.payload() == null) {
                    throw new IllegalArgumentException("an inbox record needs a source type and a payload");
                }
                p.setString(1, input);
                p.setString(2, r.sourceType());
                p.setString(3, r.origin());
                p.setString(4, r.payload());
                p.setLong(5, now);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Up to {@code limit} rows with an id above {@code afterId}, in id order. */
    static List<Store.InboxRow> after(Connection c, long afterId, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(COLUMNS + "WHERE id > ? ORDER BY id LIMIT ?")) {
            p.setLong(1, afterId);
            p.setInt(2, limit);
            return rows(p);
        }
    }

    /** The last {@code limit} rows of the given source types with an id up to {@code maxId}, in id order. */
    static List<Store.InboxRow> lastOfTypes(Connection c, Set<String> types, long maxId, int limit)
            throws SQLException {
        String marks = String.join(",", Collections.nCopies(types.size(), "?"));
        try (PreparedStatement p = c.prepareStatement(COLUMNS + "WHERE id <= ? AND source_type IN (" + marks
                + ") ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            p.setLong(i++, maxId);
            for (String t : types) {
                p.setString(i++, t);
            }
            p.setInt(i, limit);
            List<Store.InboxRow> out = rows(p);
            Collections.reverse(out);
            return out;
        }
    }

    private static List<Store.InboxRow> rows(PreparedStatement p) throws SQLException {
        List<Store.InboxRow> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new Store.InboxRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getLong(6)));
            }
        }
        return out;
    }
}
