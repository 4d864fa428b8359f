package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;

/**
 * One stored alert for people: the header, entity, evidence (with the events' key fields), triage history and
 * response actions.
 */
final class AlertText {
    private AlertText() {
    }

    static void print(PrintStream out, JsonNode a, boolean colour) {
        String p = a.path("priority").asText();
        out.println(AlertsCommand.paint(colour, p, p.toUpperCase()) + "  " + a.path("title").asText() + "  ("
                + a.path("rule").asText() + ")");
        row(out, "id", a.path("id").asText());
        row(out, "status", a.path("status").asText());
        row(out, "time", a.path("time").asText() + (a.path("count").asLong(1) > 1 ? "  x" + a.path("count").asLong()
                + " until " + a.path("last_time").asText() : ""));
        row(out, "summary", a.path("summary").asText());
        row(out, "techniques", join(a.path("techniques")));
        row(out, "source", a.path("source").asText());
        row(out, "stored", a.path("stored_at").asText());
        out.println("entity:");
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("entity").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.println("  " + e.getKey() + " = " + e.getValue().asText());
        }
        out.println("evidence:");
        JsonNode events = a.path("evidence_events");
        int i = 0;
        for (JsonNode ev : a.path("evidence")) {
            out.println("  " + ev.path("time").asText() + "  " + ev.path("source").asText() + "  "
                    + ev.path("file").asText() + ":" + ev.path("line").asText()
                    + (ev.has("summary") ? "  " + ev.path("summary").asText() : ""));
            JsonNode e = events.path(i++);
            if (e.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = e.path("f").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    out.println("      " + f.getKey() + " = " + f.getValue());
                }
            }
        }
        if (!a.path("response").isEmpty()) {
            out.println("response:");
            a.path("response").forEach(r -> out.println("  - " + r.asText()));
        }
        out.println("triage:");
        if (a.path("triage").isEmpty()) {
            out.println("  (none)");
        }
        for (JsonNode t : a.path("triage")) {
            out.println("  " + t.path("at").asText() + "  " + t.path("status").asText() + "  by "
                    + t.path("who").asText() + (t.path("reason").isTextual() ? ": " + t.path("reason").asText() : ""));
        }
        actions(out, a);
    }

    private static void actions(PrintStream out, JsonNode a) {
        out.println("actions:");
        if (a.path("actions").isEmpty()) {
            out.println("  (none)");
        }
        for (JsonNode x : a.path("actions")) {
            JsonNode r = x.path("result");
            out.println("  " + x.path("at").asText() + "  " + x.path("action").asText() + "  by " + x.path("who").asText()
                    + ": " + r.path("outcome").asText("?") + " " + r.path("target").asText("") + " - "
                    + r.path("message").asText(""));
        }
    }

    private static void row(PrintStream out, String k, String v) {
        out.println(String.format("%-11s %s", k + ":", v));
    }

    private static String join(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        arr.forEach(t -> sb.append(sb.length() == 0 ? "" : ", ").append(t.asText()));
        return sb.toString();
    }
}
