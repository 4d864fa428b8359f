package io.keelwatch.alert;

import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is, most severe first (so {@code compareTo} sorts critical before info). */
public enum Priority {
    CRITICAL, HIGH, MEDIUM, LOW, INFO;

    /** Lower-case name, as written in rules and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Severity as a number: critical 4 ... info 0. */
    public int severity() {
        return INFO.ordinal() - ordinal();
    }

    /** True when this is at least as severe as {@code min}. */
    public boolean isAtLeast(Priority min) {
        return ordinal() <= min.ordinal();
    }

    /** Parses critical, high, medium, low or info (any case; {@code informational} is accepted for info). */
    public static Optional<Priority> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("informational")) {
            return Optional.of(INFO);
        }
        for (Priority p : values()) {
            if (p.label().equals(t)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #parse} but throws IllegalArgumentException naming the valid values. */
    public static Priority of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("unknown priority '" + text
                + "' (expected critical, high, medium, low or info)"));
    }
}
