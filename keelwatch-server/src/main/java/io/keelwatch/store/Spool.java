package io.keelwatch.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Output items waiting on disk: what an output's in-memory queue could not hold, and its queue at shutdown. */
public final class Spool {
    /** A spooled item. */
    public record Item(long id, String payload, int attempts) {
    }

    private final Store store;

    Spool(Store store) {
        this.store = store;
    }

    public void add(String output, List<String> payloads) throws IOException {
        long now = store.now();
        store.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO output_spool(output, payload, created_at) "
                    + "VALUES (?, ?, ?)")) {
                for (String s : payloads) {
                    p.setString(1, output);
                    p.setString(2, s);
                    p.setLong(3, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    /** The oldest items of {@code output}. */
    public List<Item> peek(String output, int limit) throws IOException {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, payload, attempts FROM output_spool "
                    + "WHERE output = ? ORDER BY id LIMIT ?")) {
                p.setString(1, output);
                p.setInt(2, limit);
                List<Item> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Item(r.getLong(1), r.getString(2), r.getInt(3)));
                    }
                }
                return out;
            }
        });
    }

    public void remove(long id) throws IOException {
        store.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM output_spool WHERE id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    public long size(String output) throws IOException {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM output_spool WHERE output = ?")) {
                p.setString(1, output);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }
}
