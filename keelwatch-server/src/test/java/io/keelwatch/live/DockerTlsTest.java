package io.keelwatch.live;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client over TCP with TLS, against an in-process HTTPS server with a keytool-made certificate. */
class DockerTlsTest {
    private static final char[] PASS = "changeit".toCharArray();
    private static final byte[] SECP256R1 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    @TempDir
    static Path dir;
    private static KeyStore ec;
    private static KeyStore rsa;
    private static KeyStore other;

    @BeforeAll
    static void makeKeys() throws Exception {
        ec = keytool("ec", "-keyalg", "EC", "-groupname", "secp256r1");
        rsa = keytool("rsa", "-keyalg", "RSA", "-keysize", "2048");
        other = keytool("other", "-keyalg", "EC", "-groupname", "secp256r1");
    }

    private static KeyStore keytool(String name, String... alg) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        String[] base = {Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "kw", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"};
        String[] cmd = new String[base.length + alg.length];
        System.arraycopy(base, 0, cmd, 0, base.length);
        System.arraycopy(alg, 0, cmd, base.length, alg.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            k.load(in, PASS);
        }
        return k;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** The inner key of a PKCS#8 PrivateKeyInfo (PKCS#1 for RSA, SEC1 for EC). */
    private static byte[] innerKey(byte[] pkcs8) throws Exception {
        DockerTls.Der outer = DockerTls.Der.at(pkcs8, 0);
        DockerTls.Der version = DockerTls.Der.at(pkcs8, outer.content());
        DockerTls.Der alg = DockerTls.Der.at(pkcs8, version.end());
        DockerTls.Der key = DockerTls.Der.at(pkcs8, alg.end());
        return java.util.Arrays.copyOfRange(pkcs8, key.content(), key.end());
    }

    private static void writeCerts(Path certs, KeyStore server, String keyPem) throws Exception {
        Files.createDirectories(certs);
        Certificate cert = server.getCertificate("kw");
        Files.writeString(certs.resolve("ca.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(certs.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(certs.resolve("key.pem"), keyPem);
    }

    /** A one-connection-at-a-time HTTPS server that requires a client certificate signed by its own. */
    private static SSLServerSocket server(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ks.getCertificate("kw"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0);
        s.setNeedClientAuth(true);
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (SSLSocket c = (SSLSocket) s.accept()) {
                    InputStream in = new BufferedInputStream(c.getInputStream());
                    String line;
                    String first = EngineHttp.readLine(in);
                    while ((line = EngineHttp.readLine(in)) != null && !line.isEmpty()) {
                        // headers
                    }
                    String body = first.startsWith("GET /_ping") ? "OK" : "{\"ApiVersion\":\"1.43\"}";
                    OutputStream out = c.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (Exception e) {
                    // a refused handshake, or closed
                }
            }
        }, "tls-engine");
        t.setDaemon(true);
        t.start();
        return s;
    }

    @Test
    void mutualTlsWithAPkcs8EcKey() throws Exception {
        KeyStore ks = ec;
        Path certs = dir.resolve("certs");
        writeCerts(certs, ks, pem("PRIVATE KEY", ((PrivateKey) ks.getKey("kw", PASS)).getEncoded()));
        try (SSLServerSocket s = server(ks)) {
            DockerEndpoint ep = DockerEndpoint.of("tcp://127.0.0.1:" + s.getLocalPort(),
                    Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString()));
            assertThat(ep.isTls()).isTrue();
            DockerEngineClient c = new DockerEngineClient(ep, 10_000, null);
            assertThat(c.ping()).isTrue();
            assertThat(c.apiVersion()).isEqualTo("1.43");
        }
    }

    @Test
    void pkcs1RsaAndSec1EcKeysAreAccepted() throws Exception {
        byte[] pkcs1 = innerKey(((PrivateKey) rsa.getKey("kw", PASS)).getEncoded());
        Path certs = dir.resolve("rsa-certs");
        writeCerts(certs, rsa, pem("RSA PRIVATE KEY", pkcs1));
        try (SSLServerSocket s = server(rsa)) {
            DockerEngineClient c = new DockerEngineClient(DockerEndpoint.of("https://127.0.0.1:" + s.getLocalPort(),
                    Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString())), 10_000, "1.41");
            assertThat(c.ping()).isTrue();
        }
        byte[] sec1 = innerKey(((PrivateKey) ec.getKey("kw", PASS)).getEncoded());
        // SEC1 as openssl writes it: version, key, [0] named curve
        DockerTls.Der seq = DockerTls.Der.at(sec1, 0);
        DockerTls.Der version = DockerTls.Der.at(sec1, seq.content());
        DockerTls.Der key = DockerTls.Der.at(sec1, version.end());
        byte[] head = java.util.Arrays.copyOfRange(sec1, seq.content(), key.end());
        byte[] withCurve = DockerTls.tlv(0x30, concat(head, DockerTls.tlv(0xa0, SECP256R1)));
        String pem = pem("EC PARAMETERS", SECP256R1) + pem("EC PRIVATE KEY", withCurve);
        assertThat(DockerTls.privateKey(pem).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aServerOutsideTheTrustedCaIsRefused() throws Exception {
        KeyStore server = ec;
        Path certs = dir.resolve("other-certs");
        writeCerts(certs, other, pem("PRIVATE KEY", ((PrivateKey) other.getKey("kw", PASS)).getEncoded()));
        try (SSLServerSocket s = server(server)) {
            DockerEngineClient c = new DockerEngineClient(DockerEndpoint.of("tcp://127.0.0.1:" + s.getLocalPort(),
                    Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certs.toString())), 10_000, "1.41");
            assertThatThrownBy(c::ping).hasMessageContaining("cannot connect");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
