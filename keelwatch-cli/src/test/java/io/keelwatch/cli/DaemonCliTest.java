package io.keelwatch.cli;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Evidence;
import io.keelwatch.alert.Priority;
import io.keelwatch.server.Daemon;
import io.keelwatch.server.DaemonConfig;
import io.keelwatch.store.AlertIds;
import io.keelwatch.store.AlertStore;
import io.keelwatch.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** keelwatch run's settings from config and flags; keelwatch alerts against a real store. */
class DaemonCliTest {
    @TempDir
    Path dir;

    private Path storeWithAlert() throws Exception {
        Path db = dir.resolve("k.db");
        try (Store s = Store.open(db)) {
            Alert a = new Alert(1_700_000_000_000_000_000L, "k8s-exec-into-pod", "Command run in a pod", Priority.LOW,
                    List.of("T1609"), List.of("execution"), null, "k8s_audit",
                    Map.of("orchestrator.resource.name", "web-1", "orchestrator.namespace", "default"),
                    "dev ran 'sh' in pod default/web-1", List.of(new Evidence("audit-webhook", 1, -1,
                    1_700_000_000_000_000_000L, "k8s_audit", "exec")), List.of("Ask dev."), 1,
                    1_700_000_000_000_000_000L, 1_700_000_000_000_000_000L, List.of());
            s.alerts().commit(List.of(new AlertStore.NewAlert(a, List.of())), "pipeline", null);
        }
        return db;
    }

    @Test
    void alertsListShowAckClose() throws Exception {
        Path db = storeWithAlert();
        String store = db.toString();
        Cli.Result list = Cli.run("alerts", "list", "--store", store);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("k8s-exec-into-pod").contains("open").contains("default/web-1");
        Cli.Result json = Cli.run("alerts", "list", "--store", store, "--format", "json");
        String id = io.keelwatch.server.DaemonConfig.class != null
                ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out().lines().findFirst().orElseThrow())
                .path("id").asText() : null;
        assertThat(id).hasSize(32);
        assertThat(Cli.run("alerts", "ack", id.substring(0, 6), "--store", store, "--who", "alice").code()).isZero();
        Cli.Result noReason = Cli.run("alerts", "close", id.substring(0, 6), "--store", store);
        assertThat(noReason.code()).isEqualTo(Main.USAGE);
        assertThat(noReason.err()).contains("--reason");
        assertThat(Cli.run("alerts", "close", id, "--store", store, "--reason", "expected", "--who", "bob").code())
                .isZero();
        Cli.Result show = Cli.run("alerts", "show", id.substring(0, 8), "--store", store);
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("status:     closed").contains("acknowledged  by alice")
                .contains("closed  by bob: expected");
        Cli.Result showJson = Cli.run("alerts", "show", id, "--store", store, "--format", "json");
        assertThat(showJson.out()).contains("\"triage\"").contains("\"evidence_events\"");
        assertThat(Cli.run("alerts", "list", "--store", store, "--status", "open").out()).contains("No alerts.");
        assertThat(Cli.run("alerts", "list", "--store", store, "--status", "bogus").code()).isEqualTo(Main.USAGE);
        assertThat(Cli.run("alerts", "show", "abcdef", "--store", store).code()).isEqualTo(Main.ERROR);
        assertThat(Cli.run("alerts", "list", "--store", dir.resolve("none.db").toString()).code())
                .isEqualTo(Main.ERROR);
        Cli.Result prune = Cli.run("alerts", "prune", "--older-than", "30d", "--store", store);
        assertThat(prune.code()).isZero();
        assertThat(prune.out()).contains("removed 0 alerts");
        assertThat(Cli.run("alerts", "prune", "--older-than", "soon", "--store", store).code()).isEqualTo(Main.USAGE);
        assertThat(AlertIds.class).isNotNull();
    }

    @Test
    void runSettingsComeFromTheConfigAndFlagsWin() throws Exception {
        Path cfg = dir.resolve("keelwatch.yaml");
        Files.writeString(dir.resolve("token"), "tok-from-file\n");
        Files.writeString(cfg, """
                allowlist:
                  namespaces: [kube-system]
                daemon:
                  store: data/k.db
                  listen: 0.0.0.0:9000
                  docker: false
                  follow:
                    - /var/log/docker.log
                    - {path: /var/log/audit/audit.log, source: auditd}
                  webhook_token_file: token
                  lateness: 250ms
                  retention: 7d
                  outputs:
                    - {type: file, path: alerts.jsonl, format: ocsf, max_size: 1MiB, keep: 3}
                    - {type: slack, url: "https://hooks.example/x", min_priority: high}
                """);
        DaemonConfig c = DaemonConfig.load(cfg);
        assertThat(c.store()).isEqualTo(dir.resolve("data/k.db"));
        assertThat(c.follow()).extracting(DaemonConfig.Follow::source).containsExactly(null, "auditd");
        assertThat(c.outputs()).hasSize(2);
        assertThat(c.outputs().get(0).maxBytes()).isEqualTo(1 << 20);

        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs("--config", cfg.toString(), "--listen", "127.0.0.1:9100",
                "--follow", "dockerd_log:/tmp/d.log");
        Daemon.Settings s = run.settings(c);
        assertThat(s.store()).isEqualTo(dir.resolve("data/k.db"));
        assertThat(s.http().host()).isEqualTo("127.0.0.1");
        assertThat(s.http().port()).isEqualTo(9100);
        assertThat(s.http().webhookToken()).isEqualTo("tok-from-file");
        assertThat(s.options().lateness()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(s.outputs()).extracting(o -> o.type()).containsExactly("file", "slack");
        assertThat(run.sources(c)).hasSize(3); // docker off; two followed files from the config, one from the flag

        Files.writeString(cfg, "daemon:\n  listen: 1.2.3.4:1\n  colour: blue\n");
        Cli.Result bad = Cli.run("run", "--config", cfg.toString(), "--no-docker");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("unknown key 'colour'");
        Cli.Result badOut = Cli.run("run", "--no-docker", "--output", "pager:x", "--store",
                dir.resolve("x.db").toString());
        assertThat(badOut.code()).isEqualTo(Main.USAGE);
        assertThat(badOut.err()).contains("unknown output type");
    }
}
