package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Slack incoming-webhook message for an alert (also understood by Mattermost and Rocket.Chat): {@code text} as
 * the notification fallback, and {@code blocks}: a header, the summary, a fields section (priority, rule,
 * techniques, entity) and a context line (alert id, time, source).
 */
public final class SlackMessage {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SlackMessage() {
    }

    public static ObjectNode of(JsonNode a) {
        String priority = a.path("priority").asText().toUpperCase(Locale.ROOT);
        String title = a.path("title").asText(a.path("rule").asText());
        long count = a.path("count").asLong(1);
        ObjectNode m = F.objectNode();
        m.put("text", "[" + priority + "] " + title + ": " + a.path("summary").asText());
        ArrayNode blocks = m.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", cut(emoji(priority) + " " + title, 150));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", cut(escape(a.path("summary").asText()) + (count > 1 ? " (x" + count + ")" : ""), 3000));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Priority", priority);
        field(fields, "Rule", "`" + a.path("rule").asText() + "`");
        field(fields, "Techniques", join(a.path("techniques")));
        field(fields, "Entity", entity(a.path("entity")));
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", cut("alert " + a.path("id").asText() + " · " + a.path("time").asText() + " · "
                        + a.path("source").asText(), 3000));
        return m;
    }

    private static void field(ArrayNode fields, String name, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", cut("*" + name + "*\n" + (value.isEmpty() ? "-" : value),
                2000));
    }

    private static String emoji(String priority) {
        return switch (priority) {
            case "CRITICAL" -> "\uD83D\uDD34";
            case "HIGH" -> "\uD83D\uDFE0";
            case "MEDIUM" -> "\uD83D\uDFE1";
            default -> "\u26AA";
        };
    }

    private static String join(JsonNode arr) {
        List<String> l = new ArrayList<>();
        arr.forEach(t -> l.add(t.asText()));
        return String.join(", ", l);
    }

    private static String entity(JsonNode e) {
        List<String> l = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            l.add(f.getKey() + "=" + escape(f.getValue().asText()));
        }
        return String.join("\n", l);
    }

    /** Slack mrkdwn needs &, < and > escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
