package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Renders alerts (in their JSON form) as a table for people; priority-coloured on a terminal only. */
final class AlertTable {
    private final PrintWriter out;
    private final boolean colour;
    private boolean header;

    AlertTable(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    void print(JsonNode a) {
        if (!header) {
            header = true;
            out.println(String.format("%-24s %-8s %-34s %-22s %-24s %s", "TIME", "PRIORITY", "RULE", "TECHNIQUES",
                    "ENTITY", "SUMMARY"));
        }
        String priority = a.path("priority").asText();
        String time = a.path("time").asText();
        if (time.length() > 23) {
            time = time.substring(0, 23) + "Z";
        }
        String count = a.path("count").asLong(1) > 1 ? " (x" + a.path("count").asLong() + ")" : "";
        String line = String.format("%-24s %s %-34s %-22s %-24s %s", time,
                paint(priority, Terminal.cell(priority.toUpperCase(), 8)),
                Terminal.cell(a.path("rule").asText(), 34),
                Terminal.cell(join(a.path("techniques")), 22),
                Terminal.cell(entity(a.path("entity")), 24),
                a.path("summary").asText() + count);
        out.println(line);
    }

    private String paint(String priority, String text) {
        String code = switch (priority) {
            case "critical" -> "1;31";
            case "high" -> "31";
            case "medium" -> "33";
            case "low" -> "36";
            default -> "2";
        };
        return Terminal.paint(colour, code, text);
    }

    static String entity(JsonNode e) {
        for (String k : new String[]{"container.name", "orchestrator.resource.name", "container.id", "user.name",
                "source.ip"}) {
            JsonNode v = e.get(k);
            if (v != null && !v.asText().isEmpty()) {
                String ns = e.path("orchestrator.namespace").asText("");
                return k.equals("orchestrator.resource.name") && !ns.isEmpty() ? ns + "/" + v.asText() : v.asText();
            }
        }
        return "-";
    }

    static String join(JsonNode arr) {
        List<String> s = new ArrayList<>();
        arr.forEach(n -> s.add(n.asText()));
        return String.join(",", s);
    }
}
