package io.keelwatch.live;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One open file being followed: reads from a byte position and cuts complete lines (LF or CRLF, decoded as UTF-8
 * with replacement characters), keeping a partial last line until its end arrives.
 */
final class TailedFile implements Closeable {
    static final int MAX_LINE = 4 * 1024 * 1024;

    final Path path;
    final String key;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long pos;
    private long partialStart;

    private TailedFile(Path path, String key, FileChannel ch, long pos) {
        this.path = path;
        this.key = key;
        this.ch = ch;
        this.pos = pos;
        this.partialStart = pos;
    }

    /** Opens {@code path} at {@code pos} if it is still the file {@code key} names; else null. */
    static TailedFile open(Path path, String key, long pos) throws IOException {
        FileChannel c = FileChannel.open(path, StandardOpenOption.READ);
        if (!key.equals(TailOffset.keyOf(path))) {
            c.close();   // replaced between the two looks
            return null;
        }
        return new TailedFile(path, key, c, pos);
    }

    /** The position after the bytes read so far. */
    long position() {
        return pos;
    }

    /**
     * Reads up to {@code maxBytes} new bytes, giving each completed line to {@code lines}; the number of bytes
     * read (0 at the end of the file for now).
     */
    long read(long maxBytes, Consumer<LineFramer.Line> lines) throws IOException {
        long total = 0;
        int n;
        while (total < maxBytes && (n = ch.read(buf.clear(), pos)) > 0) {
            byte[] a = buf.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    partial.write(a, from, i - from);
                    complete(pos + i + 1, lines);
                    from = i + 1;
                }
            }
            partial.write(a, from, n - from);
            pos += n;
            total += n;
            if (partial.size() > MAX_LINE) {
                complete(pos, lines);   // cut an endless line
            }
        }
        return total;
    }

    /** The file will not grow any more: a partial last line counts as complete. */
    void finish(Consumer<LineFramer.Line> lines) {
        if (partial.size() > 0) {
            complete(pos, lines);
        }
    }

    /** The file was truncated: follow it again from its start (a partial line is dropped). */
    void rewind() {
        pos = 0;
        partialStart = 0;
        partial.reset();
    }

    private void complete(long end, Consumer<LineFramer.Line> lines) {
        byte[] b = partial.toByteArray();
        int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        lines.accept(new LineFramer.Line(new String(b, 0, len, StandardCharsets.UTF_8), partialStart, end));
        partial.reset();
        partialStart = end;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
