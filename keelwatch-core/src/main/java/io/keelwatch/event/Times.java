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
        long fast = parseUtc(s);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
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

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.f...]Z} (1 to 9 fractional digits) read without a formatter;
     * {@code Long.MIN_VALUE} for anything else (including invalid dates), which the full parse then handles.
     */
    private static long parseUtc(String s) {
        return parseUtc(s, 0, s.length());
    }

    /**
     * {@code text[from, to)} in the common form {@code yyyy-MM-ddTHH:mm:ss[.f...]Z} (1 to 9 fractional digits), in
     * nanoseconds, read in place; {@code Long.MIN_VALUE} for anything else (including invalid dates), for which
     * {@link #parse} of the text is the way.
     */
    public static long parseUtc(CharSequence text, int from, int to) {
        int n = to - from;
        if (n < 20 || text.charAt(to - 1) != 'Z' || text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-'
                || text.charAt(from + 10) != 'T' || text.charAt(from + 13) != ':' || text.charAt(from + 16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(text, from, from + 4);
        int month = digits(text, from + 5, from + 7);
        int day = digits(text, from + 8, from + 10);
        int hour = digits(text, from + 11, from + 13);
        int minute = digits(text, from + 14, from + 16);
        int second = digits(text, from + 17, from + 19);
        long nano = 0;
        if (n > 20) {
            int fraction = n - 1 - 20;
            if (text.charAt(from + 19) != '.' || fraction < 1 || fraction > 9) {
                return Long.MIN_VALUE;
            }
            int f = digits(text, from + 20, to - 1);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            nano = f;
            for (int i = fraction; i < 9; i++) {
                nano *= 10;
            }
        }
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        long days = epochDay(year, month, day);
        if (days == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return Math.addExact(Math.multiplyExact(days * 86_400 + hour * 3600L + minute * 60L + second, 1_000_000_000L),
                nano);
    }

    /** The last date read and its epoch day (logs hold the same date line after line). */
    private record Day(int year, int month, int day, long epochDay) {
    }

    private static volatile Day lastDay = new Day(1970, 1, 1, 0);

    /** The epoch day of a date, or {@code Long.MIN_VALUE} when there is no such date. */
    private static long epochDay(int year, int month, int day) {
        Day d = lastDay;
        if (d.day == day && d.month == month && d.year == year) {
            return d.epochDay;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long e = java.time.LocalDate.of(year, month, day).toEpochDay();
        lastDay = new Day(year, month, day, e);
        return e;
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(CharSequence s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
