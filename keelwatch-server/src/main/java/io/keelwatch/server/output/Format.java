package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The JSON an output writes: the alert as stored, or an OCSF Detection Finding. */
public enum Format {
    ALERT, OCSF;

    public String render(JsonNode alert) {
        return this == OCSF ? Ocsf.finding(alert, Format.class.getPackage().getImplementationVersion()).toString()
                : alert.toString();
    }

    public static Format of(String s) {
        if (s == null || s.isEmpty()) {
            return ALERT;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "alert", "json" -> ALERT;
            case "ocsf" -> OCSF;
            default -> throw new IllegalArgumentException("unknown output format '" + s + "' (expected json or ocsf)");
        };
    }
}
