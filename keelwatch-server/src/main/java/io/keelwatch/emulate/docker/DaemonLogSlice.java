package io.keelwatch.emulate.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The part of the daemon's log file written between construction and {@link #copyTo}. */
final class DaemonLogSlice {
    private final Path file;
    private final long start;

    DaemonLogSlice(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": the daemon log is not readable");
        }
        this.file = file;
        this.start = Files.size(file);
    }

    void copyTo(Path target, Consumer<String> log) throws IOException {
        long end = Files.size(file);
        if (end < start) {
            log.accept(file + " shrank (rotated?) during the run: no dockerd.log written");
            return;
        }
        try (InputStream in = Files.newInputStream(file); OutputStream o = Files.newOutputStream(target)) {
            in.skipNBytes(start);
            byte[] buf = new byte[64 * 1024];
            long left = end - start;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                o.write(buf, 0, n);
                left -= n;
            }
        }
    }
}
