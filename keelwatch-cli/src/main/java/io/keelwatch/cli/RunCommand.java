package io.keelwatch.cli;

import io.keelwatch.engine.Pipeline;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import io.keelwatch.live.DockerEngineSource;
import io.keelwatch.live.FileTailSource;
import io.keelwatch.live.LiveSource;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.DaemonConfig;
import io.keelwatch.server.HttpSettings;
import io.keelwatch.server.Processor;
import io.keelwatch.server.output.OutputSpec;
import io.keelwatch.server.output.Sizes;
import io.keelwatch.source.Sources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code keelwatch run}: the live daemon. Command-line options override the {@code daemon:} section of the
 * {@code --config} file (see {@link DaemonConfig}). Stops cleanly on SIGTERM or SIGINT: sources stop, the state is
 * committed, outputs spool what they still hold.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the live daemon: Docker Engine events, followed files and the Kubernetes audit webhook "
                + "(POST /audit/webhook) through the rules; alerts into the store and the outputs.",
                "Also serves GET /healthz and GET /metrics. See docs/daemon.md."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    RuleOptions ruleOptions;

    @Option(names = "--store", paramLabel = "PATH", description = "SQLite store (default: daemon.store, else ./keelwatch.db).")
    Path store;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "HTTP listener (default: daemon.listen, else 127.0.0.1:8787).")
    String listen;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "Docker Engine (unix:///var/run/docker.sock, tcp://HOST:2376 ...; default: DOCKER_HOST, else the local socket).")
    String dockerHost;

    @Option(names = "--no-docker", description = "Do not follow the Docker Engine.")
    boolean noDocker;

    @Option(names = "--follow", paramLabel = "[TYPE:]FILE",
            description = "Tail a log file (repeatable); TYPE forces the format (e.g. dockerd_log:/var/log/docker.log).")
    List<String> follow = new ArrayList<>();

    @Option(names = "--webhook-token", paramLabel = "TOKEN", description = "Bearer token the audit webhook requires.")
    String webhookToken;

    @Option(names = "--webhook-token-file", paramLabel = "FILE", description = "Read the webhook token from a file.")
    Path webhookTokenFile;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate (chain).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (PKCS#8 or PKCS#1 RSA).")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "Accept webhook clients presenting a certificate signed by this PEM CA (mutual TLS).")
    Path clientCa;

    @Option(names = "--max-body", paramLabel = "SIZE", description = "Largest webhook request body (default 10MiB).")
    String maxBody;

    @Option(names = "--output", paramLabel = "SPEC",
            description = "Alert output (repeatable): stdout, stdout/ocsf, file:PATH, file/ocsf:PATH, webhook:URL, "
                    + "webhook/ocsf:URL, slack:URL, syslog:udp://HOST:PORT, syslog:tcp://HOST:PORT. "
                    + "Default: daemon.outputs, else stdout.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--lateness", paramLabel = "DURATION",
            description = "How far out of order live events may arrive (default: daemon.lateness, else 1s).")
    String lateness;

    @Option(names = "--retention", paramLabel = "DURATION",
            description = "Keep alerts and processed records this long (default: daemon.retention, else 30d).")
    String retention;

    @Override
    public Integer call() throws Exception {
        DaemonConfig cfg = ruleOptions.config == null ? DaemonConfig.empty() : loadConfig(ruleOptions.config);
        Daemon.Settings settings = settings(cfg);
        List<LiveSource> sources = sources(cfg);
        CompileResult compiled;
        try {
            compiled = ruleOptions.compile(System.err);
        } catch (RuleOptions.RulesInvalid e) {
            System.err.println("keelwatch: " + e.getMessage());
            return Main.ERROR;
        }
        Daemon daemon = Daemon.start(settings, compiled.ruleSet(), sources, cfg.response().withDockerHost(
                dockerHost != null ? dockerHost : cfg.dockerHost() != null ? cfg.dockerHost()
                        : System.getenv("DOCKER_HOST")));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                daemon.close();
            } catch (IOException e) {
                System.err.println("keelwatch: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "keelwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("keelwatch: running; store " + settings.store() + (settings.http() == null ? ""
                : ", listening on " + (settings.http().tls() ? "https" : "http") + "://" + settings.http().host()
                + ":" + daemon.port()) + ", " + sources.size() + " live source(s)");
        stopped.await();
        return Main.OK;
    }

    private static DaemonConfig loadConfig(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new Main.UsageError(p + ": no such file");
        }
        try {
            return DaemonConfig.load(p);
        } catch (IOException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }

    Daemon.Settings settings(DaemonConfig cfg) throws IOException {
        try {
            Path storePath = store != null ? store : cfg.store() != null ? cfg.store() : Path.of("keelwatch.db");
            String[] hp = HttpSettings.parseListen(listen != null ? listen : cfg.listen() != null ? cfg.listen()
                    : "127.0.0.1:8787");
            String token = webhookToken != null ? webhookToken : cfg.webhookToken();
            Path tokenFile = webhookTokenFile != null ? webhookTokenFile : cfg.webhookTokenFile();
            if (webhookToken == null && tokenFile != null) {
                if (!Files.isRegularFile(tokenFile)) {
                    throw new Main.UsageError(tokenFile + ": no such token file");
                }
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            }
            long body = maxBody != null ? Sizes.bytes(maxBody) : cfg.maxBody() != null ? cfg.maxBody()
                    : HttpSettings.DEFAULT_MAX_BODY;
            HttpSettings http = new HttpSettings(hp[0], Integer.parseInt(hp[1]), token,
                    tlsCert != null ? tlsCert : cfg.tlsCert(), tlsKey != null ? tlsKey : cfg.tlsKey(),
                    clientCa != null ? clientCa : cfg.clientCa(), body);
            for (Path p : new Path[]{http.tlsCert(), http.tlsKey(), http.clientCa()}) {
                if (p != null && !Files.isRegularFile(p)) {
                    throw new Main.UsageError(p + ": no such file");
                }
            }
            List<OutputSpec> outs = new ArrayList<>();
            for (String o : outputs) {
                outs.add(OutputSpec.parse(o));
            }
            if (outs.isEmpty()) {
                outs.addAll(cfg.outputs());
            }
            if (outs.isEmpty()) {
                outs.add(OutputSpec.parse("stdout"));
            }
            Duration late = lateness != null ? DaemonConfig.Durations.parse(lateness, "--lateness")
                    : cfg.lateness() != null ? cfg.lateness() : Duration.ofSeconds(1);
            Duration keep = retention != null ? DaemonConfig.Durations.parse(retention, "--retention")
                    : cfg.retention() != null ? cfg.retention() : Duration.ofDays(30);
            return new Daemon.Settings(storePath, http, outs, Pipeline.Options.live().withLateness(late),
                    Processor.Settings.defaults(), keep);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
    }

    List<LiveSource> sources(DaemonConfig cfg) throws IOException {
        List<LiveSource> out = new ArrayList<>();
        boolean docker = !noDocker && (cfg.docker() == null || cfg.docker());
        if (docker) {
            String host = dockerHost != null ? dockerHost : cfg.dockerHost() != null ? cfg.dockerHost()
                    : System.getenv("DOCKER_HOST");
            try {
                DockerEndpoint ep = DockerEndpoint.of(host, System.getenv());
                if (host == null && ep.isUnix() && !Files.exists(Path.of(ep.url().substring("unix://".length())))) {
                    System.err.println("keelwatch: warning: no Docker socket at " + ep.url()
                            + "; Docker events are not followed (use --docker-host or --no-docker)");
                } else {
                    out.add(new DockerEngineSource(new DockerEngineClient(ep)));
                }
            } catch (IllegalArgumentException e) {
                throw new Main.UsageError("--docker-host: " + e.getMessage());
            }
        }
        Sources readers = Sources.defaults();
        List<DaemonConfig.Follow> files = new ArrayList<>(cfg.follow());
        for (String f : follow) {
            int colon = f.indexOf(':');
            if (colon > 0 && readers.byType(f.substring(0, colon)).isPresent()) {
                files.add(new DaemonConfig.Follow(Path.of(f.substring(colon + 1)), f.substring(0, colon)));
            } else {
                files.add(new DaemonConfig.Follow(Path.of(f), null));
            }
        }
        for (DaemonConfig.Follow f : files) {
            if (f.source() != null && readers.byType(f.source()).isEmpty()) {
                throw new Main.UsageError("--follow: unknown source type '" + f.source() + "'");
            }
            out.add(new FileTailSource(f.path(), f.source(), readers, 250));
        }
        return out;
    }
}
