package io.keelwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Scoring;
import io.keelwatch.emulate.Validation;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints {@code keelwatch validate}'s matrix: one row per scenario, then a verdict per strategy. */
final class ValidationMatrix {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ValidationMatrix() {
    }

    /** Pass or fail per strategy over all reports. */
    static Map<String, Boolean> strategies(List<Validation.Report> reports) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Validation.Report r : reports) {
            r.strategies().forEach((k, v) -> m.merge(k, v, Boolean::logicalAnd));
        }
        return m;
    }

    static void table(PrintStream out, List<Validation.Report> reports, boolean colour) {
        String fmt = "%-9s %-18s %-32s %-9s %-22s %-9s %8s  %s%n";
        out.printf(fmt, "EMULATOR", "STRATEGY", "SCENARIO", "KIND", "TECHNIQUES", "RESULT", "DETECT", "ALERTS");
        for (Validation.Report r : reports) {
            for (Scoring.Row row : r.rows()) {
                String result = result(row);
                String shown = colour ? (row.passed() ? "\u001b[32m" : "\u001b[31m") + String.format("%-9s", result)
                        + "\u001b[0m" : result;
                out.printf(fmt, r.emulator(), row.scenario().strategy(), row.scenario().name(), row.scenario().kind(),
                        clip(row.scenario().malicious() ? String.join(",", row.scenario().techniques()) : "-", 22),
                        shown, row.detectMillis() == null ? "-" : row.detectMillis() + " ms", alerts(row));
            }
        }
        out.println();
        for (Validation.Report r : reports) {
            out.printf("%s: %d events read, %d records rejected%n", r.emulator(), r.events(), r.rejected());
            r.notes().forEach(n -> out.println("  note: " + n));
        }
        strategies(reports).forEach((s, ok) -> out.printf("strategy %-18s %s%n", s, ok ? "PASSED" : "FAILED"));
    }

    private static String result(Scoring.Row row) {
        if (row.scenario().malicious()) {
            return row.passed() ? "detected" : "MISSED";
        }
        return row.passed() ? "quiet" : "NOISY";
    }

    private static String alerts(Scoring.Row row) {
        StringBuilder b = new StringBuilder(String.join(",", row.matching()));
        if (!row.other().isEmpty()) {
            b.append(b.length() > 0 ? " " : "").append("(also: ").append(String.join(",", row.other())).append(')');
        }
        if (!row.scenario().malicious() || row.matching().isEmpty()) {
            b.insert(0, row.matching().isEmpty() && row.scenario().malicious() ? "expected "
                    + String.join(",", row.scenario().expectedRules()) + " " : "");
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static ObjectNode json(List<Validation.Report> reports) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode emulators = root.putArray("emulators");
        for (Validation.Report r : reports) {
            ObjectNode e = emulators.addObject().put("emulator", r.emulator()).put("events", r.events())
                    .put("rejected", r.rejected());
            r.notes().forEach(e.putArray("notes")::add);
            ArrayNode rows = e.putArray("scenarios");
            for (Scoring.Row row : r.rows()) {
                ObjectNode o = rows.addObject().put("scenario", row.scenario().name())
                        .put("strategy", row.scenario().strategy()).put("kind", row.scenario().kind())
                        .put("result", result(row).toLowerCase(java.util.Locale.ROOT)).put("passed", row.passed());
                row.scenario().techniques().forEach(o.putArray("techniques")::add);
                row.scenario().expectedRules().forEach(o.putArray("expected_rules")::add);
                if (row.detectMillis() != null) {
                    o.put("detect_ms", row.detectMillis());
                }
                row.matching().forEach(o.putArray(row.scenario().malicious() ? "detected_by" : "false_positives")::add);
                row.other().forEach(o.putArray("other_alerts")::add);
                o.put("start_ns", row.label().startNs()).put("end_ns", row.label().endNs());
            }
        }
        ObjectNode s = root.putObject("strategies");
        strategies(reports).forEach(s::put);
        root.put("passed", reports.stream().allMatch(Validation.Report::passed));
        return root;
    }
}
