package io.keelwatch.respond;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Bundles read back by the system's tar, hashes checked again; parts that fail are listed as missing. */
class EvidenceBundleTest {
    @TempDir
    Path dir;

    @Test
    void theSystemTarReadsTheBundleAndTheHashesHold() throws Exception {
        byte[] big = new byte[700_001];
        new Random(7).nextBytes(big);
        Path out = dir.resolve("b.tar.gz");
        EvidenceBundle.Written w;
        try (EvidenceBundle b = new EvidenceBundle()) {
            b.add("alert.json", () -> "{\"id\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
            b.add("empty.txt", () -> new byte[0]);
            b.addStream("container/filesystem.tar", () -> new ByteArrayInputStream(big));
            b.add("container/logs.txt", () -> {
                throw new IOException("engine gone");
            });
            b.add("exactly-512.bin", () -> new byte[512]);
            w = b.write(out, "keelwatch-0123456789ab",
                    JsonNodeFactory.instance.objectNode().put("alert_id", "0123456789ab"));
        }
        BundleCheck.Opened o = BundleCheck.verify(out, dir);
        assertThat(o.files()).containsOnlyKeys("alert.json", "empty.txt", "container/filesystem.tar",
                "exactly-512.bin");
        assertThat(o.files().get("container/filesystem.tar")).isEqualTo(big);
        assertThat(o.manifest().path("alert_id").asText()).isEqualTo("0123456789ab");
        assertThat(o.manifest().path("missing").get(0).path("name").asText()).isEqualTo("container/logs.txt");
        assertThat(o.manifest().path("missing").get(0).path("reason").asText()).isEqualTo("engine gone");
        assertThat(w.sha256()).isEqualTo(BundleCheck.sha256(Files.readAllBytes(out)));
        assertThat(w.size()).isEqualTo(Files.size(out));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    @Test
    void sha256sumsListsEveryPart() throws Exception {
        Path out = dir.resolve("c.tar.gz");
        try (EvidenceBundle b = new EvidenceBundle()) {
            b.add("a.txt", () -> "a\n".getBytes(StandardCharsets.UTF_8));
            b.write(out, "top", JsonNodeFactory.instance.objectNode());
        }
        Path x = Files.createDirectories(dir.resolve("x"));
        Process p = new ProcessBuilder("tar", "-xzf", out.toString(), "-C", x.toString()).start();
        assertThat(p.waitFor()).isZero();
        Process sum = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(x.resolve("top").toFile())
                .redirectErrorStream(true).start();
        String text = new String(sum.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sum.waitFor()).as(text).isZero();
        assertThat(text).contains("a.txt: OK");
    }
}
