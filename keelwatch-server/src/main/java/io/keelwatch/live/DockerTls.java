package io.keelwatch.live;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS for a Docker Engine over TCP, from the PEM files the Docker CLI uses: {@code ca.pem} (trusted issuers of the
 * daemon's certificate, required when verifying), {@code cert.pem} and {@code key.pem} (the client certificate,
 * optional). Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}); the last two are wrapped into PKCS#8 here.
 */
final class DockerTls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private DockerTls() {
    }

    /** An SSL context; {@code verify}: trust only {@code ca.pem} (else any server certificate, like {@code --tls}). */
    static SSLContext context(Path dir, boolean verify) throws IOException {
        try {
            KeyManager[] keys = null;
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", privateKey(Files.readString(key, StandardCharsets.US_ASCII)), NO_PASSWORD,
                        certificates(Files.readAllBytes(cert)).toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, NO_PASSWORD);
                keys = kmf.getKeyManagers();
            }
            TrustManager[] trust;
            if (verify) {
                Path ca = dir.resolve("ca.pem");
                if (!Files.isRegularFile(ca)) {
                    throw new IOException("DOCKER_TLS_VERIFY is set but " + ca + " does not exist");
                }
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (X509Certificate c : certificates(Files.readAllBytes(ca))) {
                    ts.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                trust = tmf.getTrustManagers();
            } else {
                trust = new TrustManager[]{new TrustAll()};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Collection<? extends Certificate> all = cf.generateCertificates(new ByteArrayInputStream(pem));
        for (Certificate c : all) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM");
        }
        return out;
    }

    /** The first private key of a PEM text. */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            String label = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (label) {
                case "PRIVATE KEY":
                    return pkcs8(der);
                case "RSA PRIVATE KEY":
                    return pkcs8(seq(concat(new byte[]{0x02, 0x01, 0x00}, seq(concat(OID_RSA, new byte[]{0x05, 0x00})),
                            tlv(0x04, der))));
                case "EC PRIVATE KEY":
                    return pkcs8(seq(concat(new byte[]{0x02, 0x01, 0x00}, seq(concat(OID_EC, ecCurve(der))),
                            tlv(0x04, der))));
                default:
                    // EC PARAMETERS and others: skip
            }
        }
        throw new GeneralSecurityException("no private key in PEM (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (String alg : new String[]{"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key: " + last.getMessage(), last);
    }

    /** The named-curve OID (tag and all) of a SEC1 ECPrivateKey: its [0] parameters element. */
    private static byte[] ecCurve(byte[] sec1) throws GeneralSecurityException {
        Der outer = Der.at(sec1, 0);
        int p = outer.content;
        while (p < outer.end) {
            Der e = Der.at(sec1, p);
            if ((sec1[p] & 0xff) == 0xa0) {
                Der oid = Der.at(sec1, e.content);
                byte[] out = new byte[oid.end - e.content];
                System.arraycopy(sec1, e.content, out, 0, out.length);
                return out;
            }
            p = e.end;
        }
        throw new GeneralSecurityException("EC PRIVATE KEY without named-curve parameters");
    }

    /** One DER element: where its content starts and where it ends. */
    record Der(int content, int end) {
        static Der at(byte[] b, int p) throws GeneralSecurityException {
            if (p + 2 > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            int len = b[p + 1] & 0xff;
            int q = p + 2;
            if (len > 0x7f) {
                int n = len & 0x7f;
                if (n > 3 || q + n > b.length) {
                    throw new GeneralSecurityException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[q++] & 0xff);
                }
            }
            if (q + len > b.length) {
                throw new GeneralSecurityException("truncated DER");
            }
            return new Der(q, q + len);
        }
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] seq(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code --tls} without {@code --tlsverify}: encrypted, but any server certificate is accepted. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
