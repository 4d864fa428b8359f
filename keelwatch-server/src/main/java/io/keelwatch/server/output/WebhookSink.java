package io.keelwatch.server.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * POSTs each alert as JSON to a URL (a SIEM's HTTP collector, a ticketing hook...). 2xx is success; 408, 429 and
 * 5xx are retried; other statuses are permanent refusals. The body is the alert (or its OCSF form), or whatever
 * {@code body} makes of it (Slack messages).
 */
public class WebhookSink implements AlertSink {
    private final String name;
    private final URI url;
    private final Map<String, String> headers;
    private final Function<JsonNode, String> body;
    private final HttpClient client;
    private final Duration timeout;

    public WebhookSink(String kind, URI url, Map<String, String> headers, Function<JsonNode, String> body,
                       Duration timeout) {
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new IllegalArgumentException(kind + " output: '" + url + "' is not an http(s) URL");
        }
        this.name = kind + ":" + redact(url);
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public WebhookSink(URI url, Map<String, String> headers, Format format) {
        this("webhook", url, headers, format::render, Duration.ofSeconds(10));
    }

    /** The URL without its path (webhook URLs often carry their secret in the path). */
    private static String redact(URI u) {
        return u.getScheme() + "://" + u.getAuthority() + (u.getPath() == null || u.getPath().isEmpty() ? "" : "/...");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(JsonNode alert) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.apply(alert)));
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        int s = r.statusCode();
        if (s / 100 == 2) {
            return;
        }
        String detail = name + " answered HTTP " + s + ": " + abbreviate(r.body());
        if (s == 408 || s == 429 || s >= 500) {
            throw new IOException(detail);
        }
        throw new Rejected(detail);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
