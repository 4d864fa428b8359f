package io.keelwatch.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.keelwatch.respond.AutoResponse;
import io.keelwatch.server.output.OutputSpec;
import io.keelwatch.server.output.Sizes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code daemon:} section of {@code keelwatch.yaml} (the same file whose {@code allowlist:} and {@code rules:}
 * tune the rules). Every key is optional; command-line options override it. Relative paths are taken relative to
 * the config file's directory.
 *
 * <pre>
 * daemon:
 *   store: /var/lib/keelwatch/keelwatch.db
 *   listen: 0.0.0.0:8787
 *   docker: true                      # follow the Docker Engine event stream
 *   docker_host: unix:///var/run/docker.sock
 *   follow:                           # files to tail: a path, or {path, source}
 *     - /var/log/docker.log
 *     - {path: /var/log/audit/audit.log, source: auditd}
 *   webhook_token_file: /etc/keelwatch/webhook-token   # or webhook_token: ...
 *   tls: {cert: /etc/keelwatch/tls.crt, key: /etc/keelwatch/tls.key, client_ca: /etc/keelwatch/ca.crt}
 *   max_body: 10MiB
 *   lateness: 1s                      # reorder window for live input
 *   retention: 30d                    # alerts, evidence, processed inbox rows
 *   outputs:
 *     - {type: stdout}
 *     - {type: file, path: /var/log/keelwatch/alerts.jsonl, max_size: 100MiB, keep: 5, format: ocsf}
 *     - {type: webhook, url: https://siem.example/ingest, headers: {Authorization: Bearer xyz}}
 *     - {type: slack, url: https://hooks.slack.com/services/T/B/X, min_priority: high}
 *     - {type: syslog, address: udp://127.0.0.1:514}
 *   response:                         # automatic response: off unless entries are listed (docs/response.md)
 *     auto:
 *       - {rule: container-recon-exec, action: isolate}
 *       - {min_priority: critical, actions: [evidence, pause]}
 *     evidence_dir: /var/lib/keelwatch/evidence
 *     kubeconfig: /etc/keelwatch/kubeconfig
 * </pre>
 */
public record DaemonConfig(Path store, String listen, Boolean docker, String dockerHost, List<Follow> follow,
                           String webhookToken, Path webhookTokenFile, Path tlsCert, Path tlsKey, Path clientCa,
                           Long maxBody, Duration lateness, Duration retention, List<OutputSpec> outputs,
                           AutoResponse.Config response) {
    private static final Set<String> KEYS = new TreeSet<>(List.of("store", "listen", "docker", "docker_host", "follow",
            "webhook_token", "webhook_token_file", "tls", "max_body", "lateness", "retention", "outputs", "response"));

    /** A file to tail; {@code source} (a reader type) may be null: then the tailer or the content decides. */
    public record Follow(Path path, String source) {
    }

    public static DaemonConfig empty() {
        return new DaemonConfig(null, null, null, null, List.of(), null, null, null, null, null, null, null, null,
                List.of(), AutoResponse.Config.off());
    }

    /** Reads the {@code daemon:} section; a file without one gives {@link #empty()}. */
    public static DaemonConfig load(Path file) throws IOException {
        Object root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Object.class);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m) || m.get("daemon") == null) {
            return empty();
        }
        try {
            return parse(map(m.get("daemon"), "daemon"), file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": daemon: " + e.getMessage(), e);
        }
    }

    static DaemonConfig parse(Map<String, Object> d, Path base) {
        for (String k : d.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' (expected one of " + KEYS + ")");
            }
        }
        List<Follow> follow = new ArrayList<>();
        for (Object f : list(d.get("follow"), "follow")) {
            if (f instanceof Map<?, ?> fm) {
                Object p = fm.get("path");
                if (p == null) {
                    throw new IllegalArgumentException("follow: an entry needs a 'path'");
                }
                follow.add(new Follow(path(base, p), fm.get("source") == null ? null : fm.get("source").toString()));
            } else {
                follow.add(new Follow(path(base, f), null));
            }
        }
        Map<String, Object> tls = d.get("tls") == null ? Map.of() : map(d.get("tls"), "tls");
        for (String k : tls.keySet()) {
            if (!Set.of("cert", "key", "client_ca").contains(k)) {
                throw new IllegalArgumentException("tls: unknown key '" + k + "' (expected cert, key, client_ca)");
            }
        }
        List<OutputSpec> outputs = new ArrayList<>();
        for (Object o : list(d.get("outputs"), "outputs")) {
            outputs.add(OutputSpec.fromMap(map(o, "outputs entry")));
        }
        return new DaemonConfig(path(base, d.get("store")), str(d.get("listen")),
                d.get("docker") == null ? null : bool(d.get("docker"), "docker"), str(d.get("docker_host")), follow,
                str(d.get("webhook_token")), path(base, d.get("webhook_token_file")), path(base, tls.get("cert")),
                path(base, tls.get("key")), path(base, tls.get("client_ca")),
                d.get("max_body") == null ? null : Sizes.bytes(d.get("max_body").toString()),
                duration(d.get("lateness"), "lateness"), duration(d.get("retention"), "retention"), outputs,
                d.get("response") == null ? AutoResponse.Config.off() : AutoResponse.Config.parse(map(d.get("response"),
                        "response"), DaemonConfig::duration, o -> path(base, o)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " must be a mapping");
        }
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private static List<?> list(Object o, String what) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        return l;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static boolean bool(Object o, String what) {
        if (o instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(what + " must be true or false");
    }

    private static Path path(Path base, Object o) {
        if (o == null) {
            return null;
        }
        Path p = Path.of(o.toString());
        return base == null || p.isAbsolute() ? p : base.resolve(p);
    }

    private static Duration duration(Object o, String what) {
        return o == null ? null : Durations.parse(o.toString(), what);
    }

    /** Durations as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}. */
    public static final class Durations {
        private Durations() {
        }

        public static Duration parse(String text, String what) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            int i = 0;
            while (i < t.length() && Character.isDigit(t.charAt(i))) {
                i++;
            }
            String unit = t.substring(i).trim();
            if (i == 0 || i > 12) {
                throw new IllegalArgumentException(what + ": '" + text + "' is not a duration (e.g. 500ms, 30s, 10m, 2h, 30d)");
            }
            long n = Long.parseLong(t.substring(0, i));
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException(what + ": '" + text
                        + "' is not a duration (e.g. 500ms, 30s, 10m, 2h, 30d)");
            };
        }
    }
}
