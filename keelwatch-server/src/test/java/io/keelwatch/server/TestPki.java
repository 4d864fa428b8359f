package io.keelwatch.server;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A throw-away CA with a server and a client certificate, made with the JDK's keytool (no network). */
final class TestPki {
    private static final String PW = "changeit";
    final Path dir;
    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    private final Path clientP12;
    private final Path clientPem;

    TestPki(Path dir) throws Exception {
        this.dir = dir;
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=keelwatch test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        Path serverP12 = dir.resolve("server.p12");
        serverCertPem = dir.resolve("server.pem");
        issue(ca, serverP12, "server", "CN=localhost", serverCertPem, "SAN=dns:localhost,ip:127.0.0.1",
                "EKU=serverAuth");
        Files.writeString(serverCertPem, Files.readString(serverCertPem) + Files.readString(caPem));
        serverKeyPem = dir.resolve("server.key");
        Files.writeString(serverKeyPem, pem("PRIVATE KEY", key(serverP12, "server").getEncoded()));
        clientP12 = dir.resolve("client.p12");
        clientPem = dir.resolve("client.pem");
        issue(ca, clientP12, "client", "CN=kube-apiserver", clientPem, "EKU=clientAuth", null);
    }

    private void issue(Path ca, Path p12, String alias, String dname, Path certOut, String ext1, String ext2)
            throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2",
                "-keystore", p12.toString());
        Path csr = dir.resolve(alias + ".csr");
        keytool("-certreq", "-alias", alias, "-keystore", p12.toString(), "-file", csr.toString());
        List<String> args = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", csr.toString(), "-outfile", certOut.toString(), "-validity", "2", "-ext", ext1));
        if (ext2 != null) {
            args.addAll(List.of("-ext", ext2));
        }
        keytool(args.toArray(new String[0]));
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PW, "-noprompt"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static PrivateKey key(Path p12, String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PW.toCharArray());
        }
        return (PrivateKey) ks.getKey(alias, PW.toCharArray());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Certificate cert(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client context trusting the CA, presenting the client certificate when {@code withCert}. */
    SSLContext clientContext(boolean withCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", cert(caPem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withCert) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key(clientP12, "client"), PW.toCharArray(),
                    new Certificate[]{cert(clientPem), cert(caPem)});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PW.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
