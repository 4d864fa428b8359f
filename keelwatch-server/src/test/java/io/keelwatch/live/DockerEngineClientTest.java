package io.keelwatch.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerEngineClientTest {
    @TempDir
    Path dir;

    private static final String VERSION = "{\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\",\"Version\":\"20.10.24\"}";

    @Test
    void negotiatesTheVersionAndReadsContentLengthBodies() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), x -> {
            switch (x.path) {
                case "/_ping" -> x.reply(200, "OK");
                case "/version" -> x.reply(200, VERSION);
                case "/v1.41/containers/json" -> x.reply(200, "[{\"Id\":\"abc\"}]");
                case "/v1.41/containers/abc/json" -> x.reply(200, "{\"Id\":\"abc\",\"State\":{}}\n");
                default -> x.reply(404, "{\"message\":\"No such container: " + x.path + "\"}");
            }
        })) {
            DockerEngineClient c = engine.client();
            assertThat(c.ping()).isTrue();
            assertThat(c.apiVersion()).isEqualTo("1.41");
            assertThat(c.listContainers(true).get(0).path("Id").asText()).isEqualTo("abc");
            assertThat(engine.requests).contains("GET /v1.41/containers/json?all=1");
            assertThat(c.inspectRaw("abc")).isEqualTo("{\"Id\":\"abc\",\"State\":{}}");
            assertThatThrownBy(() -> c.inspect("gone"))
                    .isInstanceOfSatisfying(DockerApiException.class, e -> assertThat(e.notFound()).isTrue())
                    .hasMessageContaining("No such container");
        }
    }

    @Test
    void capsANewerServerVersionAndHonoursAFloor() {
        assertThat(DockerEngineClient.min("1.50", DockerEngineClient.MAX_API_VERSION)).isEqualTo("1.47");
        assertThat(DockerEngineClient.compare("1.9", "1.10")).isNegative();
        assertThat(DockerEngineClient.timestamp(1_700_000_000_000_000_123L)).isEqualTo("1700000000.000000123");
    }

    @Test
    void decodesChunkedStreamsWhoseChunksSplitLines() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), x -> {
            if (x.path.equals("/version")) {
                x.reply(200, VERSION);
                return;
            }
            x.startChunked();
            x.chunk("{\"a\":1}\n{\"b\"");
            x.raw("3;ext=1\r\n:2}\r\n");          // a chunk extension
            x.chunk("\n\n{\"c\":\"\u00e9\"}\r\n");  // a blank line and a multi-byte character
            x.raw("0\r\nTrailer: x\r\n\r\n");
        })) {
            try (LineStream s = engine.client().events(1_700_000_000_500_000_000L, null,
                    Map.of("type", List.of("container")))) {
                List<String> lines = new ArrayList<>();
                String l;
                while ((l = s.next()) != null) {
                    lines.add(l);
                }
                assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":\"\u00e9\"}");
            }
            String req = engine.requests.get(engine.requests.size() - 1);
            assertThat(req).startsWith("GET /v1.41/events?since=1700000000.500000000&filters=");
        }
    }

    @Test
    void aDroppedStreamIsAnErrorNotAnEnd() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), x -> {
            if (x.path.equals("/version")) {
                x.reply(200, VERSION);
                return;
            }
            x.startChunked();
            x.chunk("{\"a\":1}\n");
            x.drop();
        })) {
            try (LineStream s = engine.client().events(null, null, null)) {
                assertThat(s.next()).isEqualTo("{\"a\":1}");
                assertThatThrownBy(s::next).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void chunkedDecoderRejectsGarbage() {
        EngineHttp.Chunked c = new EngineHttp.Chunked(new ByteArrayInputStream(
                "zz\r\nabc".getBytes(StandardCharsets.ISO_8859_1)));
        assertThatThrownBy(c::read).hasMessageContaining("bad chunk size");
        EngineHttp.Chunked cut = new EngineHttp.Chunked(new ByteArrayInputStream(
                "5\r\nab".getBytes(StandardCharsets.ISO_8859_1)));
        assertThatThrownBy(() -> cut.readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void closingAStreamFromAnotherThreadEndsABlockedRead() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), x -> {
            if (x.path.equals("/version")) {
                x.reply(200, VERSION);
                return;
            }
            x.startChunked();
            Thread.sleep(30_000);
        })) {
            LineStream s = engine.client().events(null, null, null);
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    s.close();
                } catch (Exception ignored) {
                    // test thread
                }
            });
            closer.start();
            long t0 = System.nanoTime();
            assertThatThrownBy(s::next).isInstanceOf(IOException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            assertThat(s.isClosed()).isTrue();
        }
    }

    @Test
    void aHungCallTimesOut() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("d.sock"), x -> Thread.sleep(30_000))) {
            DockerEngineClient c = new DockerEngineClient(DockerEndpoint.unix(engine.socket), 300, "1.41");
            long t0 = System.nanoTime();
            assertThatThrownBy(c::version).isInstanceOf(IOException.class).hasMessageContaining("no answer within");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void parsesEndpoints() throws Exception {
        assertThat(DockerEndpoint.of(null, Map.of()).url()).isEqualTo("unix:///var/run/docker.sock");
        DockerEndpoint tcp = DockerEndpoint.of("tcp://10.0.0.5", Map.of());
        assertThat(tcp.isTls()).isFalse();
        assertThat(tcp.hostHeader()).isEqualTo("10.0.0.5:2375");
        assertThatThrownBy(() -> DockerEndpoint.of("ssh://host", Map.of())).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DockerEndpoint.of("tcp://h:2376", Map.of("DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", dir.toString()))).hasMessageContaining("ca.pem");
    }
}
