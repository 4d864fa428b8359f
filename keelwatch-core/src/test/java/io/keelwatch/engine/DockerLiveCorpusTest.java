package io.keelwatch.engine;

import io.keelwatch.alert.Alert;
import io.keelwatch.alert.Priority;
import io.keelwatch.event.Event;
import io.keelwatch.rule.CompileResult;
import io.keelwatch.rule.CompiledRuleSet;
import io.keelwatch.rule.RuleCompiler;
import io.keelwatch.rule.RuleLoader;
import io.keelwatch.rule.TuningConfig;
import io.keelwatch.source.Diagnostics;
import io.keelwatch.source.EventStream;
import io.keelwatch.source.Inputs;
import io.keelwatch.source.Inventory;
import io.keelwatch.source.Sources;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in rules over the labelled Docker captures, judged the way shared/bin/score-docker-corpus judges them:
 * a malicious scenario needs an alert of priority medium or above carrying one of its techniques within
 * [start - 1 s, end + 3 s]; a benign window must have no such alert. The docker-live capture lives in the shared
 * folder beside the repository (the test is skipped without it); the demo capture ships with the CLI.
 */
class DockerLiveCorpusTest {
    private static final Path LIVE = Path.of("..", "..", "shared", "corpus", "docker-live");
    private static final Path DEMO = Path.of("..", "keelwatch-cli", "src", "main", "resources", "io", "keelwatch",
            "demo", "docker");
    private static final long S = 1_000_000_000L;

    record Scenario(long start, long end, String name, boolean malicious, List<String> techniques) {
    }

    private static CompiledRuleSet rules;

    @BeforeAll
    static void compile() {
        CompileResult r = RuleCompiler.compile(List.of(RuleLoader.builtIn()), TuningConfig.defaults());
        assertThat(r.errors()).isEmpty();
        rules = r.ruleSet();
    }

    static List<Scenario> labels(Path dir) throws IOException {
        List<Scenario> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("labels.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t");
            out.add(new Scenario(Long.parseLong(c[0]), Long.parseLong(c[1]), c[2], c[3].equals("malicious"),
                    List.of(c[4].toUpperCase().split("/"))));
        }
        return out;
    }

    static List<Alert> scan(List<Path> files) throws IOException {
        Diagnostics diag = Diagnostics.silent();
        List<Alert> out = new ArrayList<>();
        Pipeline p = new Pipeline(rules, out::add);
        try (EventStream s = Inputs.open(Inputs.plan(files, null, Sources.defaults(), diag), diag, new Inventory())) {
            Event e;
            while ((e = s.next()) != null) {
                p.accept(e);
            }
        }
        p.finish();
        return out;
    }

    static boolean serious(Alert a) {
        return a.priority().isAtLeast(Priority.MEDIUM);
    }

    static boolean carries(Alert a, List<String> expected) {
        return a.techniques().stream().anyMatch(t -> expected.stream().anyMatch(x -> t.equals(x)
                || t.startsWith(x + ".")));
    }

    /** Scenario name → the rules that detect it (malicious) or that are noisy in it (benign); empty: none. */
    static Map<String, List<String>> judge(List<Scenario> scenarios, List<Alert> alerts) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Scenario s : scenarios) {
            long lo = s.malicious() ? s.start() - S : s.start();
            long hi = s.malicious() ? s.end() + 3 * S : s.end();
            out.put(s.name(), alerts.stream().filter(a -> a.timeNanos() >= lo && a.timeNanos() <= hi && serious(a))
                    .filter(a -> !s.malicious() || carries(a, s.techniques())).map(Alert::rule).distinct().sorted()
                    .toList());
        }
        return out;
    }

    static List<Path> files(Path dir, String... names) {
        return java.util.Arrays.stream(names).map(dir::resolve).toList();
    }

    @Test
    void dockerLiveScenariosAreDetectedAndBenignWindowsStayQuiet() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(LIVE), "no docker-live capture at " + LIVE.toAbsolutePath()
                + " (the shared folder beside the repository); skipped");
        List<Alert> alerts = scan(files(LIVE, "events.jsonl", "dockerd.log", "stats.jsonl", "conn.log",
                "inventory.json"));
        Map<String, List<String>> verdicts = judge(labels(LIVE), alerts);
        assertThat(verdicts.get("benign-ci-churn")).isEmpty();
        assertThat(verdicts.get("benign-app-traffic")).isEmpty();
        assertThat(verdicts.get("benign-healthcheck-exec")).isEmpty();
        assertThat(verdicts.get("benign-single-inspect")).isEmpty();
        assertThat(verdicts.get("ephemeral-burst")).contains("container-ephemeral-burst", "container-churn-burst");
        assertThat(verdicts.get("inspect-enumeration")).contains("docker-api-inspection-sweep");
        assertThat(verdicts.get("port-scan-from-container")).contains("container-port-scan");
        assertThat(verdicts.get("cpu-hog-ephemeral")).contains("container-cpu-spike-after-start",
                "container-short-lived-cpu-burner");
        assertThat(verdicts.get("unexpected-egress-port-3333")).contains("container-mining-port-connection");
        assertThat(alerts).extracting(Alert::timeNanos).isSorted();
    }

    @Test
    void reversedInputOrderGivesTheSameAlerts() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(LIVE), "no docker-live capture at " + LIVE.toAbsolutePath()
                + "; skipped");
        List<String> forward = scan(files(LIVE, "events.jsonl", "dockerd.log", "stats.jsonl", "conn.log",
                "inventory.json")).stream().map(a -> a.toJson().toString()).toList();
        List<String> reversed = scan(files(LIVE, "inventory.json", "conn.log", "stats.jsonl", "dockerd.log",
                "events.jsonl")).stream().map(a -> a.toJson().toString()).toList();
        assertThat(forward).isNotEmpty();
        assertThat(reversed).isEqualTo(forward);
    }

    @Test
    void theDemoCaptureScoresTheSameWithItsPacketCapture() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DEMO), "no demo capture at " + DEMO.toAbsolutePath() + "; skipped");
        Map<String, List<String>> verdicts = judge(labels(DEMO), scan(files(DEMO, "events.jsonl", "dockerd.log",
                "stats.jsonl", "inventory.json", "appnet.pcap")));
        verdicts.forEach((name, rulesSeen) -> {
            if (name.startsWith("benign")) {
                assertThat(rulesSeen).as(name).isEmpty();
            }
        });
        assertThat(verdicts.get("ephemeral-burst")).contains("container-ephemeral-burst");
        assertThat(verdicts.get("inspect-enumeration")).contains("docker-api-inspection-sweep");
        assertThat(verdicts.get("port-scan-from-container")).contains("container-port-scan");
        assertThat(verdicts.get("cpu-hog-ephemeral")).contains("container-short-lived-cpu-burner");
        assertThat(verdicts.get("unexpected-egress-port-3333")).contains("container-mining-port-connection");
    }
}
