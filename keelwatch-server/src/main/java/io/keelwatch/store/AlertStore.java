package io.keelwatch.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.alert.Alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Alerts in the {@link Store}: the processor's commit, queries, triage and response actions. */
public final class AlertStore {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final Set<String> STATUSES = Set.of("open", "acknowledged", "closed");

    /** An alert to store: the alert and, per evidence item, the event's JSON (null when no longer known). */
    public record NewAlert(Alert alert, List<JsonNode> evidenceEvents) {
    }

    /** An alert as stored; {@code json} is {@link Alert#toJson()} plus {@code id} and {@code status}. */
    public record StoredAlert(String id, long timeNanos, String rule, String priority, String status,
                              long storedAt, ObjectNode json) {
    }

    /** One triage change. */
    public record Triage(String status, String reason, String who, long at) {
    }

    /** An alert with its evidence events and triage history. */
    public record Details(StoredAlert alert, List<JsonNode> evidenceEvents, List<Triage> history) {
    }

    private final Store store;

    AlertStore(Store store) {
        this.store = store;
    }

    /**
     * One transaction: inserts the alerts not stored yet (by stable id) with their evidence, and saves the processor
     * state when {@code state} is not null. Returns the alerts actually inserted, with their ids, in input order.
     */
    public List<StoredAlert> commit(List<NewAlert> alerts, String stateName, Store.State state) throws IOException {
        long now = store.now();
        return store.tx(c -> {
            List<StoredAlert> inserted = new ArrayList<>();
            try (PreparedStatement a = c.prepareStatement("INSERT OR IGNORE INTO alerts(id, time, rule, priority, "
                    + "severity, status, source, summary, count, json, stored_at) VALUES (?,?,?,?,?,'open',?,?,?,?,?)");
                 PreparedStatement e = c.prepareStatement("INSERT INTO evidence(alert_id, seq, event) VALUES (?,?,?)")) {
                for (NewAlert n : alerts) {
                    Alert al = n.alert();
                    String id = AlertIds.of(al);
                    a.setString(1, id);
                    a.setLong(2, al.timeNanos());
                    a.setString(3, al.rule());
                    a.setString(4, al.priority().label());
                    a.setInt(5, al.priority().severity());
                    a.setString(6, al.source());
                    a.setString(7, al.summary());
                    a.setLong(8, al.count());
                    a.setString(9, al.toJson().toString());
                    a.setLong(10, now);
                    if (a.executeUpdate() == 0) {
                        continue; // stored before: reprocessed input
                    }
                    for (int i = 0; i < n.evidenceEvents().size(); i++) {
                        JsonNode ev = n.evidenceEvents().get(i);
                        e.setString(1, id);
                        e.setInt(2, i);
                        e.setString(3, ev == null ? null : ev.toString());
                        e.addBatch();
                    }
                    inserted.add(new StoredAlert(id, al.timeNanos(), al.rule(), al.priority().label(), "open", now,
                            withId(al.toJson(), id, "open")));
                }
                e.executeBatch();
            }
            if (state != null) {
                StateSql.save(c, stateName, state, now);
            }
            return inserted;
        });
    }

    private static ObjectNode withId(ObjectNode alert, String id, String status) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.put("status", status);
        o.setAll(alert);
        return o;
    }

    /** Filter for {@link #list}: any argument may be null. {@code sinceMillis} compares with the stored time. */
    public record Query(String status, Long sinceMillis, String rule, String minPriority, int limit) {
    }

    /** Alerts matching {@code q}, newest first. */
    public List<StoredAlert> list(Query q) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT id, time, rule, priority, status, stored_at, json FROM alerts "
                + "WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.status() != null) {
            sql.append(" AND status = ?");
            args.add(q.status());
        }
        if (q.sinceMillis() != null) {
            sql.append(" AND stored_at >= ?");
            args.add(q.sinceMillis());
        }
        if (q.rule() != null) {
            sql.append(" AND rule = ?");
            args.add(q.rule());
        }
        if (q.minPriority() != null) {
            sql.append(" AND severity >= ?");
            args.add(io.keelwatch.alert.Priority.of(q.minPriority()).severity());
        }
        sql.append(" ORDER BY time DESC, id LIMIT ?");
        args.add(q.limit() <= 0 ? Integer.MAX_VALUE : q.limit());
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                List<StoredAlert> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
                return out;
            }
        });
    }

    static StoredAlert row(ResultSet r) throws SQLException {
        try {
            ObjectNode j = (ObjectNode) JSON.readTree(r.getString(7));
            return new StoredAlert(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                    r.getLong(6), withId(j, r.getString(1), r.getString(5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of alerts stored. */
    public long count() throws IOException {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM alerts"); ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /**
     * Resolves an id or a unique prefix of one (at least 4 characters). Throws IllegalArgumentException when none or
     * several alerts match.
     */
    public String resolve(String idOrPrefix) throws IOException {
        String p = idOrPrefix.toLowerCase(Locale.ROOT).trim();
        if (p.length() < 4 || !p.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("'" + idOrPrefix + "' is not an alert id (hex, at least 4 digits)");
        }
        List<String> ids = store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM alerts WHERE id >= ? AND id < ? LIMIT 2")) {
                s.setString(1, p);
                s.setString(2, p + "g");
                List<String> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        });
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no alert with id " + idOrPrefix);
        }
        if (ids.size() > 1) {
            throw new IllegalArgumentException("alert id prefix " + idOrPrefix + " is ambiguous");
        }
        return ids.get(0);
    }

    /** The alert with its evidence and triage history. */
    public Details details(String id) throws IOException {
        String full = resolve(id);
        return store.read(c -> {
            StoredAlert a;
            try (PreparedStatement p = c.prepareStatement("SELECT id, time, rule, priority, status, stored_at, json "
                    + "FROM alerts WHERE id = ?")) {
                p.setString(1, full);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    a = row(r);
                }
            }
            List<JsonNode> ev;
            try (PreparedStatement p = c.prepareStatement("SELECT event FROM evidence WHERE alert_id = ? ORDER BY seq")) {
                ev = events(p, full);
            }
            return new Details(a, ev, history(c, full));
        });
    }

    /** The evidence events of an alert, with {@code p} selecting {@code event} by alert id in order. */
    static List<JsonNode> events(PreparedStatement p, String id) throws SQLException {
        p.setString(1, id);
        List<JsonNode> ev = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                String s = r.getString(1);
                ev.add(s == null ? null : parse(s));
            }
        }
        return ev;
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Triage> history(Connection c, String id) throws SQLException {
        List<Triage> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT status, reason, who, at FROM triage WHERE alert_id = ? "
                + "ORDER BY id")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Triage(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Sets an alert's status and records the change in its triage history; returns the full id. */
    public String triage(String idOrPrefix, String status, String reason, String who) throws IOException {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be open, acknowledged or closed, not '" + status + "'");
        }
        String id = resolve(idOrPrefix);
        long now = store.now();
        store.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE alerts SET status = ? WHERE id = ?")) {
                p.setString(1, status);
                p.setString(2, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO triage(alert_id, status, reason, who, at) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, status);
                p.setString(3, reason);
                p.setString(4, who);
                p.setLong(5, now);
                p.executeUpdate();
            }
            return null;
        });
        return id;
    }

    /** Records a response action taken about an alert (who, what, and its result as JSON); returns its row id. */
    public long recordAction(String alertId, String action, String who, JsonNode result) throws IOException {
        long now = store.now();
        return store.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO response_actions(alert_id, action, who, at, "
                    + "result) VALUES (?, ?, ?, ?, ?)", PreparedStatement.RETURN_GENERATED_KEYS)) {
                p.setString(1, alertId);
                p.setString(2, action);
                p.setString(3, who);
                p.setLong(4, now);
                p.setString(5, result == null ? null : result.toString());
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    return k.next() ? k.getLong(1) : -1L;
                }
            }
        });
    }
}
