package io.keelwatch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.keelwatch.live.Inbox;
import io.keelwatch.store.Store;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The daemon's HTTP server (Javalin on Jetty): {@code POST /audit/webhook} (the Kubernetes audit webhook backend),
 * {@code GET /healthz} and {@code GET /metrics}.
 *
 * <p>Webhook: authenticated by {@code Authorization: Bearer TOKEN} (401 when missing, 403 when wrong) or, over TLS
 * with a client CA, by a client certificate that CA signed (either one suffices when both are configured; with a
 * client CA alone the TLS handshake requires the certificate). Bodies over the limit get 413 (also when
 * gzip-compressed bodies inflate past it), malformed JSON or a body that is not an EventList, Event or array of
 * events gets 400 with {@code {"error": reason}} and nothing is stored; otherwise all its events are appended to the
 * inbox in one transaction and only then does the answer say 200.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String WEBHOOK_PATH = "/audit/webhook";
    public static final String WEBHOOK_INPUT = "audit-webhook";

    private final HttpSettings settings;
    private final Store store;
    private final Metrics metrics;
    private final Javalin app;

    public HttpApi(HttpSettings settings, Store store, Metrics metrics) throws IOException {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        SslContextFactory.Server ssl = settings.tls() ? sslContext() : null;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.addConnector((server, httpConfig) -> {
                ServerConnector c;
                if (ssl != null) {
                    HttpConfiguration https = new HttpConfiguration(httpConfig);
                    https.addCustomizer(new SecureRequestCustomizer(false));
                    c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(https));
                } else {
                    c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                }
                c.setHost(settings.host());
                c.setPort(settings.port());
                return c;
            });
        });
        app.post(WEBHOOK_PATH, this::webhook);
        app.get("/healthz", ctx -> {
            ObjectNode h = metrics.health();
            ctx.status("ok".equals(h.path("status").asText()) ? 200 : 503).contentType("application/json")
                    .result(h.toString());
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
    }

    private SslContextFactory.Server sslContext() throws IOException {
        char[] pw = "keelwatch".toCharArray();
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(Pem.keyStore(settings.tlsCert(), settings.tlsKey(), pw));
        f.setKeyStorePassword(new String(pw));
        f.setKeyManagerPassword(new String(pw));
        if (settings.clientCa() != null) {
            f.setTrustStore(Pem.trustStore(settings.clientCa()));
            if (settings.webhookToken() == null) {
                f.setNeedClientAuth(true);
            } else {
                f.setWantClientAuth(true);
            }
        }
        return f;
    }

    public HttpApi start() {
        app.start();
        LOG.info("listening on {}://{}:{} (audit webhook at {})", settings.tls() ? "https" : "http",
                settings.host(), port(), WEBHOOK_PATH);
        return this;
    }

    /** The port actually bound (when 0 was asked for). */
    public int port() {
        return app.port();
    }

    private void webhook(Context ctx) {
        String denied = authenticate(ctx);
        if (denied != null) {
            return;
        }
        byte[] body;
        try {
            body = readBody(ctx);
        } catch (TooLarge e) {
            reply(ctx, 413, "request body larger than " + settings.maxBodyBytes() + " bytes");
            return;
        } catch (IOException e) {
            reply(ctx, 400, "cannot read the request body: " + e.getMessage());
            return;
        }
        List<Inbox.Record> records;
        try {
            records = AuditBatch.parse(body);
        } catch (AuditBatch.Invalid e) {
            reply(ctx, 400, e.getMessage());
            return;
        }
        try {
            if (!records.isEmpty()) {
                store.appendAll(WEBHOOK_INPUT, records);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("audit webhook: cannot store {} events: {}", records.size(), e.toString());
            reply(ctx, 503, "cannot store the events now; retry");
            return;
        }
        metrics.webhookEvents(records.size());
        metrics.webhookRequest(200);
        ctx.status(200).contentType("application/json").result("{\"accepted\":" + records.size() + "}");
    }

    /** Null when the request may go on; else the reply was sent. */
    private String authenticate(Context ctx) {
        String token = settings.webhookToken();
        boolean certs = settings.clientCa() != null;
        if (certs && ctx.req().getAttribute("jakarta.servlet.request.X509Certificate") != null) {
            return null; // verified by the TLS handshake against the client CA
        }
        if (token == null) {
            if (certs) {
                return reply(ctx, 401, "a client certificate signed by the configured CA is required");
            }
            return reply(ctx, 503, "the audit webhook is not enabled: configure a webhook token or a client CA");
        }
        String auth = ctx.header("Authorization");
        if (auth == null || auth.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            return reply(ctx, 401, "missing credentials: send Authorization: Bearer TOKEN"
                    + (certs ? " or a client certificate" : ""));
        }
        String given = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return reply(ctx, 403, "invalid credentials");
        }
        return null;
    }

    private String reply(Context ctx, int status, String reason) {
        metrics.webhookRequest(status);
        ObjectNode o = JSON.createObjectNode().put("error", reason);
        ctx.status(status).contentType("application/json").result(o.toString());
        return reason;
    }

    private static final class TooLarge extends IOException {
    }

    private byte[] readBody(Context ctx) throws IOException {
        long max = settings.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw new TooLarge();
        }
        InputStream in = ctx.req().getInputStream();
        String enc = ctx.header("Content-Encoding");
        if (enc != null && enc.equalsIgnoreCase("gzip")) {
            in = new GZIPInputStream(in);
        }
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (b.length > max) {
            throw new TooLarge();
        }
        return b;
    }

    @Override
    public void close() {
        app.stop();
    }
}
