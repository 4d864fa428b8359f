package io.keelwatch.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keelwatch against a real Docker daemon (the {@code scripts/dockerd-sandbox.sh} sandbox: its own data root,
 * socket and debug log). Skipped only when {@code dockerd} is not installed or the test does not run as root.
 *
 * <p>The daemon ({@link LiveDaemonMain}: SQLite store, processor, the Docker Engine source and the dockerd log
 * followed as a file) runs in a JVM of its own; the docker CLI drives the engine; alerts are read from the store.
 * In the middle the daemon is killed with SIGKILL, the engine is used while it is down, and a new daemon is started
 * on the same store: every action must give its alerts exactly once.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RealDockerdTest {
    private static final String RECON = "container-recon-exec";
    private static final String SOCKET = "container-runtime-socket-mount";
    private static final String BURST = "container-ephemeral-burst";

    @TempDir
    static Path work;
    private static DockerdSandbox sandbox;

    @BeforeAll
    static void startDockerd() throws Exception {
        String why = DockerdSandbox.unavailable();
        Assumptions.assumeTrue(why == null, () -> "real-dockerd test skipped: " + why);
        long t0 = System.nanoTime();
        sandbox = DockerdSandbox.start();
        System.out.printf("sandbox dockerd up in %d ms at %s%n", (System.nanoTime() - t0) / 1_000_000, sandbox.dockerHost);
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void clientSpeaksToTheRealEngine() throws Exception {
        DockerEngineClient c = new DockerEngineClient(DockerEndpoint.of(sandbox.dockerHost, Map.of()));
        assertThat(c.ping()).isTrue();
        assertThat(c.version().path("ApiVersion").asText()).isNotEmpty();
        assertThat(c.apiVersion()).matches("1\\.\\d+");
        long since = System.currentTimeMillis() * 1_000_000L;
        List<String> seen = new ArrayList<>();
        try (LineStream events = c.events(since, since + 30_000_000_000L, Map.of("type", List.of("container")))) {
            String id = sandbox.docker("run", "-d", "--name", "probe", "busybox:local", "sleep", "30");
            JsonNode inspect = c.inspect("probe");
            assertThat(inspect.path("Id").asText()).isEqualTo(id);
            assertThat(inspect.path("State").path("Running").asBoolean()).isTrue();
            assertThat(c.listContainers(false).findValuesAsText("Id")).contains(id);
            c.pause(id);
            c.unpause(id);
            c.stop(id, 0);
            String line;
            while ((line = events.next()) != null && !line.contains("\"Action\":\"die\"")) {
                seen.add(DockerEngineClient.JSON.readTree(line).path("Action").asText());
            }
            assertThat(seen).containsSubsequence("create", "start", "pause", "unpause", "kill");
            sandbox.docker("rm", "-f", id);
            assertThat(c.listContainers(true).findValuesAsText("Id")).doesNotContain(id);
        }
    }

    @Test
    void alertsFromTheRealEngineSurviveAKill() throws Exception {
        Path storeFile = work.resolve("keelwatch.db");
        Path rules = work.resolve("sandbox-rules.yaml");
        // the sandbox's socket is where a runtime socket lives on this host
        Files.writeString(rules, "- list: runtime_sockets\n  append: true\n  items: [" + sandbox.socket + "]\n");
        boolean burstRule = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults()).ruleSet()
                .compiled(BURST).isPresent();
        long t0 = System.nanoTime();
        sandbox.docker("run", "-d", "--name", "web", "busybox:local", "sleep", "600");   // before Keelwatch: inventory

        KeelwatchProcess kw = KeelwatchProcess.start(storeFile, sandbox, rules, work.resolve("keelwatch-1.log"));
        try (Store store = Store.open(storeFile)) {
            scenario(store, kw, storeFile, rules, burstRule, t0);
        } catch (AssertionError | Exception e) {
            for (String log : new String[]{"keelwatch-1.log", "keelwatch-2.log"}) {
                Path p = work.resolve(log);
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p);
                    System.out.println("---- " + log + " (last 60 lines)\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
                }
            }
            throw e;
        } finally {
            kw.kill();
        }
    }

    private void scenario(Store store, KeelwatchProcess first, Path storeFile, Path rules, boolean burstRule, long t0)
            throws Exception {
        KeelwatchProcess kw = first;
        try {
            Alerts alerts = new Alerts(store);
            awaitOffset(store, "docker:" + sandbox.dockerHost);
            long tStarted = System.nanoTime();
            sandbox.docker("exec", "web", "netstat", "-tuln");
            List<Process> burst = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                burst.add(sandbox.dockerAsync("run", "-d", "--rm", "busybox:local", "sleep", "1"));
            }
            for (Process p : burst) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("docker run of the burst").isTrue();
            }
            sandbox.docker("run", "-d", "--name", "sock1", "-v", sandbox.socket + ":/var/run/docker.sock",
                    "busybox:local", "sleep", "600");
            long tActed = System.nanoTime();
            alerts.await("netstat exec and sock1 mount, from both the events and the daemon log", a ->
                    a.count(RECON, "netstat") == 2 && a.count(SOCKET, "sock1") == 2);
            long tFirst = System.nanoTime();
            if (burstRule) {
                alerts.await("the ephemeral burst", a -> a.count(BURST, "") >= 1);
            }
            long tBurst = System.nanoTime();

            kw.kill();                                             // SIGKILL: no shutdown of any kind
            sandbox.docker("exec", "web", "id");                   // while Keelwatch is down
            sandbox.docker("run", "-d", "--name", "sock2", "-v", sandbox.socket + ":/var/run/docker.sock",
                    "busybox:local", "sleep", "600");
            kw = KeelwatchProcess.start(storeFile, sandbox, rules, work.resolve("keelwatch-2.log"));
            alerts.await("what happened while Keelwatch was down", a ->
                    a.count(RECON, "'id'") == 2 && a.count(SOCKET, "sock2") == 2);
            long tCaughtUp = System.nanoTime();
            long tPs = System.nanoTime();
            sandbox.docker("exec", "web", "ps");
            alerts.await("the exec after the restart", a -> a.count(RECON, "'ps'") == 2);
            long tPsAlerts = System.nanoTime();
            Thread.sleep(2_000);                                   // repeats, if any, would arrive by now

            Alerts.Snapshot a = alerts.snapshot();
            assertThat(a.bySource(RECON)).isEqualTo(Map.of("docker_events", 3, "dockerd_log", 3));
            assertThat(a.bySource(SOCKET)).isEqualTo(Map.of("dockerd_log", 2, "docker_inspect", 2));
            assertThat(a.count(RECON, "netstat")).isEqualTo(2);
            assertThat(a.count(SOCKET, "sock1")).isEqualTo(2);
            if (burstRule) {
                assertThat(a.count(BURST, "")).isGreaterThanOrEqualTo(1);
            }
            assertThat(a.duplicates()).as("alerts about the same event").isEmpty();
            assertThat(duplicateRecords(store)).as("inbox records read twice").isEmpty();
            System.out.printf("real dockerd: actions took %d ms, their alerts came %d ms later (burst %d ms); "
                            + "after the restart caught up in %d ms; exec to alerts %d ms; %d alerts; %d ms in all%n",
                    ms(tActed - tStarted), ms(tFirst - tActed), ms(tBurst - tActed), ms(tCaughtUp - kw.startedAt),
                    ms(tPsAlerts - tPs), a.all.size(), ms(System.nanoTime() - t0));
        } finally {
            kw.kill();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void awaitOffset(Store store, String input) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (store.offset(input) == null) {
            if (System.currentTimeMillis() > deadline) {
                fail("the Docker source never committed an offset for " + input);
            }
            Thread.sleep(50);
        }
    }

    /** Inbox records with the same input and origin (a source that appended something twice). */
    private static List<String> duplicateRecords(Store store) throws IOException {
        Set<String> seen = new HashSet<>();
        List<String> dups = new ArrayList<>();
        long after = 0;
        List<Store.InboxRow> rows;
        while (!(rows = store.inbox(after, 5000)).isEmpty()) {
            for (Store.InboxRow r : rows) {
                if (!seen.add(r.input() + "\u0000" + r.origin())) {
                    dups.add(r.origin());
                }
                after = r.id();
            }
        }
        return dups;
    }

    /** The alerts in the store. */
    private record Alerts(Store store) {
        record Snapshot(List<JsonNode> all) {
            int count(String rule, String summaryPart) {
                return (int) all.stream().filter(a -> a.path("rule").asText().equals(rule)
                        && a.path("summary").asText().contains(summaryPart)).count();
            }

            Map<String, Integer> bySource(String rule) {
                Map<String, Integer> m = new HashMap<>();
                all.stream().filter(a -> a.path("rule").asText().equals(rule))
                        .forEach(a -> m.merge(a.path("source").asText(), 1, Integer::sum));
                return m;
            }

            /** Alerts of one rule whose first evidence is the same event (same record origin and item). */
            List<String> duplicates() {
                Set<String> keys = new HashSet<>();
                List<String> dups = new ArrayList<>();
                for (JsonNode a : all) {
                    JsonNode ev = a.path("evidence").path(0);
                    String k = a.path("rule").asText() + " " + ev.path("file").asText() + " " + ev.path("item").asInt(-1);
                    if (!keys.add(k)) {
                        dups.add(k);
                    }
                }
                return dups;
            }

            @Override
            public String toString() {
                StringBuilder sb = new StringBuilder();
                all.forEach(a -> sb.append("\n  ").append(a.path("rule").asText()).append(" [")
                        .append(a.path("source").asText()).append("] ").append(a.path("summary").asText()));
                return sb.toString();
            }
        }

        Snapshot snapshot() throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (AlertStore.StoredAlert s : store.alerts().list(new AlertStore.Query(null, null, null, null, 0))) {
                out.add(s.json());
            }
            return new Snapshot(out);
        }

        void await(String what, Predicate<Snapshot> done) throws Exception {
            long deadline = System.currentTimeMillis() + 30_000;
            Snapshot s;
            while (!done.test(s = snapshot())) {
                if (System.currentTimeMillis() > deadline) {
                    fail("no alerts for " + what + " within 30 s; alerts so far:" + s);
                }
                Thread.sleep(100);
            }
        }
    }
}
