package io.keelwatch.cli;

import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Scenario;
import io.keelwatch.emulate.docker.DockerEmulation;
import io.keelwatch.emulate.docker.DockerLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keelwatch emulate docker SCENARIO...|all}: the Docker attacks, for real, against the lab's own containers. */
@Command(name = "docker", mixinStandardHelpOptions = true,
        description = {"Perform Docker scenarios for real against an engine, using only containers and a network "
                + "it creates (all labelled " + DockerLab.LABEL + " and removed at the end, also on Ctrl-C).",
            "Writes a labelled capture to --out: events.jsonl, inspect.jsonl, stats.jsonl, labels.tsv, and "
                + "dockerd.log (with --dockerd-log) and conn.log (flows, when tcpdump can run)."})
final class EmulateDockerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "Scenario names, or all (the default).")
    List<String> scenarios = new ArrayList<>();

    @Mixin
    DockerHostOption docker;

    @Option(names = "--out", paramLabel = "DIR", description = "Capture directory (created; default: a new one "
            + "under the temporary directory).")
    Path out;

    @Option(names = "--image", paramLabel = "REF", defaultValue = "busybox:local",
            description = "A busybox image on the engine (sh, nc, httpd, netstat, ps). Default: ${DEFAULT-VALUE}.")
    String image;

    @Option(names = "--dockerd-log", paramLabel = "FILE",
            description = "The engine's debug log file, to copy the run's part of it (default: KEELWATCH_DOCKERD_LOG).")
    Path dockerdLog;

    @Option(names = "--cpu-seconds", paramLabel = "N", defaultValue = "12",
            description = "How long the CPU-burning container burns. Default: ${DEFAULT-VALUE}.")
    int cpuSeconds;

    @Option(names = "--keep-pcap", description = "Keep the packet capture (appnet.pcap) besides its conn.log.")
    boolean keepPcap;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--cleanup", description = "Remove containers and networks left by interrupted runs, and exit.")
    boolean cleanup;

    @Override
    public Integer call() throws Exception {
        if (list) {
            printScenarios(DockerEmulation.scenarios());
            return Main.OK;
        }
        DockerEmulation emulation = new DockerEmulation(docker.connect(), options(), m -> System.err.println(
                "keelwatch: " + m));
        if (cleanup) {
            System.err.println("keelwatch: removed " + emulation.removeLeftovers() + " leftover object(s)");
            return Main.OK;
        }
        Path dir = out != null ? out : Files.createTempDirectory("keelwatch-emulate-");
        DockerEmulation.Result r;
        try {
            r = emulation.run(scenarios, dir);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        for (Label l : r.labels()) {
            System.out.printf("%-30s %-9s %6d ms%n", l.scenario(), l.kind(), (l.endNs() - l.startNs()) / 1_000_000);
        }
        System.err.println("keelwatch: capture written to " + dir + " (scan it: keelwatch scan " + dir + ")");
        return Main.OK;
    }

    DockerEmulation.Options options() {
        return options(image, dockerdLog, cpuSeconds, keepPcap);
    }

    /** Checked emulation options; the daemon log defaults to KEELWATCH_DOCKERD_LOG. */
    static DockerEmulation.Options options(String image, Path dockerdLog, int cpuSeconds, boolean keepPcap) {
        if (cpuSeconds < 1 || cpuSeconds > 600) {
            throw new Main.UsageError("--cpu-seconds must be between 1 and 600");
        }
        Path log = dockerdLog;
        if (log == null && System.getenv("KEELWATCH_DOCKERD_LOG") != null) {
            log = Path.of(System.getenv("KEELWATCH_DOCKERD_LOG"));
        }
        if (log != null && !Files.isReadable(log)) {
            throw new Main.UsageError("--dockerd-log: " + log + " is not a readable file");
        }
        return new DockerEmulation.Options(image, cpuSeconds, log, 20_000, keepPcap);
    }

    static void printScenarios(List<Scenario> all) {
        System.out.printf("%-30s %-9s %-18s %s%n", "SCENARIO", "KIND", "STRATEGY", "TECHNIQUES / WHAT IT DOES");
        for (Scenario s : all) {
            System.out.printf("%-30s %-9s %-18s %s%n", s.name(), s.kind(), s.strategy(),
                    (s.techniques().isEmpty() ? "" : String.join(",", s.techniques()) + ": ") + s.description());
        }
    }
}
