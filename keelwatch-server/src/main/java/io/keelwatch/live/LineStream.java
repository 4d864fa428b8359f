package io.keelwatch.live;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Newline-delimited text from a streaming response (the Engine's {@code /events}: one JSON document per line).
 * {@link #next()} blocks for the next complete line; {@link #ready()} says whether one is already buffered, so a
 * caller can batch what has arrived without blocking. {@link #close()} may be called from another thread to end a
 * blocked {@link #next()}.
 */
public final class LineStream implements Closeable {
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final Closeable connection;
    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;
    private volatile boolean closed;

    LineStream(InputStream in, Closeable connection) {
        this.in = in;
        this.connection = connection;
    }

    /** The next non-empty line without its line end, or null when the stream ended cleanly. */
    public String next() throws IOException {
        while (true) {
            String line = buffered();
            if (line != null) {
                if (line.isBlank()) {
                    continue;
                }
                return line;
            }
            if (eof) {
                if (start < end) {
                    String last = new String(buf, start, end - start, StandardCharsets.UTF_8);
                    start = end;
                    if (!last.isBlank()) {
                        return last.strip();
                    }
                }
                return null;
            }
            fill();
        }
    }

    /** True when a complete line is buffered (next() will not block). */
    public boolean ready() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private String buffered() {
        for (int i = start; i < end; i++) {
            if (buf[i] == '\n') {
                int e = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                String s = new String(buf, start, e - start, StandardCharsets.UTF_8);
                start = i + 1;
                return s;
            }
        }
        return null;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, end, buf.length - end);
        } catch (IOException e) {
            if (closed) {
                throw new IOException("stream closed", e);
            }
            throw e;
        }
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        connection.close();
    }
}
