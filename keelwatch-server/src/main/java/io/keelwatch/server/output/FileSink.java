package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * JSON lines appended to a file, rotated by size: when the next line would take the file past {@code maxBytes},
 * {@code FILE} becomes {@code FILE.1}, {@code FILE.1} becomes {@code FILE.2} ... and the oldest beyond {@code keep}
 * rotated files is deleted.
 */
public final class FileSink implements AlertSink {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Format format;
    private OutputStream out;
    private long size;

    public FileSink(Path file, long maxBytes, int keep, Format format) throws IOException {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("file output: max size must be at least 1 KiB");
        }
        if (keep < 0) {
            throw new IllegalArgumentException("file output: keep must be 0 or more");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.format = format;
        open();
    }

    private void open() throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public String name() {
        return "file:" + file;
    }

    @Override
    public void send(JsonNode alert) throws IOException {
        byte[] line = (format.render(alert) + "\n").getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        out.flush();
        size += line.length;
    }

    private void rotate() throws IOException {
        out.close();
        if (keep == 0) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(sibling(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(sibling(i))) {
                    Files.move(sibling(i), sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path sibling(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
