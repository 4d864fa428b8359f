package io.keelwatch.respond;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * An evidence bundle being assembled: each part is written to a private temporary directory while its SHA-256 is
 * computed; {@link #write} then packs {@code manifest.json} (every part with its size and sha256, the parts that
 * could not be collected and why), {@code SHA256SUMS} (for {@code sha256sum -c}) and the parts into one
 * {@code .tar.gz} under a top directory, and hashes the bundle itself. A part that fails is listed as missing;
 * the others are still collected.
 */
public final class EvidenceBundle implements AutoCloseable {
    /** A part given as bytes. */
    @FunctionalInterface
    public interface Bytes {
        byte[] get() throws Exception;
    }

    /** A part given as a stream (e.g. a container export), closed after reading. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws Exception;
    }

    public record Part(String name, long size, String sha256) {
    }

    /** The bundle written: its path, size and sha256, and the manifest packed in it. */
    public record Written(Path path, long size, String sha256, ObjectNode manifest) {
    }

    private final Path dir;
    private final List<Part> parts = new ArrayList<>();
    private final ArrayNode missing = JsonNodeFactory.instance.arrayNode();

    public EvidenceBundle() throws IOException {
        this.dir = Files.createTempDirectory("keelwatch-evidence");
    }

    public void add(String name, Bytes data) {
        addStream(name, () -> new ByteArrayInputStream(data.get()));
    }

    public void addStream(String name, Source source) {
        Path f = dir.resolve("part-" + parts.size());
        try (InputStream in = source.open(); OutputStream out = Files.newOutputStream(f)) {
            MessageDigest md = sha256();
            long size = new DigestInputStream(in, md).transferTo(out);
            parts.add(new Part(name, size, HexFormat.of().formatHex(md.digest())));
        } catch (Exception e) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the directory goes on close
            }
            missing(name, ResponsePlan.message(e));
        }
    }

    /** Lists a part that could not be collected. */
    public void missing(String name, String reason) {
        missing.addObject().put("name", name).put("reason", reason);
    }

    /**
     * Writes the bundle to {@code out} (through a temporary file next to it, moved into place at the end), with
     * the entries under {@code top/}; {@code header} starts the manifest.
     */
    public Written write(Path out, String top, ObjectNode header) throws IOException {
        ObjectNode manifest = header.deepCopy();
        ArrayNode files = manifest.putArray("files");
        StringBuilder sums = new StringBuilder();
        for (Part p : parts) {
            files.addObject().put("name", p.name()).put("size", p.size()).put("sha256", p.sha256());
            sums.append(p.sha256()).append("  ").append(p.name()).append('\n');
        }
        manifest.set("missing", missing);
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
        MessageDigest md = sha256();
        try (OutputStream file = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)), md);
             GZIPOutputStream gz = new GZIPOutputStream(file, 64 * 1024)) {
            Ustar tar = new Ustar(gz, System.currentTimeMillis() / 1000);
            entry(tar, top + "/manifest.json", manifest.toPrettyString().getBytes(StandardCharsets.UTF_8));
            entry(tar, top + "/SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                try (InputStream in = Files.newInputStream(dir.resolve("part-" + i))) {
                    tar.file(top + "/" + p.name(), p.size(), in);
                }
            }
            tar.close();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(out, Files.size(abs), HexFormat.of().formatHex(md.digest()), manifest);
    }

    private static void entry(Ustar tar, String name, byte[] data) throws IOException {
        tar.file(name, data.length, new ByteArrayInputStream(data));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Deletes the temporary parts. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
