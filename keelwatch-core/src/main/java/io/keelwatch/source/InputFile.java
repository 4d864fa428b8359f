package io.keelwatch.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** A file to read: plain or gzip-compressed (recognised by its magic bytes, not its name). */
public record InputFile(Path path) {

    /** Expands directories (recursively, sorted, hidden files skipped) into files. */
    public static List<InputFile> expand(List<Path> paths) throws IOException {
        List<InputFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(f -> out.add(new InputFile(f)));
                }
            } else if (!Files.exists(p)) {
                throw new IOException(p + ": no such file or directory");
            } else {
                out.add(new InputFile(p));
            }
        }
        return out;
    }

    public String name() {
        return path.toString();
    }

    /** Opens the bytes, decompressing gzip. */
    public InputStream openStream() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** Opens as UTF-8 text; malformed bytes become U+FFFD instead of failing. */
    public Reader openReader() throws IOException {
        return readerOf(openStream());
    }

    /** UTF-8 text from bytes; malformed bytes become U+FFFD. Line readers read its bytes ({@link Utf8Text}). */
    public static Reader readerOf(InputStream in) {
        return new Utf8Text(in);
    }

    /** Reads the head of the file for format detection. */
    public Head head() throws IOException {
        try (Reader r = openReader()) {
            return headOf(name(), r);
        }
    }

    public static Head headOf(String name, Reader r) throws IOException {
        char[] buf = new char[64 * 1024];
        int n = 0;
        int k;
        while (n < buf.length && (k = r.read(buf, n, buf.length - n)) > 0) {
            n += k;
        }
        String text = new String(buf, 0, n);
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length() && lines.size() < 20; i++) {
            if (text.charAt(i) == '\n') {
                lines.add(stripCr(text.substring(start, i)));
                start = i + 1;
            }
        }
        if (lines.size() < 20 && start < text.length()) {
            lines.add(stripCr(text.substring(start)));
        }
        return new Head(name, lines, text);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
