package io.keelwatch.live;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where a Docker Engine listens and how to reach it: {@code unix:///var/run/docker.sock}, {@code tcp://host:2375}
 * (plain, or TLS when {@code DOCKER_TLS_VERIFY} / {@code DOCKER_TLS} is set), {@code https://host:2376} (TLS).
 * {@link #fromEnvironment} follows the Docker CLI: {@code DOCKER_HOST}, else the default socket; TLS material
 * ({@code ca.pem}, {@code cert.pem}, {@code key.pem}) from {@code DOCKER_CERT_PATH}, else {@code ~/.docker}.
 */
public final class DockerEndpoint {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private final String url;
    private final Path socket;        // unix
    private final String host;        // tcp
    private final int port;
    private final SSLContext tls;     // null: plain
    private final boolean verifyHost;

    private DockerEndpoint(String url, Path socket, String host, int port, SSLContext tls, boolean verifyHost) {
        this.url = url;
        this.socket = socket;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.verifyHost = verifyHost;
    }

    /** The endpoint of {@code DOCKER_HOST} (else the default socket) with the environment's TLS settings. */
    public static DockerEndpoint fromEnvironment() throws IOException {
        return of(System.getenv().getOrDefault("DOCKER_HOST", ""), System.getenv());
    }

    /** A Unix socket endpoint. */
    public static DockerEndpoint unix(Path socket) {
        return new DockerEndpoint("unix://" + socket.toAbsolutePath(), socket.toAbsolutePath(), null, 0, null, false);
    }

    /**
     * Parses {@code url} (empty or null: the default socket), taking TLS settings from {@code env}
     * ({@code DOCKER_TLS_VERIFY}, {@code DOCKER_TLS}, {@code DOCKER_CERT_PATH}, {@code HOME}).
     */
    public static DockerEndpoint of(String url, Map<String, String> env) throws IOException {
        String u = url == null || url.isBlank() ? DEFAULT_HOST : url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("unix://")) {
            String path = u.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("no socket path in " + u);
            }
            return unix(Path.of(path));
        }
        boolean https = lower.startsWith("https://");
        if (!https && !lower.startsWith("tcp://") && !lower.startsWith("http://")) {
            throw new IllegalArgumentException("unsupported Docker host '" + u + "' (unix://, tcp://, http:// or https://)");
        }
        URI uri = URI.create(u);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + u);
        }
        boolean verify = isSet(env.get("DOCKER_TLS_VERIFY"));
        boolean useTls = https || verify || (lower.startsWith("tcp://") && isSet(env.get("DOCKER_TLS")));
        int port = uri.getPort() > 0 ? uri.getPort() : useTls ? 2376 : 2375;
        SSLContext ctx = null;
        if (useTls) {
            String certPath = env.get("DOCKER_CERT_PATH");
            Path dir = certPath != null && !certPath.isBlank() ? Path.of(certPath)
                    : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
            ctx = DockerTls.context(dir, verify);
        }
        return new DockerEndpoint(u, null, uri.getHost(), port, ctx, verify);
    }

    private static boolean isSet(String v) {
        return v != null && !v.isEmpty();
    }

    /** The endpoint as given (used in source names). */
    public String url() {
        return url;
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** The engine's Unix socket file, or null for a TCP endpoint. */
    public Path socketPath() {
        return socket;
    }

    public boolean isTls() {
        return tls != null;
    }

    /** The Host header value. */
    String hostHeader() {
        return socket != null ? "docker" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Opens a connection. */
    Transport connect(int connectTimeoutMillis) throws IOException {
        if (socket != null) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                ch.close();
                throw new IOException("cannot connect to " + url + ": " + e.getMessage(), e);
            }
            return new Transport(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setKeepAlive(true);
            s.setTcpNoDelay(true);
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                if (verifyHost) {
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                }
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
        return new Transport(s.getInputStream(), s.getOutputStream(), s);
    }

    @Override
    public String toString() {
        return url;
    }

    /** An open byte stream to the engine; closing it (from any thread) ends blocked reads. */
    record Transport(InputStream in, OutputStream out, AutoCloseable resource) implements java.io.Closeable {
        @Override
        public void close() throws IOException {
            try {
                resource.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
