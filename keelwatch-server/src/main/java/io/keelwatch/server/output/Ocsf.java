package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * An alert as an OCSF (1.3) Detection Finding: {@code class_uid} 2004, category 2 (Findings), activity 1 (Create),
 * {@code type_uid} 200401; {@code severity_id} from the priority (info 1, low 2, medium 3, high 4, critical 5);
 * {@code finding_info} (uid = alert id, title, desc = summary, first/last seen, the rule as the analytic);
 * {@code attacks} (one per technique, with its name and the first tactic); {@code status_id} from the triage status
 * (open 1 New, acknowledged 2 In Progress, closed 4 Resolved); times in epoch milliseconds; the entity, evidence and
 * response hints under {@code unmapped}.
 */
public final class Ocsf {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Ocsf() {
    }

    public static ObjectNode finding(JsonNode a, String productVersion) {
        ObjectNode o = F.objectNode();
        o.put("class_uid", 2004).put("class_name", "Detection Finding");
        o.put("category_uid", 2).put("category_name", "Findings");
        o.put("activity_id", 1).put("activity_name", "Create");
        o.put("type_uid", 200401).put("type_name", "Detection Finding: Create");
        String priority = a.path("priority").asText("info");
        o.put("severity_id", severityId(priority)).put("severity", severityName(priority));
        long time = millis(a.path("time").asText());
        o.put("time", time);
        o.put("message", a.path("summary").asText());
        o.put("count", a.path("count").asLong(1));
        String status = a.path("status").asText("open");
        int statusId = switch (status) {
            case "acknowledged" -> 2;
            case "closed" -> 4;
            default -> 1;
        };
        o.put("status_id", statusId).put("status", switch (statusId) {
            case 2 -> "In Progress";
            case 4 -> "Resolved";
            default -> "New";
        });
        ObjectNode meta = o.putObject("metadata");
        meta.put("version", "1.3.0");
        meta.put("uid", a.path("id").asText());
        meta.putObject("product").put("name", "Keelwatch").put("vendor_name", "Keelwatch")
                .put("version", productVersion == null ? "dev" : productVersion);
        meta.putArray("labels").add("source:" + a.path("source").asText());
        ObjectNode fi = o.putObject("finding_info");
        fi.put("uid", a.path("id").asText());
        fi.put("title", a.path("title").asText());
        fi.put("desc", a.path("summary").asText());
        fi.put("created_time", time);
        fi.put("first_seen_time", millis(a.path("first_time").asText()));
        fi.put("last_seen_time", millis(a.path("last_time").asText()));
        fi.putArray("types").add(a.path("rule").asText());
        fi.putObject("analytic").put("uid", a.path("rule").asText()).put("name", a.path("rule").asText())
                .put("type_id", 1).put("type", "Rule");
        ArrayNode attacks = o.putArray("attacks");
        String[] tactic = null;
        for (JsonNode t : a.path("tactics")) {
            tactic = Attack.tactic(t.asText());
            if (tactic != null) {
                break;
            }
        }
        for (JsonNode t : a.path("techniques")) {
            ObjectNode at = attacks.addObject();
            String id = t.asText();
            ObjectNode tech = at.putObject("technique").put("uid", id);
            String name = Attack.technique(id);
            if (name != null) {
                tech.put("name", name);
            }
            if (tactic != null) {
                at.putObject("tactic").put("uid", tactic[0]).put("name", tactic[1]);
            }
            at.put("version", Attack.VERSION);
        }
        ObjectNode un = o.putObject("unmapped");
        un.set("entity", a.path("entity"));
        un.set("evidence", a.path("evidence"));
        un.set("response", a.path("response"));
        un.set("tags", a.path("tags"));
        if (a.hasNonNull("strategy")) {
            un.put("strategy", a.path("strategy").asText());
        }
        return o;
    }

    static int severityId(String priority) {
        return switch (priority) {
            case "critical" -> 5;
            case "high" -> 4;
            case "medium" -> 3;
            case "low" -> 2;
            case "info" -> 1;
            default -> 0;
        };
    }

    private static String severityName(String priority) {
        return switch (priority) {
            case "critical" -> "Critical";
            case "high" -> "High";
            case "medium" -> "Medium";
            case "low" -> "Low";
            case "info" -> "Informational";
            default -> "Unknown";
        };
    }

    private static long millis(String rfc3339) {
        try {
            return Instant.parse(rfc3339).toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
