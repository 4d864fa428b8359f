package io.keelwatch.detect;

import java.time.Duration;

/** Duration helpers: saturating conversion to nanoseconds and short human text. */
final class Durations {
    private Durations() {
    }

    /** Nanoseconds, saturating at Long.MAX_VALUE; null means 0. */
    static long nanos(Duration d) {
        if (d == null) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** a - b without overflow. */
    static long minus(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** a + b without overflow. */
    static long plus(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code 90s}, {@code 5m}, {@code 1.5s}, {@code 250ms}. */
    static String text(long nanos) {
        if (nanos % 3_600_000_000_000L == 0 && nanos >= 3_600_000_000_000L) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0 && nanos >= 60_000_000_000L) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        return trim(nanos / 1e6) + "ms";
    }

    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
