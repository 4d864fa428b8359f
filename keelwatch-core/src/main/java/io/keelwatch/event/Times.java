package io.keelwatch.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Time helpers: everything is nanoseconds since the epoch, UTC. */
public final class Times {
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static long ofInstant(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    public static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** RFC 3339 UTC with nine fractional digits. */
    public static String format(long nanos) {
        return RFC3339_NANO.format(toInstant(nanos));
    }

    /**
     * Parses RFC 3339 / ISO-8601 text (with or without zone; no zone means UTC; any number of fractional
     * digits). Throws {@link IllegalArgumentException} with the text on failure.
     */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty time");
        }
        String s = text.trim();
        try {
            return ofInstant(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return ofInstant(Instant.parse(s));
            } catch (DateTimeParseException e2) {
                try {
                    return ofInstant(java.time.LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("unreadable time '" + text + "'");
                }
            }
        }
    }

    /** Decimal epoch seconds such as {@code 1795443415.675377} to nanoseconds, without floating-point loss. */
    public static long ofEpochSecondsText(String text) {
        String s = text.trim();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Math.multiplyExact(Long.parseLong(s), 1_000_000_000L);
        }
        long secs = Long.parseLong(s.substring(0, dot));
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        if (!frac.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("unreadable epoch time '" + text + "'");
        }
        return Math.addExact(Math.multiplyExact(secs, 1_000_000_000L), Long.parseLong(frac));
    }

    /** Epoch number whose unit is guessed from its magnitude (s, ms, us or ns). */
    public static long ofEpochNumber(double v) {
        double a = Math.abs(v);
        if (a > 1e17) {
            return (long) v;
        }
        if (a > 1e14) {
            return (long) (v * 1e3);
        }
        if (a > 1e11) {
            return (long) (v * 1e6);
        }
        return Math.round(v * 1e9);
    }
}
