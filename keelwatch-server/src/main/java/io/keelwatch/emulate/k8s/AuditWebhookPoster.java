package io.keelwatch.emulate.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * POSTs audit events to an audit webhook (the Keelwatch daemon's {@code /audit/webhook}, or anything that takes
 * what the API server's webhook backend sends): {@code EventList} batches of at most {@code batchSize} events, with
 * {@code Authorization: Bearer TOKEN} when a token is given.
 */
public final class AuditWebhookPoster {
    private static final int MAX_BODY_SHOWN = 300;

    private final URI url;
    private final String token;
    private final int batchSize;
    private final HttpClient http;

    public AuditWebhookPoster(URI url, String bearerToken, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("webhook URL must be http:// or https://, not " + url);
        }
        this.url = url;
        this.token = bearerToken;
        this.batchSize = batchSize;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The body of one batch, as the API server's webhook backend writes it. */
    static String eventList(List<ObjectNode> events) {
        ObjectNode list = Json.obj("kind", "EventList", "apiVersion", "audit.k8s.io/v1", "metadata", Json.obj());
        ArrayNode items = list.putArray("items");
        events.forEach(items::add);
        return list.toString();
    }

    /**
     * Posts every event, in order; returns how many were posted. A non-2xx answer stops and throws an IOException
     * naming the status and the answer's body (the batches before it were accepted).
     */
    public int post(List<ObjectNode> events) throws IOException {
        int posted = 0;
        for (int i = 0; i < events.size(); i += batchSize) {
            List<ObjectNode> batch = events.subList(i, Math.min(i + batchSize, events.size()));
            HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(eventList(batch)));
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r;
            try {
                r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while posting to " + url, e);
            }
            if (r.statusCode() / 100 != 2) {
                String body = r.body() == null ? "" : r.body().strip();
                if (body.length() > MAX_BODY_SHOWN) {
                    body = body.substring(0, MAX_BODY_SHOWN) + "...";
                }
                throw new IOException(url + " answered " + r.statusCode() + (body.isEmpty() ? "" : ": " + body)
                        + " (" + posted + " of " + events.size() + " events posted before)");
            }
            posted += batch.size();
        }
        return posted;
    }
}
