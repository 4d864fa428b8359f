package io.keelwatch.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens an evidence bundle with the system's {@code tar} and checks it against its manifest: every listed file is
 * there with that size and SHA-256 (hashed again here), and nothing else is.
 */
public final class BundleCheck {
    public record Opened(JsonNode manifest, Map<String, byte[]> files) {
        public String text(String name) {
            return new String(files.get(name), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private BundleCheck() {
    }

    public static Opened verify(Path bundle, Path scratch) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(scratch, "unpacked");
        Process p = new ProcessBuilder("tar", "-xzf", bundle.toAbsolutePath().toString(), "-C", dir.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tar -xzf: " + out).isZero();
        Path top;
        try (Stream<Path> s = Files.list(dir)) {
            top = s.findFirst().orElseThrow();
        }
        JsonNode manifest = new ObjectMapper().readTree(top.resolve("manifest.json").toFile());
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JsonNode f : manifest.path("files")) {
            byte[] data = Files.readAllBytes(top.resolve(f.path("name").asText()));
            assertThat((long) data.length).as("size of " + f.path("name").asText()).isEqualTo(f.path("size").asLong());
            assertThat(sha256(data)).as("sha256 of " + f.path("name").asText()).isEqualTo(f.path("sha256").asText());
            files.put(f.path("name").asText(), data);
        }
        long onDisk;
        try (Stream<Path> s = Files.walk(top)) {
            onDisk = s.filter(Files::isRegularFile).count();
        }
        assertThat(onDisk).as("files in the bundle besides manifest.json and SHA256SUMS").isEqualTo(files.size() + 2);
        return new Opened(manifest, files);
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
