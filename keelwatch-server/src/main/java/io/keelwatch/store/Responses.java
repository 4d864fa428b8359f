package io.keelwatch.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Response actions recorded about alerts (written by {@link AlertStore#recordAction}), and the stored alerts around
 * one alert that evidence bundles take along.
 */
public final class Responses {
    /** One recorded action; {@code at} is epoch milliseconds, {@code result} the action's JSON result (or null). */
    public record Action(long id, String alertId, String action, String who, long at, JsonNode result) {
    }

    /** A stored alert with its evidence events. */
    public record Related(AlertStore.StoredAlert alert, List<JsonNode> evidenceEvents) {
    }

    private final Store store;

    Responses(Store store) {
        this.store = store;
    }

    /** The actions recorded about an alert (full id), oldest first. */
    public List<Action> forAlert(String alertId) throws IOException {
        return query("SELECT id, alert_id, action, who, at, result FROM response_actions WHERE alert_id = ? "
                + "ORDER BY id", alertId);
    }

    /**
     * The newest recorded action named {@code action} whose result names {@code target} (its {@code target} key)
     * and has one of the given outcomes; null when there is none.
     */
    public Action latest(String action, String target, Set<String> outcomes) throws IOException {
        List<Action> all = query("SELECT id, alert_id, action, who, at, result FROM response_actions WHERE action = ? "
                + "ORDER BY id DESC", action);
        for (Action a : all) {
            JsonNode r = a.result();
            if (r != null && target.equals(r.path("target").asText()) && outcomes.contains(r.path("outcome").asText())) {
                return a;
            }
        }
        return null;
    }

    private List<Action> query(String sql, String arg) throws IOException {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, arg);
                List<Action> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String res = r.getString(6);
                        out.add(new Action(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                                res == null ? null : AlertStore.parse(res)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Stored alerts whose time is within {@code windowNanos} of {@code timeNanos} and whose entity matches one of
     * {@code entities} (every key of it with an equal value), oldest first, with their evidence events; at most
     * {@code limit}.
     */
    public List<Related> around(long timeNanos, long windowNanos, List<Map<String, String>> entities, int limit)
            throws IOException {
        return store.read(c -> {
            List<Related> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, time, rule, priority, status, stored_at, json "
                    + "FROM alerts WHERE time >= ? AND time <= ? ORDER BY time, id");
                 PreparedStatement e = c.prepareStatement("SELECT event FROM evidence WHERE alert_id = ? ORDER BY seq")) {
                p.setLong(1, timeNanos - windowNanos);
                p.setLong(2, timeNanos + windowNanos);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next() && out.size() < limit) {
                        AlertStore.StoredAlert a = AlertStore.row(r);
                        if (matches(a.json().path("entity"), entities)) {
                            out.add(new Related(a, AlertStore.events(e, a.id())));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static boolean matches(JsonNode entity, List<Map<String, String>> entities) {
        for (Map<String, String> m : entities) {
            if (!m.isEmpty() && m.entrySet().stream().allMatch(x -> x.getValue().equals(entity.path(x.getKey())
                    .asText(null)))) {
                return true;
            }
        }
        return false;
    }
}
