package io.keelwatch.server;

import io.keelwatch.engine.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook over TLS with client certificates from a CA made at test time. */
class WebhookTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki(dir);
    }

    private static Daemon start(String token, String name) throws IOException {
        return Daemon.start(new Daemon.Settings(dir.resolve(name + ".db"),
                new HttpSettings("127.0.0.1", 0, token, pki.serverCertPem, pki.serverKeyPem, pki.caPem,
                        HttpSettings.DEFAULT_MAX_BODY), List.of(), Pipeline.Options.live(),
                Processor.Settings.defaults(), null), TestData.rules(), List.of());
    }

    private static HttpResponse<String> post(Daemon d, SSLContext ctx, String token) throws Exception {
        HttpClient c = HttpClient.newBuilder().sslContext(ctx).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + d.port() + "/audit/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString(DaemonWebhookTest.execEvent("tls-1", "tls-pod")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientCertificateAloneAuthenticates() throws Exception {
        try (Daemon d = start(null, "mtls")) {
            assertThat(post(d, pki.clientContext(true), null).statusCode()).isEqualTo(200);
            assertThat(d.store().lastInboxId()).isEqualTo(1);
            // without a certificate the TLS handshake itself fails
            assertThatThrownBy(() -> post(d, pki.clientContext(false), null)).isInstanceOf(IOException.class);
            assertThat(d.store().lastInboxId()).isEqualTo(1);
        }
    }

    @Test
    void withATokenTooEitherCredentialIsEnough() throws Exception {
        try (Daemon d = start("tok", "both")) {
            assertThat(post(d, pki.clientContext(true), null).statusCode()).isEqualTo(200);
            assertThat(post(d, pki.clientContext(false), "tok").statusCode()).isEqualTo(200);
            assertThat(post(d, pki.clientContext(false), null).statusCode()).isEqualTo(401);
            assertThat(post(d, pki.clientContext(false), "nope").statusCode()).isEqualTo(403);
            assertThat(d.store().lastInboxId()).isEqualTo(2);
        }
    }
}
