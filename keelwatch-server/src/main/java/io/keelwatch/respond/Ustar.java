package io.keelwatch.respond;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal POSIX ustar writer: regular files only, names up to 100 bytes, sizes below 8 GiB. */
final class Ustar implements AutoCloseable {
    private static final int BLOCK = 512;
    private final OutputStream out;
    private final long mtimeSeconds;

    Ustar(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtimeSeconds = mtimeSeconds;
    }

    /** Writes one file: its header, then exactly {@code size} bytes of {@code data}, then padding. */
    void file(String name, long size, InputStream data) throws IOException {
        out.write(header(name, size, mtimeSeconds));
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = data.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + ": ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[pad]);
    }

    static byte[] header(String name, long size, long mtime) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        if (size < 0 || size >= (1L << 33)) {
            throw new IllegalArgumentException("tar entry too large: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = '0';
        put(h, 257, "ustar\0");
        put(h, 263, "00");
        put(h, 265, "root");
        put(h, 297, "root");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String c = String.format("%06o", sum);
        put(h, 148, c);
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    /** {@code width - 1} octal digits, zero-padded, then NUL. */
    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        s = "0".repeat(width - 1 - s.length()) + s;
        put(h, at, s);
        h[at + width - 1] = 0;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    /** The end-of-archive marker: two zero blocks. Does not close the stream. */
    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }
}
