package io.keelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.emulate.Label;
import io.keelwatch.emulate.Labels;
import io.keelwatch.emulate.k8s.K8sEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulateK8sCommandTest {
    /** The demo bundle's command line (its README gives it). */
    static final String[] DEMO = {"all", "--seed", "20260312", "--start", "2026-03-12T09:14:00.117Z"};
    static final Path BUNDLE = Path.of("src/main/resources/io/keelwatch/demo/k8s");

    @TempDir
    Path dir;

    record Output(int code, String out, String err) {
    }

    static Output run(String... args) throws IOException {
        EmulateK8sCommand cmd = new EmulateK8sCommand();
        new CommandLine(cmd).parseArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cmd.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listShowsEveryScenarioWithKindStrategyAndTechniques() throws IOException {
        Output o = run("--list");
        assertThat(o.code()).isZero();
        List<String> lines = o.out().lines().toList();
        assertThat(lines.get(0)).startsWith("SCENARIO").contains("KIND", "STRATEGY", "TECHNIQUES", "DESCRIPTION");
        assertThat(lines).hasSize(K8sEmulator.scenarios().size() + 1);
        assertThat(o.out()).containsPattern("pod-churn +malicious +container-evasion +T1610 +dave")
                .containsPattern("benign-ci-churn +benign +container-evasion +none ");
    }

    @Test
    void theBundledDemoIsWhatTheDocumentedCommandWrites() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(DEMO));
        args.addAll(List.of("--out", dir.toString()));
        Output o = run(args.toArray(String[]::new));
        assertThat(o.code()).isZero();
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).contains("events of " + K8sEmulator.scenarios().size() + " scenarios (seed 20260312");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).isEqualTo(Files.readString(BUNDLE.resolve("audit.jsonl")));
        assertThat(Files.readString(dir.resolve("labels.tsv"))).isEqualTo(Files.readString(BUNDLE.resolve("labels.tsv")));
        assertThat(Files.readString(BUNDLE.resolve("README.md")))
                .contains("keelwatch emulate k8s " + String.join(" ", DEMO) + " --out");
        // without --out: the same events on stdout
        Output stdout = run(DEMO);
        assertThat(stdout.out()).isEqualTo(Files.readString(dir.resolve("audit.jsonl")));
    }

    @Test
    void selectedScenariosAreScannedIntoAlertsOfTheirTechniques() throws IOException {
        Output o = run("exec-recon", "benign-list-own-pods", "--seed", "1", "--start", "2026-01-01T00:00:00+01:00",
                "--out", dir.toString());
        assertThat(o.code()).isZero();
        List<Label> labels = Labels.read(dir.resolve("labels.tsv"));
        assertThat(labels).extracting(Label::scenario).containsExactly("benign-list-own-pods", "exec-recon");
        assertThat(labels.get(0).startNs()).isEqualTo(1767222000_000_000_000L);
        Cli.Result scan = Cli.run("scan", "--format", "json", "--strict", "-q", dir.resolve("audit.jsonl").toString());
        assertThat(scan.code()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> alerts = scan.out().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(alerts).extracting(a -> a.path("rule").asText()).contains("container-recon-exec");
    }

    @Test
    void mistakesAreUsageErrors() throws IOException {
        assertThatThrownBy(() -> run("nope")).isInstanceOf(Main.UsageError.class).hasMessageContaining("pod-churn");
        assertThatThrownBy(() -> run("--start", "yesterday")).isInstanceOf(Main.UsageError.class)
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> run("--token", "t")).isInstanceOf(Main.UsageError.class)
                .hasMessageContaining("--post");
        Path tokenFile = Files.writeString(dir.resolve("token"), "t\n");
        assertThatThrownBy(() -> run("--post", "http://127.0.0.1:1/audit/webhook", "--token", "t", "--token-file",
                tokenFile.toString())).isInstanceOf(Main.UsageError.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> run("--post", "file:///tmp/x")).isInstanceOf(Main.UsageError.class);
        assertThatThrownBy(() -> run("--batch-size", "0", "--post", "http://127.0.0.1:1/")).isInstanceOf(
                Main.UsageError.class);
        assertThatThrownBy(() -> run("--seed", "x")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void anUnreachableWebhookIsAnErrorNamingIt() {
        assertThatThrownBy(() -> run("exec-recon", "--post", "http://127.0.0.1:1/audit/webhook", "--token", "t"))
                .isInstanceOf(IOException.class).hasMessageContaining("posting to http://127.0.0.1:1/audit/webhook");
    }
}
