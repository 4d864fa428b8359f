package io.keelwatch.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigma and Falco rule files through the CLI: rules test, --source json with --flatten, scan --rules. */
class ForeignRulesCliTest {
    private static final Path DIR = Cli.FIXTURES.resolve("ForeignRulesCliTest");

    @Test
    void sigmaRulesTestOverFlattenedJson() {
        Path events = DIR.resolve("windows-events.json");
        Cli.Result r = Cli.run("rules", "test", DIR.resolve("sigma-rundll.yml").toString(), events.toString(),
                "--source", "json", "--flatten", "Event.System,Event.EventData");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip().split("\n")).containsExactly(
                "6b1e2f60-6f1d-4a8e-9d0f-1c2a3b4c5d6e\t" + events + ":1",
                "6b1e2f60-6f1d-4a8e-9d0f-1c2a3b4c5d6e\t" + events + ":5");
        Cli.Result flat = Cli.run("rules", "test", DIR.resolve("sigma-rundll.yml").toString(), events.toString(),
                "--source", "json");
        assertThat(flat.out()).isBlank();   // without --flatten the fields stay under Event.EventData
    }

    @Test
    void scanWithSigmaRulesCarriesAuthorAndLink() {
        Cli.Result r = Cli.run("scan", "--format", "json", "-q", "--no-builtin", "--rules",
                DIR.resolve("sigma-rundll.yml").toString(), "--source", "json", "--flatten",
                "Event.System,Event.EventData", DIR.resolve("windows-events.json").toString());
        assertThat(r.code()).as(r.err()).isIn(0, 2);
        assertThat(r.out()).contains("\"rule\":\"6b1e2f60-6f1d-4a8e-9d0f-1c2a3b4c5d6e\"")
                .contains("Sigma rule by Keelwatch tests").contains("author:Keelwatch tests");
    }

    @Test
    void falcoRulesRunOnAuditLogs() {
        Path audit = DIR.resolve("audit.jsonl");
        Cli.Result r = Cli.run("rules", "test", DIR.resolve("falco-k8s.yaml").toString(), audit.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Exec Into Pod By A Person\t" + audit + ":1");
        Cli.Result scan = Cli.run("scan", "--format", "json", "-q", "--no-builtin", "--rules",
                DIR.resolve("falco-k8s.yaml").toString(), audit.toString());
        assertThat(scan.out()).contains("alice ran sh in shop/web-0");
        Cli.Result v = Cli.run("rules", "validate", DIR.resolve("falco-k8s.yaml").toString(),
                DIR.resolve("sigma-rundll.yml").toString());
        assertThat(v.code()).as(v.out() + v.err()).isZero();
    }

    @Test
    void sigmaRegressionCaseThroughTheCli() throws Exception {
        Path data = Cli.SHARED.resolve("sigma/regression/regression_data/rules/windows/process_creation/"
                + "proc_creation_win_sc_stop_service");
        Assumptions.assumeTrue(Files.isDirectory(data), "Sigma corpus not found; skipping");
        Path rule = Cli.SHARED.resolve("sigma/regression/rules/windows/process_creation/proc_creation_win_sc_stop_service.yml");
        Path event = data.resolve("81bcb81b-5b1f-474b-b373-52c871aaa7b1.json");
        Cli.Result r = Cli.run("rules", "test", rule.toString(), event.toString(), "--source", "json", "--flatten",
                "Event.System,Event.EventData");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("81bcb81b-5b1f-474b-b373-52c871aaa7b1\t");
    }
}
