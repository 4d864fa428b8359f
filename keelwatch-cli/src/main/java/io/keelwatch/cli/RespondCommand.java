package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.live.DockerContainers;
import io.keelwatch.live.DockerEndpoint;
import io.keelwatch.live.DockerEngineClient;
import io.keelwatch.respond.ActionResult;
import io.keelwatch.respond.KubernetesResponder;
import io.keelwatch.respond.Responder;
import io.keelwatch.respond.ResponseAction;
import io.keelwatch.server.DaemonConfig;
import io.keelwatch.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code keelwatch respond}: a containment action or an evidence bundle for the container or pod of an alert. */
@Command(name = "respond", mixinStandardHelpOptions = true,
        description = {"Act on the container or pod a stored alert is about: isolate it from the network, pause or "
                + "stop it, collect an evidence bundle, or release it again. Every action is recorded with the alert "
                + "(see 'keelwatch alerts show'). See docs/response.md.",
                "Exit codes: 0 done or nothing to do, 1 the action failed or no such alert, 2 usage."})
final class RespondCommand extends AlertsCommand.StoreOptions implements Callable<Integer> {
    @Parameters(paramLabel = "ALERT_ID", description = "Alert id or a unique prefix of it (at least 4 digits).")
    String id;

    @Option(names = "--action", required = true, paramLabel = "ACTION",
            description = "Docker: isolate, pause, stop, evidence, release. Kubernetes: isolate, cordon, "
                    + "delete-pod, evidence, release.")
    String action;

    @Option(names = "--dry-run", description = "Print the requests that would be sent; send no change, record nothing.")
    boolean dryRun;

    @Option(names = "--docker-host", paramLabel = "URL",
            description = "Docker Engine (default: daemon.docker_host of --config, else DOCKER_HOST, else the local socket).")
    String dockerHost;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubernetes credentials (default: daemon.response.kubeconfig of --config, else KUBECONFIG, "
                    + "~/.kube/config, the in-cluster account).")
    Path kubeconfig;

    @Option(names = "--out", paramLabel = "FILE",
            description = "evidence: the bundle to write (default: keelwatch-evidence-ID-TIME.tar.gz here).")
    Path out;

    @Option(names = "--export", description = "evidence: include the container's whole file system (docker export).")
    boolean export;

    @Option(names = "--window", defaultValue = "30m", paramLabel = "DURATION",
            description = "evidence: include alerts about the same target this close in time. Default: ${DEFAULT-VALUE}.")
    String window;

    @Option(names = "--stop-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "stop: seconds before the container is killed. Default: ${DEFAULT-VALUE}.")
    int stopTimeout;

    @Option(names = "--who", paramLabel = "NAME", description = "Who acts, as recorded (default: the user name).")
    String who;

    @Option(names = {"-o", "--format"}, defaultValue = "table", description = "table or json.")
    String format;

    @Override
    public Integer call() throws Exception {
        AlertsCommand.checkFormat(format);
        ResponseAction a = ResponseAction.parse(action).orElseThrow(() -> new Main.UsageError(
                "--action must be one of " + ResponseAction.labels() + ", not '" + action + "'"));
        if ((out != null || export) && a != ResponseAction.EVIDENCE) {
            throw new Main.UsageError("--out and --export go with --action evidence");
        }
        if (stopTimeout < 0) {
            throw new Main.UsageError("--stop-timeout must not be negative");
        }
        Duration win;
        DockerEndpoint endpoint;
        DaemonConfig cfg = DaemonConfig.empty();
        try {
            if (config != null) {
                cfg = DaemonConfig.load(config);
            }
            win = DaemonConfig.Durations.parse(window, "--window");
            endpoint = DockerEndpoint.of(dockerHost != null ? dockerHost : cfg.dockerHost() != null ? cfg.dockerHost()
                    : System.getenv("DOCKER_HOST"), System.getenv());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new Main.UsageError(e.getMessage());
        }
        Path kube = kubeconfig != null ? kubeconfig : cfg.response().kubeconfig();
        Responder.Options opts = Responder.Options.of(AlertsCommand.who(who)).dryRun(dryRun).out(out, null)
                .evidence(export, win).stopTimeout(stopTimeout);
        ActionResult r;
        try (Store s = open();
             Responder responder = new Responder(s, () -> new DockerContainers(new DockerEngineClient(endpoint)),
                     () -> KubernetesResponder.connect(kube))) {
            r = responder.respond(id, a, opts);
        } catch (Responder.NotApplicable e) {
            throw new Main.UsageError(e.getMessage());
        } catch (IllegalArgumentException e) {
            System.err.println("keelwatch: " + e.getMessage());
            return Main.ERROR;
        }
        print(System.out, r, format.equals("json"));
        if (!r.ok()) {
            System.err.println("keelwatch: " + a.label() + " failed: " + r.message());
        }
        return r.ok() ? Main.OK : Main.ERROR;
    }

    static void print(PrintStream out, ActionResult r, boolean json) {
        if (json) {
            out.println(r.toJson().toPrettyString());
            return;
        }
        out.println(r.action() + " " + r.target() + ": " + r.outcome().label() + ": " + r.message());
        if (r.outcome() == ActionResult.Outcome.PLANNED) {
            int i = 1;
            for (JsonNode q : r.details().path("requests")) {
                out.println();
                out.println("# " + i++);
                out.println(q.path("request").asText());
                if (q.hasNonNull("body")) {
                    out.println(q.path("body").asText().strip());
                }
            }
        }
        if (r.details().has("sha256")) {
            out.println("sha256 " + r.details().path("sha256").asText() + "  " + r.details().path("path").asText());
        }
    }
}
