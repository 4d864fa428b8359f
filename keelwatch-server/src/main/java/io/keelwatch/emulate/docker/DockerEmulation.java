package io.keelwatch.emulate.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Labels;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.Scoring;
import io.keelwatch.live.DockerContainers;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code keelwatch emulate docker}: sets up the lab, records the sensors, performs the chosen scenarios for real,
 * writes {@code labels.tsv} (one row per scenario, client-side clock) and removes everything it created, also when
 * the JVM is interrupted.
 */
public final class DockerEmulation {
    /** What to run with. {@code dockerdLog} may be null (no daemon log in the capture). */
    public record Options(String image, int cpuSeconds, Path dockerdLog, long maxPackets, boolean keepPcap) {
        public static Options defaults() {
            return new Options("busybox:local", 12, null, 20_000, false);
        }
    }

    /** The capture directory and its labels. */
    public record Result(Path dir, List<Label> labels, List<Scenario> scenarios) {
    }

    private final DockerContainers docker;
    private final Options options;
    private final Consumer<String> log;

    public DockerEmulation(DockerContainers docker, Options options, Consumer<String> log) {
        this.docker = docker;
        this.options = options;
        this.log = log;
    }

    /** Every scenario, in the order {@code all} runs them. */
    public static List<Scenario> scenarios() {
        return DockerScenarios.catalogue(Options.defaults().cpuSeconds()).stream()
                .map(DockerScenarios.Entry::scenario).toList();
    }

    /** The named scenarios ({@code all} for every one), in catalogue order; unknown names fail. */
    static List<DockerScenarios.Entry> select(List<DockerScenarios.Entry> all, Collection<String> names) {
        if (names.isEmpty() || names.contains("all")) {
            return all;
        }
        List<String> known = all.stream().map(e -> e.scenario().name()).toList();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("no Docker scenario '" + n + "'; the scenarios are: all, "
                        + String.join(", ", known));
            }
        }
        return all.stream().filter(e -> names.contains(e.scenario().name())).toList();
    }

    /** Runs the scenarios, recording into {@code out}. */
    public Result run(Collection<String> names, Path out) throws IOException {
        List<DockerScenarios.Entry> chosen = select(DockerScenarios.catalogue(options.cpuSeconds()), names);
        String runId = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        DockerLab lab = new DockerLab(docker, options.image(), runId, log);
        DockerRecorder recorder = new DockerRecorder(docker, runId, out, options.dockerdLog(), log);
        Thread hook = new Thread(() -> {
            log.accept("interrupted: removing what this run created");
            lab.close();
            try {
                recorder.close();
            } catch (IOException ignored) {
                // best effort on the way out
            }
        }, "emulate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Label> labels = new ArrayList<>();
        try {
            recorder.start(System.currentTimeMillis() * 1_000_000L);
            lab.prepare();
            recorder.capture(lab.networkId(), options.maxPackets(), options.keepPcap());
            AppContainers app = startApp(lab);
            DockerLab.sleep(1_000);
            for (DockerScenarios.Entry e : chosen) {
                log.accept("scenario " + e.scenario().name());
                long start = now();
                e.step().run(lab, app);
                labels.add(Label.of(e.scenario(), start, now()));
                DockerLab.sleep(300);
            }
            Labels.write(out.resolve("labels.tsv"), labels);
            // past the last scenario's scoring window before the teardown, whose removals are not a scenario
            DockerLab.sleep(Scoring.AFTER_NANOS / 1_000_000L + 500);
        } finally {
            lab.close();
            DockerLab.sleep(1_000);
            recorder.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        return new Result(out, labels, chosen.stream().map(DockerScenarios.Entry::scenario).toList());
    }

    private AppContainers startApp(DockerLab lab) throws IOException {
        String web = lab.name("web");
        String db = lab.name("db");
        String pool = lab.name("pool");
        String client = lab.name("client");
        lab.start(web, lab.onNetwork(lab.config(List.of("httpd", "-f", "-p", "8080"), Map.of("app", "web"))));
        lab.start(db, lab.onNetwork(lab.config(List.of("httpd", "-f", "-p", "5432"), Map.of("app", "db"))));
        lab.start(pool, lab.onNetwork(lab.config(List.of("httpd", "-f", "-p", "3333"), Map.of("app", "pool"))));
        String dbIp = lab.ip(db);
        lab.start(client, lab.onNetwork(lab.config(List.of("sh", "-c", "while true; do echo GET | nc -w1 " + dbIp
                + " 5432 >/dev/null; sleep 1; done"), Map.of("app", "client"))));
        Path sock = docker.client().endpoint().socketPath();
        return new AppContainers(web, db, pool, client, lab.ip(web), dbIp, lab.ip(pool),
                sock == null ? null : sock.toString());
    }

    /** Removes containers and networks left by earlier runs that could not clean up (killed); their count. */
    public int removeLeftovers() throws IOException {
        int n = 0;
        for (JsonNode c : docker.listByLabel(DockerLab.LABEL)) {
            if (docker.remove(c.path("Id").asText())) {
                n++;
            }
        }
        for (JsonNode net : docker.networks()) {
            if (net.path("Labels").has(DockerLab.LABEL)) {
                docker.networkRemove(net.path("Id").asText());
                n++;
            }
        }
        return n;
    }

    private static long now() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
