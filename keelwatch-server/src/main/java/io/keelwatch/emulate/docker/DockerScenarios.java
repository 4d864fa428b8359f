package io.keelwatch.emulate.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keelwatch.emulate.Scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Docker scenarios: each attack of the two strategies performed for real against the lab's own containers,
 * and benign look-alikes of them. Benign ones come first in the catalogue so that no attack's alerts spill into
 * their windows.
 */
public final class DockerScenarios {
    static final String EVASION = "container-evasion";
    static final String RECON = "container-recon";
    private static final int[] SCAN_PORTS = {20, 21, 22, 23, 25, 53, 80, 110, 143, 443, 445, 3306, 3333, 5432, 6379,
        8080, 8443, 9200, 27017};

    /** A scenario and what performs it. */
    public record Entry(Scenario scenario, Step step) {
    }

    /** Performs one scenario in the lab. */
    @FunctionalInterface
    public interface Step {
        void run(DockerLab lab, AppContainers app) throws IOException;
    }

    private DockerScenarios() {
    }

    private static Entry benign(String name, String strategy, String description, Step step) {
        return new Entry(new Scenario(name, strategy, false, List.of(), List.of(), description), step);
    }

    private static Entry attack(String name, String strategy, List<String> techniques, List<String> rules,
                                String description, Step step) {
        return new Entry(new Scenario(name, strategy, true, techniques, rules, description), step);
    }

    /** All scenarios in the order they run. {@code cpuSeconds}: how long the CPU burner burns. */
    public static List<Entry> catalogue(int cpuSeconds) {
        List<Entry> all = new ArrayList<>();
        all.add(benign("benign-ci-churn", EVASION, "eight short CI job containers labelled ci=true, one after another",
                (lab, app) -> {
                    for (int i = 1; i <= 8; i++) {
                        lab.runRemoved(lab.name("ci-job-" + i), lab.config(List.of("true"), Map.of("ci", "true")),
                                30_000);
                    }
                }));
        all.add(benign("benign-app-traffic", EVASION, "five seconds of the client's steady traffic to the db",
                (lab, app) -> DockerLab.sleep(5_000)));
        all.add(benign("benign-healthcheck-exec", RECON, "three health-check execs (`true`) into web",
                (lab, app) -> {
                    for (int i = 0; i < 3; i++) {
                        lab.exec(app.web(), "true");
                    }
                }));
        all.add(benign("benign-single-inspect", RECON, "one inspect of web and one container list",
                (lab, app) -> {
                    lab.docker().client().inspect(app.web());
                    lab.docker().client().listContainers(false);
                }));
        all.add(attack("ephemeral-burst", EVASION, List.of("T1610", "T1584.004"),
                List.of("container-ephemeral-burst", "container-churn-burst"),
                "twelve `docker run -d --rm ... sleep 2` at once", DockerScenarios::burst));
        all.add(attack("recon-exec", RECON, List.of("T1609", "T1613", "T1592", "T1082", "T1049", "T1057", "T1016",
                        "T1033"), List.of("container-recon-exec", "container-sensitive-file-read-exec"),
                "netstat -tuln, ps, uname -a, id, cat /etc/passwd, ifconfig, cat /proc/1/cgroup and mount through "
                        + "`docker exec` into web",
                (lab, app) -> {
                    for (String[] cmd : new String[][]{{"netstat", "-tuln"}, {"ps"}, {"uname", "-a"}, {"id"},
                        {"cat", "/etc/passwd"}, {"ifconfig"}, {"cat", "/proc/1/cgroup"}, {"mount"}}) {
                        lab.exec(app.web(), cmd);
                    }
                }));
        all.add(attack("inspect-enumeration", RECON, List.of("T1613", "T1592"), List.of("docker-api-inspection-sweep"),
                "inspect of every container (as `docker inspect --format '{{.HostConfig.PortBindings}}'`), "
                        + "docker info, docker version, network and image lists",
                (lab, app) -> {
                    for (String c : app.names()) {
                        lab.docker().client().inspect(c);
                    }
                    lab.docker().client().info();
                    lab.docker().client().version();
                    lab.docker().networks();
                    lab.docker().images();
                }));
        all.add(attack("privileged-create", RECON, List.of("T1610", "T1611"), List.of("container-privileged"),
                "`docker run --rm --privileged ... true` (a sandboxed runtime refuses to start it; the request is "
                        + "what counts)",
                (lab, app) -> runWith(lab, "priv", List.of("true"), "Privileged", true)));
        all.add(attack("host-root-mount", RECON, List.of("T1610", "T1611"), List.of("container-sensitive-host-mount"),
                "`docker run --rm -v /:/host ... ls /host`",
                (lab, app) -> lab.runRemoved(lab.name("hostroot"), bind(lab.config(List.of("ls", "/host"), Map.of()),
                        "/:/host:ro"), 30_000)));
        all.add(attack("docker-socket-mount", RECON, List.of("T1610", "T1611", "T1613"),
                List.of("container-runtime-socket-mount"),
                "`docker run --rm -v /var/run/docker.sock:/var/run/docker.sock ...` (the engine's own socket)",
                (lab, app) -> {
                    String sock = app.socket() != null ? app.socket() : "/var/run/docker.sock";
                    lab.runRemoved(lab.name("docksock"), bind(lab.config(List.of("ls", "-l",
                            "/var/run/docker.sock"), Map.of()), sock + ":/var/run/docker.sock"), 30_000);
                }));
        all.add(attack("host-pid-namespace", RECON, List.of("T1610", "T1611"), List.of("container-host-namespace"),
                "`docker run --rm --pid host ... ps`: the host's processes seen from a container",
                (lab, app) -> runWith(lab, "hostpid", List.of("ps"), "PidMode", "host")));
        all.add(attack("host-network-namespace", RECON, List.of("T1610", "T1611"), List.of("container-host-namespace"),
                "`docker run --rm --network host ... ifconfig`",
                (lab, app) -> runWith(lab, "hostnet", List.of("ifconfig"), "NetworkMode", "host")));
        all.add(attack("logging-disabled", EVASION, List.of("T1562", "T1584.004"), List.of("container-logging-disabled"),
                "`docker run --rm --log-driver none ...`",
                (lab, app) -> {
                    ObjectNode c = lab.config(List.of("sh", "-c", "echo nothing to see; sleep 1"), Map.of());
                    DockerLab.hostConfig(c).putObject("LogConfig").put("Type", "none");
                    lab.runRemoved(lab.name("nolog"), c, 30_000);
                }));
        all.add(attack("package-install-in-container", EVASION, List.of("T1105", "T1609", "T1584.004"),
                List.of("container-package-install"), "`docker exec web apk add curl` (a tool installed into a "
                        + "running container; busybox has no apk, so it fails after the exec is made)",
                (lab, app) -> lab.exec(app.web(), "apk", "add", "curl")));
        all.add(attack("port-scan-from-container", RECON, List.of("T1046", "T1592"), List.of("container-port-scan"),
                "a new container probes " + SCAN_PORTS.length + " TCP ports on web and db",
                (lab, app) -> {
                    StringBuilder sh = new StringBuilder("for p in");
                    for (int p : SCAN_PORTS) {
                        sh.append(' ').append(p);
                    }
                    sh.append("; do nc -w1 ").append(app.webIp()).append(" $p </dev/null >/dev/null 2>&1; nc -w1 ")
                            .append(app.dbIp()).append(" $p </dev/null >/dev/null 2>&1; done; true");
                    lab.runRemoved(lab.name("scanner"), lab.onNetwork(lab.config(List.of("sh", "-c", sh.toString()),
                            Map.of())), 120_000);
                }));
        all.add(attack("cpu-hog-ephemeral", EVASION, List.of("T1496", "T1584.004"),
                List.of("container-short-lived-cpu-burner", "container-cpu-spike-after-start"),
                "a short-lived container that burns a CPU for " + cpuSeconds + " s",
                (lab, app) -> lab.runRemoved(lab.name("cpuhog"), lab.config(List.of("sh", "-c",
                        "timeout " + cpuSeconds + " sh -c 'while :; do :; done'; true"), Map.of()),
                        (cpuSeconds + 60) * 1000L)));
        all.add(attack("unexpected-egress-port-3333", EVASION, List.of("T1496", "T1571", "T1071", "T1584.004"),
                List.of("container-mining-port-connection"),
                "a new container and db connect to pool on the mining-pool port 3333",
                (lab, app) -> {
                    String probe = "echo GET | nc -w2 " + app.poolIp() + " 3333 >/dev/null";
                    lab.runRemoved(lab.name("egress"), lab.onNetwork(lab.config(List.of("sh", "-c", probe), Map.of())),
                            30_000);
                    lab.exec(app.db(), "sh", "-c", probe);
                }));
        return all;
    }

    /** {@code docker run --rm} of {@code cmd} with one HostConfig setting. */
    private static void runWith(DockerLab lab, String name, List<String> cmd, String key, Object value)
            throws IOException {
        ObjectNode c = lab.config(cmd, Map.of());
        DockerLab.hostConfig(c).set(key, value instanceof Boolean b ? BooleanNode.valueOf(b)
                : TextNode.valueOf(value.toString()));
        lab.runRemoved(lab.name(name), c, 30_000);
    }

    private static ObjectNode bind(ObjectNode config, String bind) {
        ArrayNode binds = DockerLab.hostConfig(config).putArray("Binds");
        binds.add(bind);
        return config;
    }

    /** Twelve {@code docker run -d --rm IMAGE sleep 2} at once; returns when the engine has removed them all. */
    private static void burst(DockerLab lab, AppContainers app) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                started.add(pool.submit(() -> {
                    ObjectNode c = lab.config(List.of("sleep", "2"), Map.of());
                    DockerLab.hostConfig(c).put("AutoRemove", true);
                    return lab.start(null, c);
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : started) {
                try {
                    ids.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("a container of the burst did not start: " + e.getCause().getMessage(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            for (String id : ids) {
                lab.waitRemoved(id, 30_000);
            }
        } finally {
            // no interrupt: an interrupted create still reaches the engine, but its id would never come back
            pool.shutdown();
        }
    }
}
