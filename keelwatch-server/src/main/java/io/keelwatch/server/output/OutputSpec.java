package io.keelwatch.server.output;

import io.keelwatch.alert.Priority;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One configured output: {@code type} (stdout, file, webhook, slack, syslog), its target (file path, URL,
 * {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}), the format (json or ocsf; slack and syslog have their own),
 * the lowest priority sent, extra HTTP headers, file rotation (max size in bytes, rotated files kept), syslog
 * facility and the in-memory queue's capacity.
 */
public record OutputSpec(String type, String target, Format format, Priority minPriority, Map<String, String> headers,
                         long maxBytes, int keep, int facility, int queue) {
    public static final long DEFAULT_MAX_BYTES = 100L << 20;

    public OutputSpec {
        headers = Map.copyOf(headers);
        type = type.toLowerCase(Locale.ROOT);
        switch (type) {
            case "stdout" -> { }
            case "file", "webhook", "slack", "syslog" -> {
                if (target == null || target.isBlank()) {
                    throw new IllegalArgumentException(type + " output needs a " + (type.equals("file") ? "path"
                            : type.equals("syslog") ? "udp://HOST:PORT or tcp://HOST:PORT" : "URL"));
                }
            }
            default -> throw new IllegalArgumentException("unknown output type '" + type
                    + "' (expected stdout, file, webhook, slack or syslog)");
        }
        if (queue < 1) {
            throw new IllegalArgumentException("output queue must hold at least 1 alert");
        }
    }

    /**
     * Parses the command-line form {@code TYPE[/FORMAT][:TARGET]}: {@code stdout}, {@code stdout/ocsf},
     * {@code file:/var/log/keelwatch/alerts.jsonl}, {@code webhook/ocsf:https://siem/ingest},
     * {@code slack:https://hooks.slack.com/services/...}, {@code syslog:udp://127.0.0.1:514}.
     */
    public static OutputSpec parse(String spec) {
        int colon = spec.indexOf(':');
        String head = colon < 0 ? spec : spec.substring(0, colon);
        String target = colon < 0 ? null : spec.substring(colon + 1);
        String type = head;
        String format = null;
        int slash = head.indexOf('/');
        if (slash >= 0) {
            type = head.substring(0, slash);
            format = head.substring(slash + 1);
        }
        return new OutputSpec(type, target, Format.of(format), null, Map.of(), DEFAULT_MAX_BYTES, 5, 16, 10_000);
    }

    /** Builds from a config file entry (keys: type, path/url/address, format, min_priority, headers, ...). */
    public static OutputSpec fromMap(Map<String, Object> m) {
        Object type = m.get("type");
        if (type == null) {
            throw new IllegalArgumentException("an output needs a 'type' (stdout, file, webhook, slack or syslog)");
        }
        String target = str(m.get("path"));
        target = target == null ? str(m.get("url")) : target;
        target = target == null ? str(m.get("address")) : target;
        Map<String, String> headers = new LinkedHashMap<>();
        if (m.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        String min = str(m.get("min_priority"));
        return new OutputSpec(type.toString(), target, Format.of(str(m.get("format"))),
                min == null ? null : Priority.of(min), headers,
                m.get("max_size") == null ? DEFAULT_MAX_BYTES : Sizes.bytes(str(m.get("max_size"))),
                m.get("keep") == null ? 5 : Integer.parseInt(str(m.get("keep"))),
                m.get("facility") == null ? 16 : Integer.parseInt(str(m.get("facility"))),
                m.get("queue") == null ? 10_000 : Integer.parseInt(str(m.get("queue"))));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** Creates the sink. */
    public AlertSink open() throws IOException {
        return switch (type) {
            case "stdout" -> new StdoutSink(System.out, format);
            case "file" -> new FileSink(Path.of(target), maxBytes, keep, format);
            case "webhook" -> new WebhookSink(URI.create(target), headers, format);
            case "slack" -> new WebhookSink("slack", URI.create(target), headers,
                    a -> SlackMessage.of(a).toString(), Duration.ofSeconds(10));
            case "syslog" -> syslog();
            default -> throw new IllegalStateException(type);
        };
    }

    private AlertSink syslog() {
        URI u = URI.create(target.contains("://") ? target : "udp://" + target);
        if (!"udp".equals(u.getScheme()) && !"tcp".equals(u.getScheme())) {
            throw new IllegalArgumentException("syslog output: '" + target + "' must be udp://HOST:PORT or tcp://HOST:PORT");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("syslog output: '" + target + "' has no host");
        }
        return new SyslogSink("tcp".equals(u.getScheme()), u.getHost(), u.getPort() < 0 ? 514 : u.getPort(), facility);
    }
}
