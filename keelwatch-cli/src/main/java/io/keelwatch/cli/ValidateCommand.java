package io.keelwatch.cli;

import io.keelwatch.emulate.Validation;
import io.keelwatch.emulate.docker.DockerEmulation;
import io.keelwatch.emulate.k8s.K8sEmulator;
import io.keelwatch.rule.CompileResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keelwatch validate}: every scenario of the chosen emulators, run through the detection pipeline; a matrix
 * of detected and missed attacks and of alerts on benign look-alikes; exit 1 when a strategy's validation fails.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate the detection strategies: emulate every scenario (for real on a Docker engine; "
                + "as an API server would log them for Kubernetes), run the capture through the rules and print "
                + "what was detected, missed, or raised on the benign look-alikes.",
            "Exit 1 when any strategy's validation fails. Without --docker or --k8s, both run."})
final class ValidateCommand implements Callable<Integer> {
    @Option(names = "--docker", description = "Run the Docker scenarios against an engine.")
    boolean docker;

    @Option(names = "--k8s", description = "Run the Kubernetes audit scenarios.")
    boolean k8s;

    @Mixin
    DockerHostOption dockerHost;

    @Mixin
    RuleOptions ruleOptions;

    @ArgGroup(exclusive = false, heading = "Docker emulation:%n")
    DockerArgs dockerArgs = new DockerArgs();

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the captures in DIR (docker/, k8s/).")
    Path keep;

    @Option(names = {"-o", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json. Default: ${DEFAULT-VALUE}.")
    String format;

    static final class DockerArgs {
        @Option(names = "--image", paramLabel = "REF", defaultValue = "busybox:local",
                description = "Busybox image on the engine. Default: ${DEFAULT-VALUE}.")
        String image = "busybox:local";

        @Option(names = "--dockerd-log", paramLabel = "FILE",
                description = "The engine's debug log (default: KEELWATCH_DOCKERD_LOG); without it the scenarios "
                        + "seen only there (inspect sweeps, refused requests) cannot be detected.")
        Path dockerdLog;

        @Option(names = "--cpu-seconds", paramLabel = "N", defaultValue = "8",
                description = "How long the CPU-burning container burns. Default: ${DEFAULT-VALUE}.")
        int cpuSeconds = 8;
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new Main.UsageError("--format must be table or json, not '" + format + "'");
        }
        boolean both = !docker && !k8s;
        CompileResult compiled = ruleOptions.compile(System.err);   // rule errors: printed, then exit 1
        List<Validation.Report> reports = new ArrayList<>();
        if (docker || both) {
            reports.add(validateDocker(compiled));
        }
        if (k8s || both) {
            reports.add(validateK8s(compiled));
        }
        if (format.equals("json")) {
            System.out.println(ValidationMatrix.json(reports).toPrettyString());
        } else {
            ValidationMatrix.table(System.out, reports, Terminal.colour());
        }
        return reports.stream().allMatch(Validation.Report::passed) ? Main.OK : Main.ERROR;
    }

    private Validation.Report validateDocker(CompileResult compiled) throws IOException {
        DockerEmulation.Options o = EmulateDockerCommand.options(dockerArgs.image, dockerArgs.dockerdLog,
                dockerArgs.cpuSeconds, false);
        List<String> notes = new ArrayList<>();
        if (o.dockerdLog() == null) {
            notes.add("no daemon log (--dockerd-log): inspect sweeps and refused requests are invisible");
        }
        DockerEmulation emulation = new DockerEmulation(dockerHost.connect(), o, m -> {
            System.err.println("keelwatch: " + m);
            if (!m.startsWith("scenario ") && !m.startsWith("refused as expected")) {
                notes.add(m);
            }
        });
        Path dir = dir("docker");
        DockerEmulation.Result r = emulation.run(List.of("all"), dir);
        return Validation.validate("docker", compiled.ruleSet(), dir, r.scenarios(), notes);
    }

    /** The Kubernetes scenarios as audit events of now, read back like an audit log file. */
    private Validation.Report validateK8s(CompileResult compiled) throws IOException {
        java.time.Instant start = java.time.Instant.now();
        Path dir = dir("k8s");
        new K8sEmulator(start.toEpochMilli(), start).run(List.of("all")).write(dir);
        return Validation.validate("k8s", compiled.ruleSet(), dir, K8sEmulator.scenarios(), new ArrayList<>());
    }

    private Path dir(String name) throws IOException {
        if (keep != null) {
            Path d = keep.resolve(name);
            Files.createDirectories(d);
            return d;
        }
        return Files.createTempDirectory("keelwatch-validate-" + name + "-");
    }
}
