package io.keelwatch.server;

import java.nio.file.Path;

/**
 * The HTTP listener: address, the audit webhook's credentials (a bearer token and/or client certificates signed by
 * {@code clientCa}), TLS (server certificate and key, PEM) and the largest request body accepted.
 */
public record HttpSettings(String host, int port, String webhookToken, Path tlsCert, Path tlsKey, Path clientCa,
                           long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY = 10L << 20;

    public HttpSettings {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (clientCa != null && tlsCert == null) {
            throw new IllegalArgumentException("--client-ca needs TLS (--tls-cert and --tls-key)");
        }
        if (webhookToken != null && webhookToken.isBlank()) {
            throw new IllegalArgumentException("the webhook token is empty");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body size limit must be at least 1 KiB");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
    }

    public boolean tls() {
        return tlsCert != null;
    }

    /** Parses {@code HOST:PORT}, {@code :PORT} (all interfaces) or {@code [v6]:PORT}. */
    public static String[] parseListen(String listen) {
        int i = listen.lastIndexOf(':');
        if (i < 0) {
            throw new IllegalArgumentException("--listen wants HOST:PORT, not '" + listen + "'");
        }
        String host = listen.substring(0, i);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        try {
            int port = Integer.parseInt(listen.substring(i + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new String[]{host, Integer.toString(port)};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: bad port in '" + listen + "'");
        }
    }
}
