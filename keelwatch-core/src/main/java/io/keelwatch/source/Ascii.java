package io.keelwatch.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finding line ends in bytes and telling ASCII lines from the others, eight bytes at a time, and the word-at-a-time
 * steps that {@link JsonScan} uses too. Line readers work on bytes: an ASCII line becomes a string by a plain copy
 * and can be scanned in place, and only a line with other characters is decoded from UTF-8.
 */
final class Ascii {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    private Ascii() {
    }

    /** The eight bytes at {@code b[p]}, the first in the lowest bits. */
    static long word(byte[] b, int p) {
        return (long) LONGS.get(b, p);
    }

    /**
     * The high bit of each zero byte of {@code x} set, and perhaps of bytes above the first zero one (a borrow): the
     * lowest bit set, if any, marks exactly the first zero byte.
     */
    static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** Like {@link #zeroBytes}, for the bytes of {@code x} under {@code 0x20} (control characters). */
    static long controlBytes(long x) {
        return (x - 0x2020202020202020L) & ~x & HIGHS;
    }

    /** The string of the bytes {@code b[off, off + len)}: copied when they are ASCII, else decoded from UTF-8. */
    static String text(byte[] b, int off, int len, boolean ascii) {
        return new String(b, off, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
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
            any |= word(b, p);
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
            long w1 = word(b, p);
            long w2 = word(b, p + 8);
            if ((zeroBytes(w1 ^ NEWLINES) | zeroBytes(w2 ^ NEWLINES)) != 0) {
                break;
            }
            any |= w1 | w2;
        }
        for (; p + 8 <= to; p += 8) {
            long w = word(b, p);
            long hit = zeroBytes(w ^ NEWLINES);
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
