package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keelwatch validate} and {@code emulate docker} at the command line (the Docker run is in CI's .ci/run). */
class ValidateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theKubernetesScenariosPassAndTheMatrixSaysSo() throws Exception {
        Cli.Result r = Cli.run("validate", "--k8s", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = JSON.readTree(r.out());
        assertThat(m.path("passed").asBoolean()).isTrue();
        assertThat(m.path("strategies").path("container-evasion").asBoolean()).isTrue();
        assertThat(m.path("strategies").path("container-recon").asBoolean()).isTrue();
        JsonNode rows = m.path("emulators").get(0).path("scenarios");
        assertThat(rows.size()).isGreaterThan(15);
        for (JsonNode row : rows) {
            if (row.path("kind").asText().equals("malicious")) {
                assertThat(row.path("result").asText()).as(row.path("scenario").asText()).isEqualTo("detected");
                assertThat(row.path("detected_by").size()).isPositive();
                assertThat(row.path("detect_ms").asLong()).isBetween(0L, 60_000L);
            } else {
                assertThat(row.path("result").asText()).as(row.path("scenario").asText()).isEqualTo("quiet");
            }
        }
    }

    @Test
    void aTuningThatSwitchesOffADetectionFailsItsStrategy(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("keelwatch.yaml");
        Files.writeString(config, "rules:\n  k8s-port-forward:\n    enabled: false\n");
        Cli.Result r = Cli.run("validate", "--k8s", "--config", config.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Main.ERROR);
        assertThat(r.out()).containsPattern("port-forward\\s+malicious\\s+T1572\\s+MISSED")
                .contains("strategy container-evasion  FAILED").contains("strategy container-recon    PASSED");
    }

    @Test
    void anEngineThatDoesNotAnswerIsAnErrorNamingIt(@TempDir Path dir) {
        String sock = dir.resolve("no-engine.sock").toString();
        Cli.Result r = Cli.run("validate", "--docker", "--docker-host", "unix://" + sock);
        assertThat(r.code()).isEqualTo(Main.ERROR);
        assertThat(r.err()).contains(sock);
    }

    @Test
    void emulateDockerListsItsScenariosAndRefusesUnknownOnes() {
        Cli.Result list = Cli.run("emulate", "docker", "--list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("benign-ci-churn", "ephemeral-burst", "recon-exec", "docker-socket-mount",
                "port-scan-from-container", "cpu-hog-ephemeral", "unexpected-egress-port-3333", "T1611");
        Cli.Result bad = Cli.run("emulate", "docker", "no-such-scenario", "--docker-host", "unix:///nonexistent.sock");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("no Docker scenario 'no-such-scenario'", "recon-exec");
    }
}
