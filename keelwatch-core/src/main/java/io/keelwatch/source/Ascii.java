package io.keelwatch.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finding line ends in bytes and telling ASCII lines from the others, eight bytes at a time. Line readers work on
 * bytes: an ASCII line becomes a string by a plain copy and can be scanned in place, and only a line with other
 * characters is decoded from UTF-8.
 */
final class Ascii {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Ascii() {
    }

    /** True when every character of {@code s} is ASCII. */
    static boolean is(String s) {
        for (int k = 0, n = s.length(); k < n; k++) {
            if (s.charAt(k) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** True when every byte of {@code b[from, to)} is ASCII. */
    static boolean is(byte[] b, int from, int to) {
        long any = 0;
        int p = from;
        for (; p + 8 <= to; p += 8) {
            any |= (long) LONGS.get(b, p);
        }
        for (; p < to; p++) {
            any |= b[p];
        }
        return (any & HIGHS) == 0;
    }

    /**
     * The end of the line that starts at {@code from} in {@code b[from, to)}: the index of its newline ({@link #index})
     * and whether the bytes before it are all ASCII ({@link #ascii}); or -1 when there is no newline before
     * {@code to}.
     */
    static long lineEnd(byte[] b, int from, int to) {
        long any = 0;
        int p = from;
        for (; p + 16 <= to; p += 16) {         // sixteen bytes a step while no newline is among them
            long w1 = (long) LONGS.get(b, p);
            long w2 = (long) LONGS.get(b, p + 8);
            long x1 = w1 ^ NEWLINES;
            long x2 = w2 ^ NEWLINES;
            if (((((x1 - ONES) & ~x1) | ((x2 - ONES) & ~x2)) & HIGHS) != 0) {
                break;
            }
            any |= w1 | w2;
        }
        for (; p + 8 <= to; p += 8) {
            long w = (long) LONGS.get(b, p);
            long x = w ^ NEWLINES;
            long hit = (x - ONES) & ~x & HIGHS;
            if (hit != 0) {
                int k = Long.numberOfTrailingZeros(hit) >>> 3;     // the first newline (lower flags are exact)
                any |= k == 0 ? 0 : w & (-1L >>> (64 - 8 * k));
                return end(p + k, any);
            }
            any |= w;
        }
        for (; p < to; p++) {
            byte c = b[p];
            if (c == '\n') {
                return end(p, any);
            }
            any |= c;
        }
        return -1;
    }

    /** Flag of {@link #lineEnd}'s result for a line with a byte outside ASCII. */
    static final long NON_ASCII = 1L << 32;

    private static long end(int newline, long any) {
        return (any & HIGHS) == 0 ? newline : newline | NON_ASCII;
    }

    /** The newline's index from a {@link #lineEnd} result (not -1). */
    static int index(long end) {
        return (int) end;
    }

    /** True when a {@link #lineEnd} result (not -1) is for an ASCII line. */
    static boolean ascii(long end) {
        return (end & NON_ASCII) == 0;
    }
}
